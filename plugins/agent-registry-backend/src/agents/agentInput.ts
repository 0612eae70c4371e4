import {
  AGENT_PLAN_TIERS,
  AGENT_TYPES,
} from '@cmp/plugin-agent-registry-common';
import { z } from 'zod/v3';
import { configurationSchema } from '../config/configSchema';

const amount = z
  .string()
  .regex(
    /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,6})?$/,
    'must be a non-negative decimal amount such as "29.00"',
  );

export const planSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,62}$/,
        'must be a lowercase plan name such as "starter"',
      ),
    title: z.string().min(1).max(100).optional(),
    description: z.string().max(2000).optional(),
    tier: z.enum(AGENT_PLAN_TIERS),
    includedCalls: z.number().int().min(0).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as EUR'),
    prices: z
      .object({
        monthly: amount.optional(),
        yearly: amount.optional(),
        perCall: amount.optional(),
      })
      .strict()
      .refine(
        p => Object.keys(p).length > 0,
        'must set at least one of monthly, yearly, perCall',
      ),
  })
  .strict();

/** Lowercase DNS-style names: they end up in URLs, entity refs and Waldur offerings. */
export const agentNameSchema = z
  .string()
  .max(63)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be lowercase letters, digits and dashes, e.g. "support-assistant"',
  );

const metadataFields = {
  title: z.string().min(1).max(255).optional(),
  description: z.string().max(5000).optional(),
  type: z.enum(AGENT_TYPES),
  lifecycle: z.string().min(1).max(64),
  owner: z.string().min(1).max(255),
  system: z.string().min(1).max(255).optional(),
  tags: z
    .array(
      z
        .string()
        .regex(/^[a-z0-9:+#-]+$/, 'must be lowercase letters, digits, and -:+#')
        .max(63),
    )
    .max(20),
  plans: z.array(planSchema).max(20),
};

/** Body of "register an agent from a Langflow flow export". */
export const createAgentSchema = z
  .object({
    name: agentNameSchema,
    namespace: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
      .max(63)
      .default('default'),
    ...metadataFields,
    lifecycle: metadataFields.lifecycle.default('experimental'),
    tags: metadataFields.tags.default([]),
    plans: metadataFields.plans.default([]),
    flow: z.record(z.unknown()),
    flowId: z.string().uuid().optional(),
    version: z.string().default('0.1.0'),
    changelog: z.string().max(10000).optional(),
    publish: z.boolean().default(false),
    config: configurationSchema.omit({ branding: true }).optional(),
  })
  .strict();

export type CreateAgentInput = z.input<typeof createAgentSchema>;

/** Body of "update an agent's metadata". */
export const updateAgentSchema = z
  .object({
    title: metadataFields.title.nullable(),
    description: metadataFields.description.nullable(),
    type: metadataFields.type,
    lifecycle: metadataFields.lifecycle,
    owner: metadataFields.owner,
    system: metadataFields.system.nullable(),
    tags: metadataFields.tags,
    plans: metadataFields.plans,
  })
  .partial()
  .strict()
  .refine(p => Object.keys(p).length > 0, 'must change at least one field');

export type UpdateAgentInput = z.input<typeof updateAgentSchema>;
