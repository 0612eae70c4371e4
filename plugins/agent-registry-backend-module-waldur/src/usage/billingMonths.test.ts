import { monthAmounts, openMonths } from './billingMonths';

describe('openMonths', () => {
  it('keeps the previous month open for the grace days', () => {
    expect(
      openMonths(new Date('2026-01-03T23:00:00Z'), 3).map(m => m.period),
    ).toEqual(['2025-12-01', '2026-01-01']);
    expect(
      openMonths(new Date('2026-01-04T00:00:00Z'), 3).map(m => m.period),
    ).toEqual(['2026-01-01']);
    expect(openMonths(new Date('2024-03-01T00:00:00Z'), 3)[0]).toEqual({
      year: 2024,
      month: 2,
      period: '2024-02-01',
      firstDay: '2024-02-01',
      lastDay: '2024-02-29',
      current: false,
    });
    expect(openMonths(new Date('2026-03-01T00:00:00Z'), 0)).toHaveLength(1);
  });
});

describe('monthAmounts', () => {
  const days: Record<string, number> = {
    '2026-01-10': 700,
    '2026-02-10': 500,
    '2026-03-10': 300,
  };
  const usageTotals = async (_id: string, from: string, to: string) => ({
    calls: Object.entries(days)
      .filter(([day]) => day >= from && day <= to)
      .reduce((sum, [, calls]) => sum + calls, 0),
    inputTokens: 1,
    outputTokens: 2,
    computeMs: 0,
  });
  const plan = {
    name: 'p',
    tier: 'custom' as const,
    currency: 'EUR',
    includedCalls: 100,
    prices: { perCall: '0.01' },
  };
  const month = openMonths(new Date('2026-03-20T00:00:00Z'), 0)[0];

  it('bills calls beyond the monthly quota', async () => {
    expect(
      await monthAmounts({
        access: { id: 'a', billingCycle: 'monthly' },
        plan,
        month,
        today: '2026-03-20',
        usageTotals,
      }),
    ).toEqual({ api_calls: 200, input_tokens: 1, output_tokens: 2 });
  });

  it('counts earlier months of the year against a yearly quota', async () => {
    // 1,200 a year: January and February used 1,200, so March's 300 are all billed.
    expect(
      (
        await monthAmounts({
          access: { id: 'a', billingCycle: 'yearly' },
          plan,
          month,
          today: '2026-03-20',
          usageTotals,
        })
      ).api_calls,
    ).toBe(300);
  });

  it('bills every call when the plan includes none', async () => {
    expect(
      (
        await monthAmounts({
          access: { id: 'a', billingCycle: 'monthly' },
          plan: { ...plan, includedCalls: undefined },
          month,
          today: '2026-03-20',
          usageTotals,
        })
      ).api_calls,
    ).toBe(300);
  });
});
