import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { ServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import agentRegistryPlugin from '@cmp/plugin-agent-registry-backend';
import {
  basicPromptingFlow,
  startLangflowSimulator,
} from '@cmp/langflow-simulator';
import { seedDemoWorld, startWaldurSimulator } from '@cmp/waldur-simulator';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { agentRegistryModuleWaldur } from './module';
import { KEY_REPORT_HEADER } from './publish/offeringSpec';

jest.setTimeout(120_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

type Scheduler = {
  factory(options?: { skipTaskRunOnStartup?: boolean }): ServiceFactory;
  triggerTask(id: string): Promise<void>;
};

/**
 * The whole loop with nothing faked but the two outside services: the real registry plugin
 * and this module in one Backstage backend, the Langflow simulator answering, the Waldur
 * simulator playing the marketplace and HomePort's buyers. Scheduled tasks are run one
 * poll at a time.
 */
async function startLoop(knex: Knex) {
  const waldur = await startWaldurSimulator({
    seed: randomUUID(),
    log: () => {},
  });
  const demo = seedDemoWorld(waldur);
  const langflow = await startLangflowSimulator({
    apiKeys: ['sk-sim'],
    flows: [basicPromptingFlow],
  });
  const scheduler = mockServices.scheduler() as unknown as Scheduler;
  const backend = await startTestBackend({
    features: [
      agentRegistryPlugin,
      agentRegistryModuleWaldur,
      scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.database.factory({ knex }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'agent-builders' },
            spec: { type: 'team', children: [] },
          },
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          agentRegistry: {
            runtimes: { langflow: { baseUrl: langflow.url, apiKey: 'sk-sim' } },
            waldur: {
              url: waldur.url,
              token: demo.registry.token,
              categoryName: 'AI Agents',
              retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
            },
          },
        },
      }),
    ],
  });
  const api = '/api/agent-registry/v1';
  const seller = mockCredentials.user.header('user:default/alice');
  const http = {
    seller: {
      post: (path: string, body?: object) =>
        request(backend.server)
          .post(api + path)
          .set('Authorization', seller)
          .send(body),
      get: (path: string) =>
        request(backend.server)
          .get(api + path)
          .set('Authorization', seller),
    },
    buyer: (token: string) => ({
      get: (path: string) =>
        request(backend.server)
          .get(api + path)
          .set('Authorization', `Token ${token}`),
    }),
    invoke: (key: string) =>
      request(backend.server)
        .post(`${api}/runtime/agents/loop-bot/invoke`)
        .set('Authorization', `Bearer ${key}`)
        .send({ input: 'Where is my order?' }),
  };
  const poll = {
    orders: () => scheduler.triggerTask('agent-registry-waldur-orders'),
    usage: () => scheduler.triggerTask('agent-registry-waldur-usage'),
  };
  return {
    waldur,
    demo,
    http,
    poll,
    stop: async () => {
      await backend.stop();
      await waldur.stop();
      await langflow.stop();
    },
  };
}

async function publishAgent(loop: Awaited<ReturnType<typeof startLoop>>) {
  const created = await loop.http.seller.post('/agents', {
    name: 'loop-bot',
    title: 'Loop Bot',
    type: 'chat-agent',
    owner: 'group:default/agent-builders',
    flow: basicPromptingFlow,
    version: '1.0.0',
    publish: true,
    plans: [
      {
        name: 'starter',
        title: 'Starter',
        tier: 'starter',
        includedCalls: 2,
        currency: 'EUR',
        prices: { monthly: '10.00', perCall: '0.10' },
      },
    ],
  });
  expect(created.status).toBe(201);
  const published = await loop.http.seller.post(
    '/agents/loop-bot/marketplace/publish',
    {},
  );
  expect(published.status).toBe(200);
  return published.body.waldurOfferingUuid as string;
}

function order(
  loop: Awaited<ReturnType<typeof startLoop>>,
  offeringUuid: string,
  buyer = 0,
) {
  const plan = loop.waldur
    .state()
    .plans.find(
      p =>
        p.backend_id === 'starter' &&
        String(p.offering).includes(offeringUuid) &&
        !p.archived,
    )!;
  const { user, project } = loop.demo.buyers[buyer];
  return loop.waldur.createOrder({
    user: user.username,
    offering: offeringUuid,
    plan: plan.uuid,
    project: project.uuid,
    attributes: { name: 'loop' },
  });
}

const resourceOf = (
  loop: Awaited<ReturnType<typeof startLoop>>,
  uuid: string,
) => loop.waldur.state().resources.find(r => r.uuid === uuid)!;
type ReportSection = { header: string; body: string };
const keyOf = (resource: Record<string, unknown>) =>
  (resource.report as ReportSection[] | undefined)
    ?.find(s => s.header === KEY_REPORT_HEADER)
    ?.body.split('\n')[0];

describe.each(databases.eachSupportedId())(
  'the marketplace loop on %p',
  databaseId => {
    it('publish → order → key → calls → usage in Waldur → buyer view → termination', async () => {
      const loop = await startLoop(await databases.init(databaseId));
      try {
        const offeringUuid = await publishAgent(loop);
        const offering = loop.waldur
          .state()
          .offerings.find(o => o.uuid === offeringUuid)!;
        expect(offering).toMatchObject({ name: 'Loop Bot', state: 'Active' });

        // A buyer orders in HomePort; one poll later the access and its key exist.
        const placed = order(loop, offeringUuid);
        await loop.poll.orders();
        expect(
          loop.waldur.state().orders.find(o => o.uuid === placed.uuid)!.state,
        ).toBe('done');
        const resource = resourceOf(loop, placed.marketplace_resource_uuid);
        const key = keyOf(resource)!;
        expect(key).toMatch(/^agr_api_/);
        const mine = await loop.http
          .buyer(loop.demo.buyers[0].user.token)
          .get('/my/agents');
        expect(mine.body.items).toHaveLength(1);
        expect(mine.body.items[0]).toMatchObject({
          agent: { name: 'loop-bot' },
          plan: 'starter',
          state: 'active',
          waldurResourceUuid: resource.uuid,
        });
        expect(resource.backend_id).toBe(mine.body.items[0].id);

        // Three calls: two included, one paid from prepaid credit.
        const tenantId = mine.body.items[0].tenantId;
        await loop.http.seller
          .post(`/tenants/${tenantId}/wallet/topups`, {
            amount: '1.00',
            currency: 'EUR',
          })
          .expect(200);
        const answers: Array<{
          charged?: unknown;
          usage: { inputTokens: number; outputTokens: number };
        }> = [];
        for (let i = 0; i < 3; i++) {
          const res = await loop.http.invoke(key);
          expect(res.status).toBe(200);
          answers.push(res.body);
        }
        expect(answers[2].charged).toEqual({
          amount: '0.100000',
          currency: 'EUR',
        });

        // Month-to-date usage reaches Waldur with the right amounts.
        await loop.poll.usage();
        const usages = loop.waldur
          .state()
          .usages.filter(u => u.resource_uuid === resource.uuid);
        const amount = (type: string) =>
          Number(usages.find(u => u.type === type)?.usage);
        const sum = (field: 'inputTokens' | 'outputTokens') =>
          answers.reduce((n, a) => n + a.usage[field], 0);
        expect(amount('api_calls')).toBe(1);
        expect(amount('input_tokens')).toBe(sum('inputTokens'));
        expect(amount('output_tokens')).toBe(sum('outputTokens'));
        await loop.poll.usage(); // re-sending is harmless
        expect(
          loop.waldur
            .state()
            .usages.filter(u => u.resource_uuid === resource.uuid),
        ).toHaveLength(usages.length);

        // The buyer sees its usage with its Waldur token; another customer's buyer sees nothing of it.
        const usage = await loop.http
          .buyer(loop.demo.buyers[0].user.token)
          .get(`/tenants/${tenantId}/usage`);
        expect(usage.body.totals.calls).toBe(3);
        const bob = loop.http.buyer(loop.demo.buyers[1].user.token);
        expect((await bob.get('/my/agents')).body.items).toEqual([]);
        expect((await bob.get(`/tenants/${tenantId}/usage`)).status).toBe(404);
        expect(
          (await loop.http.buyer('forged-token').get('/my/agents')).status,
        ).toBe(401);

        // The buyer terminates in HomePort; after the next poll the key stops working.
        loop.waldur.terminateResource({
          user: loop.demo.buyers[0].user.username,
          resource: resource.uuid!,
        });
        await loop.poll.orders();
        const ended = await loop.http.invoke(key);
        expect(ended.status).toBe(401);
        expect(ended.body.error.code).toBe('key_revoked');
        expect(
          (
            await loop.http
              .buyer(loop.demo.buyers[0].user.token)
              .get('/my/agents')
          ).body.items[0].state,
        ).toBe('terminated');
      } finally {
        await loop.stop();
      }
    });

    it('recovers from Waldur going away mid-loop with no duplicate and no loss', async () => {
      const loop = await startLoop(await databases.init(databaseId));
      try {
        const offeringUuid = await publishAgent(loop);
        const placed = order(loop, offeringUuid);

        // Waldur is down for a whole poll: nothing happens, nothing breaks.
        await loop.waldur.setDown(true);
        await loop.poll.orders();
        await loop.waldur.setDown(false);
        expect(
          (await loop.http.seller.get('/agents/loop-bot/access')).body.items,
        ).toEqual([]);

        // Waldur fails after the access was provisioned, before the order is done.
        loop.waldur.failNext(
          `/api/marketplace-orders/${placed.uuid}/set_state_done/`,
          5,
          503,
        );
        await loop.poll.orders();
        expect(
          loop.waldur.state().orders.find(o => o.uuid === placed.uuid)!.state,
        ).toBe('executing');
        loop.waldur.clearFaults();
        await loop.poll.orders();
        await loop.poll.orders();
        expect(
          loop.waldur.state().orders.find(o => o.uuid === placed.uuid)!.state,
        ).toBe('done');
        const accesses = (await loop.http.seller.get('/agents/loop-bot/access'))
          .body.items;
        expect(accesses).toHaveLength(1);
        const key = keyOf(resourceOf(loop, placed.marketplace_resource_uuid))!;
        expect((await loop.http.invoke(key)).status).toBe(200);
        expect((await loop.http.invoke(key)).status).toBe(200);

        // Usage made while Waldur is down is reported once it is back.
        await loop.waldur.setDown(true);
        await loop.poll.usage();
        await loop.waldur.setDown(false);
        await loop.poll.usage();
        const usages = loop.waldur
          .state()
          .usages.filter(
            u => u.resource_uuid === placed.marketplace_resource_uuid,
          );
        expect(Number(usages.find(u => u.type === 'api_calls')?.usage)).toBe(0);
        expect(
          Number(usages.find(u => u.type === 'input_tokens')?.usage),
        ).toBeGreaterThan(0);
        expect(
          loop.waldur.state().offerings.filter(o => o.name === 'Loop Bot'),
        ).toHaveLength(1);
      } finally {
        await loop.stop();
      }
    });
  },
);
