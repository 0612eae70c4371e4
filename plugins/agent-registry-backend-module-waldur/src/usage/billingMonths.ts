import type { AgentAccess, AgentPlan } from '@cmp/plugin-agent-registry-common';
import type { AccessUsageTotals } from '@cmp/plugin-agent-registry-node';
import {
  API_CALLS,
  INPUT_TOKENS,
  OUTPUT_TOKENS,
} from '../publish/offeringSpec';

/**
 * Billing months (UTC) and the amounts reported for them.
 *
 * When is a month closed? Waldur finalises the previous month's invoices on the 1st,
 * optionally after a grace period, and a provider cannot read its buyers' invoices to see
 * their state. So the previous month is reported again during the first `closeAfterDays`
 * days of the new month (default 3; match the deployment's invoice grace period) — which
 * catches up calls made just before midnight and anything missed while Waldur or this
 * backend was down — and is closed after that.
 */

export type BillingMonth = {
  year: number;
  /** 1–12 */
  month: number;
  /** `YYYY-MM-01`, Waldur's billing_period. */
  period: string;
  firstDay: string;
  lastDay: string;
  /** The current month is still running. */
  current: boolean;
};

const pad = (n: number) => String(n).padStart(2, '0');

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function billingMonth(
  year: number,
  month: number,
  current: boolean,
): BillingMonth {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return {
    year,
    month,
    period: `${year}-${pad(month)}-01`,
    firstDay: `${year}-${pad(month)}-01`,
    lastDay: `${year}-${pad(month)}-${pad(last)}`,
    current,
  };
}

/** The months still open at `now`: the previous one (within its grace days) and this one. */
export function openMonths(now: Date, closeAfterDays: number): BillingMonth[] {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  const months: BillingMonth[] = [];
  if (now.getUTCDate() <= closeAfterDays) {
    months.push(
      month === 1
        ? billingMonth(year - 1, 12, false)
        : billingMonth(year, month - 1, false),
    );
  }
  months.push(billingMonth(year, month, true));
  return months;
}

/** Calls the quota of `cycle` includes per quota period (0: none or unlimited). */
function includedCalls(plan: AgentPlan | undefined, cycle: string): number {
  if (plan?.includedCalls === undefined) return 0;
  return cycle === 'yearly' ? plan.includedCalls * 12 : plan.includedCalls;
}

/**
 * The amounts of one access for one month, as Waldur gets them: calls beyond the plan's
 * included calls (what the gateway charges per call; for yearly plans the quota is per
 * calendar year, so earlier months of the year count against it), and all tokens.
 */
export async function monthAmounts(options: {
  access: Pick<AgentAccess, 'id' | 'billingCycle'>;
  plan: AgentPlan | undefined;
  month: BillingMonth;
  today: string;
  usageTotals: (
    accessId: string,
    fromDay: string,
    toDay: string,
  ) => Promise<AccessUsageTotals>;
}): Promise<Record<string, number>> {
  const { access, plan, month, today, usageTotals } = options;
  const toDay = month.lastDay < today ? month.lastDay : today;
  const totals = await usageTotals(access.id, month.firstDay, toDay);
  const quota = includedCalls(plan, access.billingCycle);
  let billable = Math.max(0, totals.calls - quota);
  if (access.billingCycle === 'yearly' && month.month > 1) {
    const before = (
      await usageTotals(
        access.id,
        `${month.year}-01-01`,
        billingMonth(month.year, month.month - 1, false).lastDay,
      )
    ).calls;
    billable =
      Math.max(0, before + totals.calls - quota) - Math.max(0, before - quota);
  }
  return {
    [API_CALLS]: billable,
    [INPUT_TOKENS]: totals.inputTokens,
    [OUTPUT_TOKENS]: totals.outputTokens,
  };
}
