import { InputError } from '@backstage/errors';
import {
  AGENT_PLAN_TIERS,
  AGENT_TYPES,
  type AgentPersona,
  type AgentPlan,
} from '@cmp/plugin-agent-registry-common';
import type { z as zod } from 'zod/v3';

/*
 * Input fields shared by the actions that describe an agent (register, catalog-info:write).
 * Optional strings carry no patterns here: templates render unset parameters as nothing or
 * as "", so values are checked in the handlers, where the message can name the field.
 */

/** A pricing plan as a template form collects it: flat prices, one object per plan. */
export const planInput = (z: typeof zod) =>
  z.object({
    name: z.string().describe('Plan name: lowercase letters, digits, dashes'),
    title: z.string().optional(),
    description: z.string().optional(),
    tier: z.enum(AGENT_PLAN_TIERS),
    includedCalls: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Calls included per billing period; leave out for unlimited'),
    currency: z
      .string()
      .optional()
      .describe('ISO 4217 code; defaults to the action input currency'),
    monthly: z
      .string()
      .optional()
      .describe('Monthly price as a decimal string, e.g. "29.00"'),
    yearly: z.string().optional().describe('Yearly price, e.g. "290.00"'),
    perCall: z.string().optional().describe('Price per call, e.g. "0.01"'),
  });

export type PlanInput = zod.infer<ReturnType<typeof planInput>>;

export const personaInput = (z: typeof zod) =>
  z
    .object({
      name: z.string().optional(),
      systemPrompt: z.string().optional(),
      welcomeMessage: z.string().optional(),
      starterPrompts: z.array(z.string()).optional(),
    })
    .describe("The agent's default persona; each customer may overlay it");

/** Fields that describe an agent, as both the registry and a catalog-info.yaml need them. */
export const agentFields = (z: typeof zod) => ({
  name: z
    .string()
    .describe(
      'Agent name: lowercase letters, digits and dashes, e.g. support-bot',
    ),
  title: z.string().optional().describe('Display name'),
  description: z
    .string()
    .optional()
    .describe("Defaults to the flow export's description"),
  type: z.enum(AGENT_TYPES).describe('What kind of agent this is'),
  owner: z
    .string()
    .describe(
      'Entity ref of the owning group or user, e.g. group:default/agent-builders',
    ),
  system: z
    .string()
    .optional()
    .describe('Entity ref of the system it is part of'),
  lifecycle: z
    .string()
    .optional()
    .describe('Lifecycle state (default experimental)'),
  tags: z.array(z.string()).optional(),
  flowPath: z
    .string()
    .optional()
    .describe('The flow export in the workspace (default flow.json)'),
  flowId: z
    .string()
    .optional()
    .describe('The Langflow flow id, when the export has none'),
  persona: personaInput(z).optional(),
  plans: z
    .array(planInput(z))
    .optional()
    .describe('Pricing plans offered to buyers'),
  currency: z
    .string()
    .optional()
    .describe('Currency of plans that name none (default EUR)'),
});

/** Treats "" (what forms and templates give for an empty field) as not set. */
export function given(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  const trimmed = value.trim();
  return trimmed ? trimmed : undefined;
}

/** Drops unset and empty fields, so the registry sees only what the user gave. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, v]) =>
        v !== undefined &&
        v !== null &&
        v !== '' &&
        !(Array.isArray(v) && v.length === 0),
    ),
  ) as T;
}

export function toPersona(
  persona: AgentPersona | undefined,
): AgentPersona | undefined {
  if (!persona) return undefined;
  const result = compact({
    name: given(persona.name),
    systemPrompt: given(persona.systemPrompt),
    welcomeMessage: given(persona.welcomeMessage),
    starterPrompts: persona.starterPrompts
      ?.map(p => given(p))
      .filter((p): p is string => !!p),
  });
  return Object.keys(result).length ? result : undefined;
}

/** Form plans (flat prices) to the registry's plans (`prices: { monthly, ... }`). */
export function toRegistryPlans(
  plans: PlanInput[] | undefined,
  defaultCurrency = 'EUR',
): AgentPlan[] {
  return (plans ?? []).map((plan, i) => {
    const prices = compact({
      monthly: given(plan.monthly),
      yearly: given(plan.yearly),
      perCall: given(plan.perCall),
    });
    if (!Object.keys(prices).length) {
      throw new InputError(
        `plans[${i}] (${plan.name}) needs at least one price: monthly, yearly or per call`,
      );
    }
    return compact({
      name: plan.name.trim(),
      title: given(plan.title),
      description: given(plan.description),
      tier: plan.tier,
      includedCalls: plan.includedCalls ?? undefined,
      currency: given(plan.currency) ?? defaultCurrency,
      prices,
    }) as AgentPlan;
  });
}
