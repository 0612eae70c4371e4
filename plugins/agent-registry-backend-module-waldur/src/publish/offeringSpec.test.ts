import { parsePlanBackendId, planSpecs } from './offeringSpec';

describe('planSpecs', () => {
  it('sells each price of an agent plan as its own Waldur plan', () => {
    const specs = planSpecs({
      plans: [
        {
          name: 'pro',
          title: 'Pro',
          tier: 'pro',
          includedCalls: 100,
          currency: 'EUR',
          prices: { monthly: '10.00', yearly: '100.00', perCall: '0.000123' },
        },
        {
          name: 'payg',
          tier: 'custom',
          currency: 'EUR',
          prices: { perCall: '0.05' },
        },
      ],
    });
    expect(specs.map(s => [s.backendId, s.billingCycle, s.prices])).toEqual([
      [
        'pro',
        'monthly',
        {
          subscription: '10.00',
          api_calls: '0',
          input_tokens: '0',
          output_tokens: '0',
        },
      ],
      [
        'pro:yearly',
        'yearly',
        {
          subscription: '8.33',
          api_calls: '0',
          input_tokens: '0',
          output_tokens: '0',
        },
      ],
      [
        'payg',
        'monthly',
        {
          subscription: '0',
          api_calls: '0',
          input_tokens: '0',
          output_tokens: '0',
        },
      ],
    ]);
    expect(specs[1].description).toBe(
      '100.00 EUR per year, billed as 12 monthly payments of 8.33 EUR. 1200 calls per calendar year included; further calls cost 0.000123 EUR each.',
    );
    expect(specs[2].description).toBe(
      'No subscription fee. Every call costs 0.05 EUR.',
    );
  });

  it('maps Waldur plan backend ids back to agent plans', () => {
    expect(parsePlanBackendId('pro')).toEqual({
      plan: 'pro',
      billingCycle: 'monthly',
    });
    expect(parsePlanBackendId('pro:yearly')).toEqual({
      plan: 'pro',
      billingCycle: 'yearly',
    });
    expect(parsePlanBackendId('')).toBeUndefined();
    expect(parsePlanBackendId('Pro Plan')).toBeUndefined();
    expect(parsePlanBackendId(undefined)).toBeUndefined();
  });
});
