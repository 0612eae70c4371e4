import { TestDatabases } from '@backstage/backend-test-utils';
import {
  createPublishedAgent,
  createTenant,
  grantAccess,
} from '../__testUtils__/fixtures';
import { startRegistryBackend } from '../__testUtils__/registryTestBackend';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const MISSING = '00000000-0000-4000-8000-000000000000';

describe.each(databases.eachSupportedId())(
  'tenant isolation on %p',
  databaseId => {
    let registry: Awaited<ReturnType<typeof startRegistryBackend>>;
    let a: { id: string; projectId: string };
    let b: { id: string; projectId: string };
    let accessB: string;
    let keyB: string;
    const carol = () => registry.as('user:default/carol'); // member of A only
    const dave = () => registry.as('user:default/dave'); // member of B only

    beforeAll(async () => {
      registry = await startRegistryBackend(await databases.init(databaseId));
      await createPublishedAgent(registry, 'shared-bot');
      a = await createTenant(registry, 'Tenant A', ['user:default/carol']);
      b = await createTenant(registry, 'Tenant B', ['user:default/dave']);
      await grantAccess(registry, a.id, { agent: 'shared-bot' });
      accessB = (await grantAccess(registry, b.id, { agent: 'shared-bot' })).id;
      keyB = (
        await dave()
          .post(`/tenants/${b.id}/access/${accessB}/keys`, { kind: 'api' })
          .expect(201)
      ).body.id;
      await registry
        .as('user:default/paula')
        .post(`/tenants/${b.id}/wallet/topups`, {
          amount: '5.00',
          currency: 'EUR',
        })
        .expect(200);
      await dave()
        .put(`/tenants/${b.id}/agents/shared-bot/config`, {
          persona: { welcomeMessage: 'B secret' },
        })
        .expect(200);
    });
    afterAll(() => registry.stop());

    it("lists only the caller's own tenants", async () => {
      const res = await carol().get('/tenants');
      expect(res.body.items.map((t: any) => t.name)).toEqual(['Tenant A']);
      expect(res.body.totalCount).toBe(1);
      const admin = await registry.as('user:default/paula').get('/tenants');
      expect(admin.body.items.map((t: any) => t.name)).toEqual([
        'Tenant A',
        'Tenant B',
      ]);
      const outsider = await registry.as('user:default/bob').get('/tenants');
      expect(outsider.body).toMatchObject({ items: [], totalCount: 0 });
    });

    type Route = {
      name: string;
      method: 'get' | 'post' | 'put';
      path: (t: string) => string;
      body?: object;
    };
    const routes: Route[] = [
      { name: 'tenant', method: 'get', path: t => `/tenants/${t}` },
      { name: 'projects', method: 'get', path: t => `/tenants/${t}/projects` },
      {
        name: 'new project',
        method: 'post',
        path: t => `/tenants/${t}/projects`,
        body: { name: 'sneaky' },
      },
      { name: 'members', method: 'get', path: t => `/tenants/${t}/members` },
      {
        name: 'new member',
        method: 'post',
        path: t => `/tenants/${t}/members`,
        body: { userRef: 'user:default/carol' },
      },
      { name: 'access list', method: 'get', path: t => `/tenants/${t}/access` },
      {
        name: 'new access',
        method: 'post',
        path: t => `/tenants/${t}/access`,
        body: { agent: 'shared-bot', plan: 'starter' },
      },
      {
        name: 'one access',
        method: 'get',
        path: t => `/tenants/${t}/access/${accessB}`,
      },
      {
        name: 'overlay',
        method: 'get',
        path: t => `/tenants/${t}/agents/shared-bot/config`,
      },
      {
        name: 'overlay write',
        method: 'put',
        path: t => `/tenants/${t}/agents/shared-bot/config`,
        body: { persona: { welcomeMessage: 'hacked' } },
      },
      {
        name: 'overlay history',
        method: 'get',
        path: t => `/tenants/${t}/agents/shared-bot/config/history`,
      },
      {
        name: 'effective config',
        method: 'get',
        path: t => `/tenants/${t}/agents/shared-bot/config/effective`,
      },
      {
        name: 'keys',
        method: 'get',
        path: t => `/tenants/${t}/access/${accessB}/keys`,
      },
      {
        name: 'new key',
        method: 'post',
        path: t => `/tenants/${t}/access/${accessB}/keys`,
        body: { kind: 'api' },
      },
      {
        name: 'key revocation',
        method: 'post',
        path: t => `/tenants/${t}/keys/${keyB}/revoke`,
      },
      {
        name: 'key rotation',
        method: 'post',
        path: t => `/tenants/${t}/keys/${keyB}/rotate`,
        body: {},
      },
      {
        name: 'access state',
        method: 'post',
        path: t => `/tenants/${t}/access/${accessB}/state`,
        body: { state: 'paused' },
      },
      { name: 'wallet', method: 'get', path: t => `/tenants/${t}/wallet` },
      {
        name: 'wallet settings',
        method: 'put',
        path: t => `/tenants/${t}/wallet/settings`,
        body: { lowBalance: '1.00' },
      },
      {
        name: 'wallet top-up',
        method: 'post',
        path: t => `/tenants/${t}/wallet/topups`,
        body: { amount: '1.00', currency: 'EUR' },
      },
      {
        name: 'wallet ledger',
        method: 'get',
        path: t => `/tenants/${t}/wallet/entries`,
      },
      {
        name: 'top-up requests',
        method: 'get',
        path: t => `/tenants/${t}/wallet/topup-requests`,
      },
      { name: 'usage', method: 'get', path: t => `/tenants/${t}/usage` },
    ];

    // Every tenant route, asked by a member of A about tenant B, must look exactly like a
    // request about a tenant that does not exist.
    it.each(routes)(
      "hides tenant B's $name from a member of A, like a missing tenant",
      async ({ method, path, body }) => {
        const other = await carol()[method](path(b.id), body);
        const missing = await carol()[method](path(MISSING), body);
        expect(other.status).toBe(404);
        expect(missing.status).toBe(404);
        expect(other.body.error.name).toBe(missing.body.error.name);
        expect(other.body.error.message.replace(b.id, '<id>')).toBe(
          missing.body.error.message.replace(MISSING, '<id>'),
        );
        expect(JSON.stringify(other.body)).not.toContain('B secret');
      },
    );

    it("hides B's access record even under A's own tenant id", async () => {
      const res = await carol().get(`/tenants/${a.id}/access/${accessB}`);
      expect(res.status).toBe(404);
    });

    it("leaves B's data untouched after A's attempts", async () => {
      const overlay = await dave().get(
        `/tenants/${b.id}/agents/shared-bot/config`,
      );
      expect(overlay.body).toMatchObject({
        revision: 1,
        config: { persona: { welcomeMessage: 'B secret' } },
      });
      const projects = await dave().get(`/tenants/${b.id}/projects`);
      expect(projects.body.items.map((p: any) => p.name)).toEqual([
        'Tenant B project',
      ]);
      const members = await dave().get(`/tenants/${b.id}/members`);
      expect(members.body.items).toEqual(['user:default/dave']);
      const keys = await dave().get(`/tenants/${b.id}/access/${accessB}/keys`);
      expect(keys.body.items.map((k: any) => k.state)).toEqual(['active']);
      const wallet = await dave().get(`/tenants/${b.id}/wallet`);
      expect(wallet.body).toMatchObject({ balance: '5.000000' });
      expect(wallet.body.lowBalance).toBeUndefined();
      const access = await dave().get(`/tenants/${b.id}/access/${accessB}`);
      expect(access.body.state).toBe('active');
    });

    it('lets a member work in its own tenant but not administer it', async () => {
      expect(
        (
          await carol().get(
            `/tenants/${a.id}/agents/shared-bot/config/effective`,
          )
        ).status,
      ).toBe(200);
      expect(
        (await carol().post(`/tenants/${a.id}/projects`, { name: 'mine' }))
          .status,
      ).toBe(403);
      expect(
        (
          await carol().post(`/tenants/${a.id}/access`, {
            agent: 'shared-bot',
            plan: 'starter',
          })
        ).status,
      ).toBe(403);
    });

    it('answers 404 for an agent the tenant has no access to', async () => {
      await createPublishedAgent(registry, 'unbought-bot');
      const res = await carol().get(
        `/tenants/${a.id}/agents/unbought-bot/config/effective`,
      );
      expect(res.status).toBe(404);
    });
  },
);
