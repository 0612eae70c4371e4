import type { AgentPlan } from '@cmp/plugin-agent-registry-common';
import { callTerms } from './quotaPeriod';

const pro: AgentPlan = {
  name: 'pro',
  tier: 'pro',
  includedCalls: 10_000,
  currency: 'EUR',
  prices: { monthly: '29.00', perCall: '0.002' },
};

describe('callTerms', () => {
  it('gives a monthly plan its calendar month and a yearly one its year, with twelve months of calls', () => {
    const now = new Date('2026-12-06T10:00:00Z');
    expect(callTerms(now, { billingCycle: 'monthly' }, pro)).toEqual({
      period: '2026-12',
      resetsAt: new Date('2027-01-01T00:00:00Z'),
      quota: 10_000,
      perCall: 2_000,
    });
    expect(callTerms(now, { billingCycle: 'yearly' }, pro)).toEqual({
      period: '2026',
      resetsAt: new Date('2027-01-01T00:00:00Z'),
      quota: 120_000,
      perCall: 2_000,
    });
  });

  it('moves a plan it has seen to the next period when the month turns', () => {
    const plan = { ...pro };
    const december = new Date('2026-12-31T23:59:59Z');
    expect(callTerms(december, { billingCycle: 'monthly' }, plan).period).toBe(
      '2026-12',
    );
    const january = new Date('2027-01-01T00:00:00Z');
    expect(callTerms(january, { billingCycle: 'monthly' }, plan)).toMatchObject(
      {
        period: '2027-01',
        resetsAt: new Date('2027-02-01T00:00:00Z'),
      },
    );
    expect(callTerms(january, { billingCycle: 'yearly' }, plan).period).toBe(
      '2027',
    );
  });

  it('leaves quota and per-call price out of an unlimited plan without one', () => {
    const enterprise: AgentPlan = {
      name: 'enterprise',
      tier: 'enterprise',
      currency: 'EUR',
      prices: { yearly: '9000.00' },
    };
    const terms = callTerms(
      new Date('2026-06-15T00:00:00Z'),
      { billingCycle: 'yearly' },
      enterprise,
    );
    expect(terms.quota).toBeUndefined();
    expect(terms.perCall).toBeUndefined();
  });
});
