import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { startGatewayWorld } from '../__testUtils__/gatewayWorld';
import { watchNamedStatements } from '../__testUtils__/namedStatements';

jest.setTimeout(120_000);
// Calls are admitted ahead on PostgreSQL only (SQLite's one writer reserves and completes
// in one transaction per turn).
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

/**
 * A call of a key the gateway has read, with nothing to charge and a quota known to have
 * room to spare, runs without a write before it; its record checks the key and takes the
 * quota afterwards. Two replicas share the database, each with its own connection pool.
 */
describe.each(databases.eachSupportedId())(
  'calls admitted ahead on %p',
  databaseId => {
    let knex: Knex;
    let world: Awaited<ReturnType<typeof startGatewayWorld>>;
    const executed = new Map<string, number>();

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      // The named statements the gateway sends, counted.
      watchNamedStatements(knex, name =>
        executed.set(name, (executed.get(name) ?? 0) + 1),
      );
      world = await startGatewayWorld(knex, { replicas: 2 });
    });
    afterAll(async () => {
      jest.restoreAllMocks();
      await world.stop();
    });

    const carol = () => world.registry.as('user:default/carol');
    const usage = async (accessId: string) => {
      const { body } = await carol().get(`/tenants/${world.tenant.id}/usage`);
      return {
        quota: body.quotas.find((q: any) => q.accessId === accessId),
        calls: body.days
          .filter((d: any) => d.accessId === accessId)
          .reduce((n: number, d: any) => n + d.calls, 0),
      };
    };
    const runs = () => world.sim.stats().runCalls;

    it('writes once per call for a key it knows, and meters every call', async () => {
      const { key, accessId } = await world.subscribe('unlimited');
      executed.clear();
      for (let i = 0; i < 11; i++)
        expect((await world.invoke(key, { input: `call ${i}` })).status).toBe(
          200,
        );
      // The first call reads the key and reserves; the others are recorded after they run.
      expect(executed.get('agent_registry_reserve_within_quota')).toBe(1);
      expect(executed.get('agent_registry_record_within_quota')).toBe(10);
      expect(executed.get('agent_registry_complete_and_roll_up')).toBe(1);
      expect((await usage(accessId)).calls).toBe(11);
      const rows = await knex('usage_events').where({ access_id: accessId });
      expect(rows).toHaveLength(11);
      expect(rows.every(r => r.status === 'ok')).toBe(true);
    });

    it('refuses, uncharged, a call whose key is revoked on another replica while it runs', async () => {
      const { key, keyId, accessId } = await world.subscribe('unlimited');
      const [replicaA, replicaB] = world.replicas;
      for (let i = 0; i < 2; i++)
        expect((await world.invoke(key, undefined, replicaB)).status).toBe(200);
      world.sim.setLatency(600);
      try {
        const running = world.invoke(key, undefined, replicaB).then(r => r);
        const ranBefore = runs();
        await new Promise(resolve => setTimeout(resolve, 200));
        await replicaA
          .as('user:default/carol')
          .post(`/tenants/${world.tenant.id}/keys/${keyId}/revoke`)
          .expect(200);
        const res = await running;
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('key_revoked');
        // It did run (it was admitted ahead), and is neither counted nor recorded.
        expect(runs()).toBe(ranBefore + 1);
      } finally {
        world.sim.setLatency(0);
      }
      expect((await usage(accessId)).calls).toBe(2);
      expect(
        await knex('usage_events').where({ access_id: accessId }),
      ).toHaveLength(2);
    });

    it('charges nothing and counts nothing when the runtime fails a call run ahead', async () => {
      const { key, accessId } = await world.subscribe('roomy');
      for (let i = 0; i < 2; i++)
        expect((await world.invoke(key)).status).toBe(200);
      executed.clear();
      world.sim.failNext(1);
      expect((await world.invoke(key)).status).toBe(502);
      expect(
        executed.get('agent_registry_reserve_within_quota'),
      ).toBeUndefined();
      expect(await usage(accessId)).toMatchObject({
        calls: 2,
        quota: { used: 2, quota: 150 },
      });
      expect((await world.invoke(key)).status).toBe(200);
      expect((await usage(accessId)).quota.used).toBe(3);
    });

    it('lets exactly Q of N concurrent calls through, across two replicas, then refuses before running', async () => {
      const { key, accessId } = await world.subscribe('roomy'); // 150 calls
      // Each replica reads the key and learns the quota's room with two calls.
      for (const replica of world.replicas)
        for (let i = 0; i < 2; i++)
          expect((await world.invoke(key, undefined, replica)).status).toBe(
            200,
          );
      executed.clear();
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          world.invoke(key, { input: `call ${i}` }, world.replicas[i % 2]),
        ),
      );
      const statuses = results.map(r => r.status);
      expect(statuses.filter(s => s === 200)).toHaveLength(146);
      expect(statuses.filter(s => s === 429)).toHaveLength(54);
      expect(
        executed.get('agent_registry_record_within_quota'),
      ).toBeGreaterThan(0);
      expect(await usage(accessId)).toMatchObject({
        calls: 150,
        quota: { used: 150, quota: 150 },
      });
      expect(
        await knex('usage_events').where({ access_id: accessId }),
      ).toHaveLength(150);

      // Known to be used up now: a refused call no longer reaches the runtime.
      const ranBefore = runs();
      for (const replica of world.replicas)
        expect((await world.invoke(key, undefined, replica)).status).toBe(429);
      expect(runs()).toBe(ranBefore);
    });
  },
);
