import { InputError } from '@backstage/errors';
import type {
  AgentPlan,
  RegistryAgent,
} from '@cmp/plugin-agent-registry-common';
import type { WaldurComponentRequest } from '../client/types';
import { divideDecimal } from '../util/decimal';

/**
 * What an agent looks like as a Waldur offering: pure functions from the registry's agent
 * to the components, plans and texts the publisher writes.
 *
 * Pricing in Waldur terms:
 * - `subscription` (fixed, monthly): the plan's monthly price. Waldur has no yearly billing
 *   unit, so an agent plan's yearly price is sold as a second Waldur plan ("Pro (yearly)")
 *   billed as twelve monthly instalments of a twelfth of it, rounded to cents.
 * - `api_calls`, `input_tokens`, `output_tokens` (usage, price 0): reported for
 *   transparency. Per-call prices are paid from the tenant's prepaid credit wallet, which
 *   the registry's gateway charges and enforces; billing them here too would charge twice.
 */

export const SUBSCRIPTION = 'subscription';
export const API_CALLS = 'api_calls';
export const INPUT_TOKENS = 'input_tokens';
export const OUTPUT_TOKENS = 'output_tokens';

export const USAGE_COMPONENT_TYPES = [API_CALLS, INPUT_TOKENS, OUTPUT_TOKENS];

export const OFFERING_COMPONENTS: WaldurComponentRequest[] = [
  {
    type: SUBSCRIPTION,
    name: 'Subscription',
    description:
      "The plan's subscription fee, billed monthly (yearly plans: a twelfth of the yearly price each month).",
    measured_unit: 'month',
    billing_type: 'fixed',
  },
  {
    type: API_CALLS,
    name: 'API calls',
    description:
      'Calls beyond the calls the plan includes (per-call prices are paid from prepaid credit, not invoiced here).',
    measured_unit: 'calls',
    billing_type: 'usage',
  },
  {
    type: INPUT_TOKENS,
    name: 'Input tokens',
    description: 'Tokens sent to the agent (not charged separately).',
    measured_unit: 'tokens',
    billing_type: 'usage',
  },
  {
    type: OUTPUT_TOKENS,
    name: 'Output tokens',
    description: 'Tokens the agent answered with (not charged separately).',
    measured_unit: 'tokens',
    billing_type: 'usage',
  },
];

export type BillingCycle = 'monthly' | 'yearly';

/** A Waldur plan as the publisher wants it. */
export type PlanSpec = {
  /** `pro` (monthly) or `pro:yearly`: how orders are mapped back to the agent plan. */
  backendId: string;
  agentPlan: string;
  billingCycle: BillingCycle;
  name: string;
  description: string;
  /** Per component type, decimal strings. */
  prices: Record<string, string>;
  quotas: Record<string, number>;
};

export function planBackendId(plan: string, cycle: BillingCycle): string {
  return cycle === 'yearly' ? `${plan}:yearly` : plan;
}

/** The agent plan and billing cycle a Waldur plan stands for; undefined if not ours. */
export function parsePlanBackendId(
  backendId: string | undefined,
): { plan: string; billingCycle: BillingCycle } | undefined {
  const match = /^([a-z0-9][a-z0-9-]*)(:yearly)?$/.exec(backendId ?? '');
  if (!match) return undefined;
  return { plan: match[1], billingCycle: match[2] ? 'yearly' : 'monthly' };
}

function describeCalls(plan: AgentPlan, cycle: BillingCycle): string {
  const perCall = plan.prices.perCall;
  if (plan.includedCalls === undefined) {
    return perCall
      ? `Every call costs ${perCall} ${plan.currency}.`
      : 'Unlimited calls.';
  }
  const included =
    cycle === 'yearly'
      ? `${plan.includedCalls * 12} calls per calendar year included`
      : `${plan.includedCalls} calls per month included`;
  return perCall
    ? `${included}; further calls cost ${perCall} ${plan.currency} each.`
    : `${included}.`;
}

/** One Waldur plan per agent plan and billing cycle it has a price for. */
export function planSpecs(
  agent: Pick<RegistryAgent, 'plans'>,
  waldurCurrency?: string,
): PlanSpec[] {
  const specs: PlanSpec[] = [];
  for (const plan of agent.plans) {
    if (waldurCurrency && plan.currency !== waldurCurrency) {
      throw new InputError(
        `Plan ${plan.name} is priced in ${plan.currency}, but Waldur bills in ${waldurCurrency}`,
      );
    }
    const title = plan.title ?? plan.name;
    const usagePrices = {
      // Paid from prepaid credit at the gateway, not invoiced (see above).
      [API_CALLS]: '0',
      [INPUT_TOKENS]: '0',
      [OUTPUT_TOKENS]: '0',
    };
    const lead = plan.description ? `${plan.description}\n\n` : '';
    const cycles: BillingCycle[] = [];
    // A plan with only a per-call price is sold monthly with no subscription fee.
    if (plan.prices.monthly || !plan.prices.yearly) cycles.push('monthly');
    if (plan.prices.yearly) cycles.push('yearly');
    for (const cycle of cycles) {
      const fee =
        cycle === 'yearly'
          ? divideDecimal(plan.prices.yearly!, 12, 2)
          : plan.prices.monthly ?? '0';
      let billed = 'No subscription fee.';
      if (cycle === 'yearly') {
        billed = `${plan.prices.yearly} ${plan.currency} per year, billed as 12 monthly payments of ${fee} ${plan.currency}.`;
      } else if (plan.prices.monthly) {
        billed = `${plan.prices.monthly} ${plan.currency} per month.`;
      }
      specs.push({
        backendId: planBackendId(plan.name, cycle),
        agentPlan: plan.name,
        billingCycle: cycle,
        name: cycle === 'yearly' ? `${title} (yearly)` : title,
        description: `${lead}${billed} ${describeCalls(plan, cycle)}`,
        prices: { [SUBSCRIPTION]: fee, ...usagePrices },
        quotas: { [SUBSCRIPTION]: 1 },
      });
    }
  }
  return specs;
}

/** How buyers call an agent: `name` in the default namespace, else `namespace:name`. */
export function agentRef(agent: Pick<RegistryAgent, 'namespace' | 'name'>) {
  return agent.namespace === 'default'
    ? agent.name
    : `${agent.namespace}:${agent.name}`;
}

export const KEY_REPORT_HEADER = 'Your API key';

/** The offering's texts; `getting_started` is a HomePort template ({backend_id} etc.). */
export function offeringTexts(
  agent: RegistryAgent,
  registryApiUrl: string,
): {
  name: string;
  description: string;
  full_description: string;
  getting_started: string;
} {
  const title = agent.title ?? agent.name;
  const ref = agentRef(agent);
  const description = agent.description ?? `The ${title} AI agent.`;
  const plans = agent.plans
    .map(plan => {
      const prices = [
        plan.prices.monthly && `${plan.prices.monthly} ${plan.currency}/month`,
        plan.prices.yearly && `${plan.prices.yearly} ${plan.currency}/year`,
        plan.prices.perCall &&
          `${plan.prices.perCall} ${plan.currency}/call beyond included`,
      ].filter(Boolean);
      return `- **${plan.title ?? plan.name}**: ${
        plan.includedCalls === undefined
          ? 'unlimited calls'
          : `${plan.includedCalls} calls/month`
      }; ${prices.join(', ')}`;
    })
    .join('\n');
  return {
    name: title.slice(0, 150),
    description: description.slice(0, 4096),
    full_description: `${description}\n\n**Plans**\n\n${plans}\n\nPublished by the Agent Registry (agent \`${ref}\`).`,
    getting_started: [
      `Your access to **${title}** is \`{backend_id}\` in the Agent Registry.`,
      '',
      `1. Your first API key is in this resource's report, section "${KEY_REPORT_HEADER}" ("Show report"). Keep it secret; rotate it in the Agent Registry once you have stored it elsewhere.`,
      `2. Call the agent: \`POST ${registryApiUrl}/v1/runtime/agents/${ref}/invoke\` with the header \`Authorization: Bearer <your key>\` and the body \`{"input": "Hello"}\`.`,
      `3. OpenAI-compatible clients: base URL \`${registryApiUrl}/v1/runtime/openai/v1\`, model \`${agent.name}\`.`,
      '',
      'No key in the report? Create one in the Agent Registry, signing in with your Waldur token.',
    ].join('\n'),
  };
}
