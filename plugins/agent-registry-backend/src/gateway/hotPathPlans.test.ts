import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { startGatewayWorld } from '../__testUtils__/gatewayWorld';
import { watchNamedStatements } from '../__testUtils__/namedStatements';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

/** Every plan node of an EXPLAIN (FORMAT JSON) plan, depth first. */
function nodes(plan: any): any[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/**
 * PostgreSQL plans a named statement once per connection and may then keep one generic
 * plan for it, made for the table sizes of that moment. A plan made while the tables
 * were small (a seq scan is cheapest over a few rows) would then scan the whole table on
 * every call once it has grown: the events, keys, accesses and quota counters all grow
 * with the business. So every statement the gateway names must find its rows through
 * indexes in its generic plan, planned here over near-empty tables.
 */
describe.each(databases.eachSupportedId())(
  "the gateway's statements on %p",
  databaseId => {
    let knex: Knex;
    let world: Awaited<ReturnType<typeof startGatewayWorld>>;
    const named = new Map<string, string>();

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      // The named statements the gateway sends.
      watchNamedStatements(knex, (name, text) => {
        if (text) named.set(name, text);
      });
      world = await startGatewayWorld(knex);

      await world.topUp('5.00');
      // A quota's first call and its edge, pay-per-use and overage charges, unlimited
      // calls with and without repeated idempotency keys, a key the gateway knows.
      for (const plan of ['tiny', 'payg', 'overage', 'unlimited']) {
        const { key } = await world.subscribe(plan);
        for (let i = 0; i < 4; i++) {
          const { status } = await world.invoke(key, { input: `call ${i}` });
          if (![200, 402, 429].includes(status))
            throw new Error(`${plan} call ${i} answered ${status}`);
        }
      }
      // Calls the runtime fails, given back to the quota and to the wallet.
      for (const plan of ['race', 'payg']) {
        const { key } = await world.subscribe(plan);
        world.sim.failNext(1);
        await world.invoke(key).expect(502);
      }
      const { key } = await world.subscribe('unlimited');
      for (let i = 0; i < 40; i++)
        await world
          .invoke(key, { input: 'same' })
          .set('Idempotency-Key', `order-${i % 20}`)
          .expect(200);
    });
    afterAll(async () => {
      jest.restoreAllMocks();
      await world.stop();
    });

    it('find every row through an index in their generic plans', async () => {
      expect([...named.keys()]).toEqual(
        expect.arrayContaining([
          'agent_registry_key_access_agent',
          'agent_registry_reserve_within_quota',
          'agent_registry_record_within_quota',
          'agent_registry_find_idempotency_keys',
          'agent_registry_complete_and_roll_up',
          'agent_registry_delete_pending',
          'agent_registry_give_back_to_quota',
        ]),
      );

      const scans: string[] = [];
      await knex.transaction(async tx => {
        await tx.raw('SET LOCAL plan_cache_mode = force_generic_plan');
        for (const [name, text] of named) {
          await tx.raw(`PREPARE plan_check AS ${text}`);
          const [{ parameter_types: types }] = (
            await tx.raw(
              `SELECT parameter_types::text[] AS parameter_types
                 FROM pg_prepared_statements WHERE name = 'plan_check'`,
            )
          ).rows;
          const args = (types as string[]).map(t => `NULL::${t}`).join(', ');
          const { rows } = await tx.raw(
            `EXPLAIN (FORMAT JSON) EXECUTE plan_check${
              args ? `(${args})` : ''
            }`,
          );
          await tx.raw('DEALLOCATE plan_check');
          const plan = rows[0]['QUERY PLAN'][0].Plan;
          for (const node of nodes(plan))
            if (node['Node Type'] === 'Seq Scan')
              scans.push(`${name}: Seq Scan on ${node['Relation Name']}`);
        }
      });
      expect(scans).toEqual([]);
    });

    it('are planned once per connection, not on every call', async () => {
      // PostgreSQL plans a named statement anew for each call (a custom plan) for its
      // first five calls, then keeps one generic plan if that looks no costlier.
      const { pool } = knex.client as any;
      const connections = [];
      while (pool.numFree() > 0)
        connections.push(await knex.client.acquireConnection());
      const replanned: string[] = [];
      let executions = 0;
      try {
        for (const connection of connections) {
          const { rows } = await connection.query(
            `SELECT name, generic_plans, custom_plans FROM pg_prepared_statements
              WHERE name LIKE 'agent_registry_%'`,
          );
          for (const row of rows) {
            executions += Number(row.generic_plans) + Number(row.custom_plans);
            if (Number(row.custom_plans) > 5)
              replanned.push(`${row.name}: ${row.custom_plans} custom plans`);
          }
        }
      } finally {
        for (const connection of connections)
          await knex.client.releaseConnection(connection);
      }
      expect(executions).toBeGreaterThan(100);
      expect(replanned).toEqual([]);
    });
  },
);
