import { mockServices } from '@backstage/backend-test-utils';
import { readWaldurConfig } from './config';

const read = (waldur?: object) =>
  readWaldurConfig(
    mockServices.rootConfig({
      data: waldur ? { agentRegistry: { waldur } } : {},
    }),
  );

const minimal = {
  url: 'https://waldur.example.com/',
  token: 'secret-token',
  categoryName: 'AI Agents',
};

describe('readWaldurConfig', () => {
  it('is undefined when not configured or switched off', () => {
    expect(read()).toBeUndefined();
    expect(read({ ...minimal, enabled: false })).toBeUndefined();
  });

  it('defaults everything but the URL and token', () => {
    expect(read({ url: minimal.url, token: minimal.token })).toEqual({
      url: 'https://waldur.example.com/',
      token: 'secret-token',
      providerCustomerUuid: undefined,
      categoryUuid: undefined,
      categoryName: 'AI Agents',
      offeringType: 'Marketplace.Slurm',
      backendIdPrefix: 'agent-registry',
      currency: undefined,
      shared: true,
      hookSecret: undefined,
      schedule: {
        orders: {
          frequency: { minutes: 1 },
          timeout: { minutes: 10 },
          initialDelay: undefined,
          scope: 'global',
        },
        usage: {
          frequency: { minutes: 30 },
          timeout: { minutes: 30 },
          initialDelay: undefined,
          scope: 'global',
        },
      },
      usage: { closeAfterDays: 3 },
      requestTimeoutMs: 30_000,
      retry: {
        attempts: undefined,
        baseDelayMs: undefined,
        maxDelayMs: undefined,
      },
      buyerCacheMs: 60_000,
      registryBaseUrl: undefined,
    });
  });

  it('reads schedules (always global) and the rest', () => {
    const config = read({
      ...minimal,
      offeringType: 'Marketplace.Basic',
      hookSecret: 'a-long-enough-secret',
      schedule: {
        orders: { frequency: { seconds: 20 }, scope: 'local' },
        usage: { frequency: 'PT1H', timeout: 'PT10M' },
      },
      usage: { closeAfterDays: 5 },
      retry: { attempts: 6 },
    })!;
    expect(config.offeringType).toBe('Marketplace.Basic');
    expect(config.schedule.orders).toMatchObject({
      frequency: { seconds: 20 },
      timeout: { minutes: 10 },
      scope: 'global',
    });
    expect(config.schedule.usage.scope).toBe('global');
    expect(config.usage.closeAfterDays).toBe(5);
    expect(config.retry.attempts).toBe(6);
  });

  it('refuses what cannot work, and takes a category uuid over the name', () => {
    expect(read({ ...minimal, categoryUuid: 'abc' })!.categoryName).toBe(
      undefined,
    );
    expect(() =>
      read({ ...minimal, offeringType: 'OpenStack.Tenant' }),
    ).toThrow(/offeringType/);
    expect(() => read({ ...minimal, hookSecret: 'short' })).toThrow(
      /at least 16/,
    );
    expect(() => read({ categoryName: 'x' })).toThrow();
  });
});
