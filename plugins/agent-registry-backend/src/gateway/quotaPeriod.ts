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
