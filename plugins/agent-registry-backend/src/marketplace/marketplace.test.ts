import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import {
  FakeMarketplace,
  fakeMarketplaceModule,
} from '../__testUtils__/fakeMarketplace';
import { startGatewayWorld } from '../__testUtils__/gatewayWorld';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const CUSTOMER_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1';
const CUSTOMER_B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2';
const hex = (n: number) => n.toString(16).padStart(32, '0');

describe.each(databases.eachSupportedId())(
  'marketplace connectors on %p',
  databaseId => {
    let world: Awaited<ReturnType<typeof startGatewayWorld>>;
    const marketplace = new FakeMarketplace();
    const api = () => marketplace.registry!;
    const alice = () => world.registry.as('user:default/alice');

    beforeAll(async () => {
      world = await startGatewayWorld(await databases.init(databaseId), {
        features: [fakeMarketplaceModule(marketplace)],
      });
    });
    afterAll(() => world.stop());

    describe('publishing', () => {
      it('puts a released agent on sale once and updates the same offering after', async () => {
        const first = await alice().post(
          '/agents/gateway-bot/marketplace/publish',
          {},
        );
        expect(first.status).toBe(200);
        expect(first.body.waldurOfferingUuid).toMatch(/^[0-9a-f]{32}$/);
        const again = await alice().post(
          '/agents/gateway-bot/marketplace/publish',
          {},
        );
        expect(again.body.waldurOfferingUuid).toBe(
          first.body.waldurOfferingUuid,
        );
        expect(marketplace.published.size).toBe(1);
        expect(
          (await alice().get('/agents/gateway-bot')).body.waldurOfferingUuid,
        ).toBe(first.body.waldurOfferingUuid);
        expect(
          await api().getAgentByOffering(first.body.waldurOfferingUuid),
        ).toMatchObject({ name: 'gateway-bot' });
      });

      it('refuses non-owners, unreleased agents and unknown marketplaces; a failing marketplace changes nothing', async () => {
        expect(
          (
            await world.registry
              .as('user:default/bob')
              .post('/agents/gateway-bot/marketplace/publish', {})
          ).status,
        ).toBe(403);
        await alice()
          .post('/agents', {
            name: 'draft-bot',
            type: 'assistant',
            owner: 'group:default/agent-builders',
            plans: [
              {
                name: 'starter',
                tier: 'starter',
                includedCalls: 10,
                currency: 'EUR',
                prices: { monthly: '1.00' },
              },
            ],
            flow: (
              await alice().get('/agents/gateway-bot/versions/1.0.0')
            ).body.flow,
          })
          .expect(201);
        const unreleased = await alice().post(
          '/agents/draft-bot/marketplace/publish',
          {},
        );
        expect(unreleased.status).toBe(409);
        expect(unreleased.body.error.message).toContain(
          'has no published version',
        );
        expect(
          (
            await alice().post('/agents/gateway-bot/marketplace/publish', {
              marketplace: 'ebay',
            })
          ).status,
        ).toBe(404);

        marketplace.failNext = true;
        await alice()
          .post('/agents/draft-bot/versions/0.1.0/publish')
          .expect(200);
        const down = await alice().post(
          '/agents/draft-bot/marketplace/publish',
          {},
        );
        expect(down.status).toBe(503);
        expect(down.body.error.message).toContain(
          'Publishing to fake failed: marketplace is down',
        );
        expect(
          (await alice().get('/agents/draft-bot')).body.waldurOfferingUuid,
        ).toBeUndefined();
      });

      it('pauses and archives an offering', async () => {
        await alice()
          .post('/agents/gateway-bot/marketplace/unpublish', { mode: 'pause' })
          .expect(200);
        expect([...marketplace.published.values()][0].state).toBe('Paused');
        const archived = await alice().post(
          '/agents/gateway-bot/marketplace/unpublish',
          { mode: 'archive' },
        );
        expect(archived.body.waldurOfferingUuid).toBeUndefined();
        expect(
          (await alice().post('/agents/gateway-bot/marketplace/unpublish', {}))
            .status,
        ).toBe(409);
        await alice()
          .post('/agents/gateway-bot/marketplace/publish', {})
          .expect(200);
      });
    });

    describe('the registry as connectors see it', () => {
      it('makes tenants and projects from marketplace customers and projects, once', async () => {
        const [t1, t2] = await Promise.all([
          api().ensureTenant({ externalId: CUSTOMER_A, name: 'Customer A' }),
          api().ensureTenant({ externalId: CUSTOMER_A, name: 'Customer A' }),
        ]);
        expect(t1.id).toBe(t2.id);
        const project = await api().ensureProject({
          tenantId: t1.id,
          externalId: hex(1),
          name: 'Project 1',
        });
        expect(
          await api().ensureProject({
            tenantId: t1.id,
            externalId: hex(1),
            name: 'renamed',
          }),
        ).toEqual(project);
        await expect(
          api().ensureTenant({ externalId: 'not-a-uuid', name: 'x' }),
        ).rejects.toThrow('must be a marketplace UUID');
      });

      it('provisions an access with a first key once per resource, even when asked concurrently', async () => {
        const agent = await api().getAgentByOffering(
          (
            await alice().get('/agents/gateway-bot')
          ).body.waldurOfferingUuid,
        );
        const tenant = await api().ensureTenant({
          externalId: CUSTOMER_A,
          name: 'Customer A',
        });
        const input = {
          tenantId: tenant.id,
          agentId: agent!.id,
          plan: 'tiny',
          externalResourceId: hex(100),
        };
        const results = await Promise.all([
          api().provisionAccess(input),
          api().provisionAccess(input),
          api().provisionAccess(input),
        ]);
        const created = results.filter(r => r.created);
        expect(created).toHaveLength(1);
        expect(new Set(results.map(r => r.access.id)).size).toBe(1);
        const key = created[0].firstKey!.secret;
        expect(results.filter(r => r.firstKey)).toHaveLength(1);
        expect((await world.invoke(key)).status).toBe(200);
        const again = await api().provisionAccess(input);
        expect(again).toMatchObject({
          created: false,
          access: { id: created[0].access.id },
        });
        expect(again.firstKey).toBeUndefined();

        await expect(
          api().provisionAccess({
            ...input,
            externalResourceId: hex(101),
            plan: 'platinum',
          }),
        ).rejects.toThrow('plan "platinum" is not offered');
      });

      it('follows plan changes, pauses and terminations, and reports usage for billing', async () => {
        const tenant = await api().ensureTenant({
          externalId: CUSTOMER_A,
          name: 'Customer A',
        });
        const agentId = world.agentId;
        const { firstKey, access } = await api().provisionAccess({
          tenantId: tenant.id,
          agentId,
          plan: 'tiny',
          externalResourceId: hex(200),
        });
        const key = firstKey!.secret;
        for (let i = 0; i < 3; i++) await world.invoke(key).expect(200);
        expect((await world.invoke(key)).status).toBe(429);
        expect(await api().changePlan(hex(200), 'race')).toMatchObject({
          plan: 'race',
        });
        expect((await world.invoke(key)).status).toBe(200); // the bigger quota applies at once

        const today = new Date().toISOString().slice(0, 10);
        const totals = await api().usageTotals(
          access.id,
          `${today.slice(0, 7)}-01`,
          today,
        );
        expect(totals).toMatchObject({
          calls: 4,
          inputTokens: expect.any(Number),
          outputTokens: expect.any(Number),
        });
        expect(
          (await api().listBillableAccess()).map(a => a.externalResourceId),
        ).toEqual(expect.arrayContaining([hex(100), hex(200)]));

        await api().setAccessState(hex(200), 'paused');
        expect((await world.invoke(key)).body.error.code).toBe('access_paused');
        await api().setAccessState(hex(200), 'active');
        await api().setAccessState(hex(200), 'terminated');
        expect((await world.invoke(key)).body.error.code).toBe('key_revoked');
        await expect(api().setAccessState(hex(200), 'active')).rejects.toThrow(
          'has ended',
        );
        expect(
          await api().setAccessState(hex(200), 'terminated'),
        ).toMatchObject({ state: 'terminated' });
      });
    });

    describe('buyers signed in through the marketplace', () => {
      let tenantA: string;
      let accessA: string;

      beforeAll(async () => {
        tenantA = (
          await api().ensureTenant({
            externalId: CUSTOMER_A,
            name: 'Customer A',
          })
        ).id;
        const tenantB = (
          await api().ensureTenant({
            externalId: CUSTOMER_B,
            name: 'Customer B',
          })
        ).id;
        accessA = (
          await api().provisionAccess({
            tenantId: tenantA,
            agentId: world.agentId,
            plan: 'unlimited',
            externalResourceId: hex(300),
          })
        ).access.id;
        await api().provisionAccess({
          tenantId: tenantB,
          agentId: world.agentId,
          plan: 'unlimited',
          externalResourceId: hex(301),
        });
        marketplace.buyers.set('tok-a', {
          actor: 'waldur:user:a',
          customerIds: [CUSTOMER_A, 'ffffffffffffffffffffffffffffffff'],
        });
      });

      const buyer = (token: string) => ({
        get: (path: string) =>
          world.registry
            .withKey(undefined)
            .get(path)
            .set('Authorization', `Token ${token}`),
        put: (path: string, body: object) =>
          world.registry
            .as('user:default/nobody')
            .put(path, body)
            .set('Authorization', `Token ${token}`),
        post: (path: string, body: object) =>
          world.registry
            .withKey(undefined)
            .post(path, body)
            .set('Authorization', `Token ${token}`),
      });

      it("sees only its customers' tenants and agents", async () => {
        const tenants = await buyer('tok-a').get('/tenants');
        expect(tenants.status).toBe(200);
        expect(tenants.body.items.map((t: any) => t.name)).toEqual([
          'Customer A',
        ]);
        const mine = await buyer('tok-a').get('/my/agents');
        expect(mine.body.items.every((a: any) => a.tenantId === tenantA)).toBe(
          true,
        );
        expect(mine.body.items.map((a: any) => a.id)).toContain(accessA);
        expect(mine.body.items[0].agent).toMatchObject({
          name: 'gateway-bot',
          type: 'chat-agent',
        });
      });

      it('configures, brands, gets keys and reads usage for its own agent', async () => {
        const overlay = await buyer('tok-a').put(
          `/tenants/${tenantA}/agents/gateway-bot/config`,
          {
            persona: { welcomeMessage: 'Hello from A' },
            branding: { displayName: 'A Helper', primaryColor: '#112233' },
          },
        );
        expect(overlay.status).toBe(200);
        expect(overlay.body.createdBy).toBe('waldur:user:a');
        const key = await buyer('tok-a').post(
          `/tenants/${tenantA}/access/${accessA}/keys`,
          { kind: 'api', name: 'mine' },
        );
        expect(key.status).toBe(201);
        expect((await world.invoke(key.body.secret)).status).toBe(200);
        const usage = await buyer('tok-a').get(`/tenants/${tenantA}/usage`);
        expect(usage.body.days.some((d: any) => d.keyId === key.body.id)).toBe(
          true,
        );
      });

      it("cannot see another customer's tenant or administer its own", async () => {
        const other = (await buyer('tok-a').get('/tenants')).body.items;
        expect(other).toHaveLength(1);
        const b = (
          await world.registry.as('user:default/paula').get('/tenants')
        ).body.items.find((t: any) => t.name === 'Customer B');
        expect((await buyer('tok-a').get(`/tenants/${b.id}`)).status).toBe(404);
        expect(
          (await buyer('tok-a').get(`/tenants/${b.id}/usage`)).status,
        ).toBe(404);
        expect(
          (await buyer('tok-a').post('/tenants', { name: 'Mine' })).status,
        ).toBe(403);
        expect(
          (
            await buyer('tok-a').post(
              `/tenants/${tenantA}/access/${accessA}/state`,
              { state: 'paused' },
            )
          ).status,
        ).toBe(403);
      });

      it('is refused with an unknown token, and outside tenant routes', async () => {
        expect((await buyer('forged').get('/tenants')).status).toBe(401);
        // Outside tenant routes a marketplace token grants nothing. (Deployed, Backstage's
        // auth policy already answers 401 there; the test backend lets any header through.)
        const agents = await buyer('tok-a').get('/agents');
        expect(agents.status === 401 || agents.body.items.length === 0).toBe(
          true,
        );
        expect(
          (await buyer('tok-a').get('/agents/gateway-bot')).status,
        ).not.toBe(200);
        const anonymous = world.registry
          .withKey(undefined)
          .get('/tenants')
          .set('Authorization', mockCredentials.none.header());
        expect((await anonymous).status).toBe(401);
      });
    });
  },
);
