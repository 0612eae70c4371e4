import type { AgentPlan } from '@cmp/plugin-agent-registry-common';
import type { AccessRecord } from '../database/DatabaseAccessStore';
import { toMicros } from '../wallet/money';

/**
 * Quotas reset per calendar period in UTC: each month for monthly plans, each year for
 * yearly plans (with twelve months' worth of calls).
 */
export function quotaPeriod(
  now: Date,
  cycle: 'monthly' | 'yearly',
): { period: string; resetsAt: Date } {
  const year = now.getUTCFullYear();
  if (cycle === 'yearly') {
    return {
      period: String(year),
      resetsAt: new Date(Date.UTC(year + 1, 0, 1)),
    };
  }
  const month = now.getUTCMonth();
  return {
    period: `${year}-${String(month + 1).padStart(2, '0')}`,
    resetsAt: new Date(Date.UTC(year, month + 1, 1)),
  };
}

export function quotaFor(
  includedCalls: number | undefined,
  cycle: 'monthly' | 'yearly',
): number | undefined {
  if (includedCalls === undefined) return undefined;
  return cycle === 'yearly' ? includedCalls * 12 : includedCalls;
}

/** What a plan asks of one call now: its quota period, the quota, the per-call price. */
export type CallTerms = {
  period: string;
  resetsAt: Date;
  /** Calls included in the period; undefined = unlimited. */
  quota?: number;
  /** The price of a call past the quota (or of every call without one), in micro-units. */
  perCall?: number;
};

type Periods = Record<'monthly' | 'yearly', { period: string; resetsAt: Date }>;

// The periods of the current month, computed once per month rather than once per call.
let thisMonth: { from: number; until: number; periods: Periods } | undefined;

function periodsAt(now: Date): Periods {
  const t = now.getTime();
  if (thisMonth && t >= thisMonth.from && t < thisMonth.until)
    return thisMonth.periods;
  const monthly = quotaPeriod(now, 'monthly');
  const periods = { monthly, yearly: quotaPeriod(now, 'yearly') };
  thisMonth = {
    from: Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1),
    until: monthly.resetsAt.getTime(),
    periods,
  };
  return periods;
}

// A plan's terms this month, per cycle: the gateway's admissions are cached, and so are
// the plans they hold, so a busy key's calls find theirs here instead of building them.
const termsOfPlans = new WeakMap<
  AgentPlan,
  { periods: Periods } & Partial<Record<'monthly' | 'yearly', CallTerms>>
>();

/** The terms of a call made at `now` (shared between calls: read-only). */
export function callTerms(
  now: Date,
  { billingCycle: cycle }: Pick<AccessRecord, 'billingCycle'>,
  plan: AgentPlan,
): Readonly<CallTerms> {
  const periods = periodsAt(now);
  let ofPlan = termsOfPlans.get(plan);
  if (ofPlan?.periods !== periods) {
    ofPlan = { periods };
    termsOfPlans.set(plan, ofPlan);
  }
  return (ofPlan[cycle] ??= {
    ...periods[cycle],
    quota: quotaFor(plan.includedCalls, cycle),
    perCall: plan.prices.perCall ? toMicros(plan.prices.perCall) : undefined,
  });
}
