import { TestDatabases } from '@backstage/backend-test-utils';
import { startGatewayWorld } from '../__testUtils__/gatewayWorld';

jest.setTimeout(120_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/**
 * Two backend replicas share one database (on PostgreSQL through two connection pools, as
 * two deployed replicas would; in-memory SQLite through its one connection). Calls race
 * across both.
 */
describe.each(databases.eachSupportedId())(
  'the gateway under concurrency on %p',
  databaseId => {
    let world: Awaited<ReturnType<typeof startGatewayWorld>>;

    beforeAll(async () => {
      world = await startGatewayWorld(await databases.init(databaseId), {
        replicas: 2,
      });
    });
    afterAll(() => world.stop());

    it('lets exactly Q of N concurrent calls through a remaining quota of Q', async () => {
      const { key, accessId } = await world.subscribe('race'); // 25 calls
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          world.invoke(key, { input: `call ${i}` }, world.replicas[i % 2]),
        ),
      );
      const statuses = results.map(r => r.status);
      expect(statuses.filter(s => s === 200)).toHaveLength(25);
      expect(statuses.filter(s => s === 429)).toHaveLength(35);

      const usage = await world.registry
        .as('user:default/carol')
        .get(`/tenants/${world.tenant.id}/usage`);
      expect(
        usage.body.quotas.find((q: any) => q.accessId === accessId),
      ).toMatchObject({ used: 25, quota: 25 });
      const calls = usage.body.days
        .filter((d: any) => d.accessId === accessId)
        .reduce((n: number, d: any) => n + d.calls, 0);
      expect(calls).toBe(25);
    });

    it('never takes the wallet below zero: exactly as many paid calls as the credit covers', async () => {
      const { key } = await world.subscribe('payg'); // 0.50 per call
      await world.topUp('5.00');
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          world.invoke(key, { input: `paid ${i}` }, world.replicas[i % 2]),
        ),
      );
      expect(results.filter(r => r.status === 200)).toHaveLength(10);
      expect(results.filter(r => r.status === 402)).toHaveLength(20);
      const carol = world.registry.as('user:default/carol');
      expect(
        (await carol.get(`/tenants/${world.tenant.id}/wallet`)).body.balance,
      ).toBe('0.000000');
      const entries = await carol.get(
        `/tenants/${world.tenant.id}/wallet/entries?limit=100`,
      );
      const charges = entries.body.items.filter(
        (e: any) => e.kind === 'charge',
      );
      expect(charges).toHaveLength(10);
      expect(
        entries.body.items.every((e: any) => !e.balanceAfter.startsWith('-')),
      ).toBe(true);
    });

    it('answers a burst of one idempotency key once', async () => {
      const { key, accessId } = await world.subscribe('race');
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          world
            .invoke(key, { input: 'same' }, world.replicas[i % 2])
            .set('Idempotency-Key', 'burst-1'),
        ),
      );
      const ok = results.filter(r => r.status === 200);
      expect(ok.length).toBeGreaterThanOrEqual(1);
      expect(new Set(ok.map(r => r.body.id)).size).toBe(1);
      expect(
        results.every(
          r =>
            r.status === 200 ||
            (r.status === 409 && r.body.error.code === 'request_in_progress'),
        ),
      ).toBe(true);
      const usage = await world.registry
        .as('user:default/carol')
        .get(`/tenants/${world.tenant.id}/usage`);
      expect(
        usage.body.quotas.find((q: any) => q.accessId === accessId).used,
      ).toBe(1);
    });
  },
);
