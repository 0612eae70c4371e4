import { TestDatabases } from '@backstage/backend-test-utils';
import {
  createPublishedAgent,
  createTenant,
  grantAccess,
} from '../__testUtils__/fixtures';
import { startRegistryBackend } from '../__testUtils__/registryTestBackend';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'access records on %p',
  databaseId => {
    let registry: Awaited<ReturnType<typeof startRegistryBackend>>;
    const alice = () => registry.as('user:default/alice');
    const tenants: Record<string, string> = {};
    const access: Record<string, string> = {};

    beforeAll(async () => {
      registry = await startRegistryBackend(await databases.init(databaseId));
      await createPublishedAgent(registry, 'move-bot', [
        '1.0.0',
        '1.1.0',
        '1.2.0',
        '2.0.0',
      ]);
      const pins: [string, string | undefined][] = [
        ['a', '1.0.0'],
        ['b', '1.1.0'],
        ['c', '2.0.0'],
        ['d', undefined],
        ['e', '1.2.0'],
      ];
      for (const [name, pinnedVersion] of pins) {
        const tenant = await createTenant(registry, `Tenant ${name}`);
        tenants[name] = tenant.id;
        access[name] = (
          await grantAccess(registry, tenant.id, {
            agent: 'move-bot',
            pinnedVersion,
            projectId: tenant.projectId,
          })
        ).id;
      }
    });
    afterAll(() => registry.stop());

    it('lists the customers of an agent for its owner, with the version each runs', async () => {
      const res = await alice().get('/agents/move-bot/access');
      expect(res.status).toBe(200);
      const byTenant = Object.fromEntries(
        res.body.items.map((a: any) => [a.tenantId, a.effectiveVersion]),
      );
      expect(byTenant).toEqual({
        [tenants.a]: '1.0.0',
        [tenants.b]: '1.1.0',
        [tenants.c]: '2.0.0',
        [tenants.d]: '2.0.0', // follows the default
        [tenants.e]: '1.2.0',
      });
      expect(
        (await registry.as('user:default/bob').get('/agents/move-bot/access'))
          .status,
      ).toBe(403);
    });

    it('dry-runs a range move: lists who would move and changes nothing', async () => {
      const dry = await alice().post('/agents/move-bot/access/move', {
        range: '^1.0.0',
        toVersion: '1.2.0',
        dryRun: true,
      });
      expect(dry.status).toBe(200);
      expect(dry.body.dryRun).toBe(true);
      expect(
        dry.body.moved.map((m: any) => [m.tenantId, m.fromVersion]).sort(),
      ).toEqual(
        [
          [tenants.a, '1.0.0'],
          [tenants.b, '1.1.0'],
        ].sort(),
      );
      const after = await alice().get('/agents/move-bot/access');
      expect(
        after.body.items.find((a: any) => a.tenantId === tenants.a)
          .pinnedVersion,
      ).toBe('1.0.0');
    });

    it('moves every customer pinned within the range in one call', async () => {
      const res = await alice().post('/agents/move-bot/access/move', {
        range: '>=1.0.0 <1.2.0',
        toVersion: '1.2.0',
      });
      expect(res.body.moved).toHaveLength(2);
      const after = await alice().get('/agents/move-bot/access');
      const pinned = Object.fromEntries(
        after.body.items.map((a: any) => [a.tenantId, a.pinnedVersion ?? null]),
      );
      expect(pinned).toEqual({
        [tenants.a]: '1.2.0',
        [tenants.b]: '1.2.0',
        [tenants.c]: '2.0.0',
        [tenants.d]: null,
        [tenants.e]: '1.2.0',
      });
    });

    it('rejects a bad range, an unknown or draft target, and moves nobody', async () => {
      await alice()
        .post('/agents/move-bot/versions', {
          version: '2.1.0',
          flow: (
            await alice().get('/agents/move-bot/versions/2.0.0')
          ).body.flow,
        })
        .expect(201);
      const cases: [object, number, string][] = [
        [
          { range: 'not a range!', toVersion: '2.0.0' },
          400,
          'is not a semver range',
        ],
        [
          { range: '^1.0.0', toVersion: '9.9.9' },
          400,
          'is not a version of agent:default/move-bot',
        ],
        [{ range: '^1.0.0', toVersion: '2.1.0' }, 409, 'is a draft'],
        [{ range: '^1.0.0' }, 400, 'toVersion'],
      ];
      for (const [body, status, message] of cases) {
        const res = await alice().post('/agents/move-bot/access/move', body);
        expect({ body, status: res.status }).toEqual({ body, status });
        expect(res.body.error.message).toContain(message);
      }
      const after = await alice().get('/agents/move-bot/access');
      expect(
        after.body.items.filter((a: any) => a.pinnedVersion === '1.2.0'),
      ).toHaveLength(3);
    });

    it('pins one customer and unpins it again', async () => {
      const pinned = await alice().post(
        `/agents/move-bot/access/${access.d}/pin`,
        { version: '1.0.0' },
      );
      expect(pinned.status).toBe(200);
      expect(pinned.body).toMatchObject({
        pinnedVersion: '1.0.0',
        effectiveVersion: '1.0.0',
      });
      const unpinned = await alice().post(
        `/agents/move-bot/access/${access.d}/pin`,
        { version: null },
      );
      expect(unpinned.body.pinnedVersion).toBeUndefined();
      expect(unpinned.body.effectiveVersion).toBe('2.0.0');
      const bob = await registry
        .as('user:default/bob')
        .post(`/agents/move-bot/access/${access.d}/pin`, { version: '1.0.0' });
      expect(bob.status).toBe(403); // bob does not own move-bot
      const elsewhere = await alice().post(
        `/agents/move-bot/access/no-such-access/pin`,
        { version: '1.0.0' },
      );
      expect(elsewhere.status).toBe(404);
    });

    it('refuses access to a plan the agent does not have', async () => {
      const res = await registry
        .as('user:default/paula')
        .post(`/tenants/${tenants.a}/access`, {
          agent: 'move-bot',
          plan: 'platinum',
        });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'plan "platinum" is not a plan of agent:default/move-bot (starter, pro)',
      );
    });
  },
);
