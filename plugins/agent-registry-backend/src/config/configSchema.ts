import { z } from 'zod/v3';
import { isCssColor } from './cssColor';

const color = z
  .string()
  .max(64)
  .refine(
    isCssColor,
    'must be a CSS colour such as "#0a7cff", "rgb(10 124 255)" or "teal"',
  );

export const personaSchema = z
  .object({
    name: z.string().min(1).max(100).optional(),
    systemPrompt: z.string().max(20000).optional(),
    welcomeMessage: z.string().max(2000).optional(),
    starterPrompts: z.array(z.string().min(1).max(500)).max(10).optional(),
  })
  .strict();

export const behaviourSchema = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().min(1).max(200000).optional(),
    allowedTools: z.array(z.string().min(1).max(100)).max(100).optional(),
  })
  .strict();

export const brandingSchema = z
  .object({
    displayName: z.string().min(1).max(100).optional(),
    iconUrl: z
      .string()
      .max(2048)
      .url()
      .refine(u => /^https?:\/\//.test(u), 'must be an http(s) URL')
      .optional(),
    primaryColor: color.optional(),
    accentColor: color.optional(),
    backgroundColor: color.optional(),
    textColor: color.optional(),
  })
  .strict();

/** A configuration: agent defaults use persona and behaviour; overlays also branding. */
export const configurationSchema = z
  .object({
    persona: personaSchema.optional(),
    behaviour: behaviourSchema.optional(),
    branding: brandingSchema.optional(),
  })
  .strict();
