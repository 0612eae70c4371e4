import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  type EventParams,
  type EventsServiceSubscribeOptions,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import agentRegistryPlugin from '@cmp/plugin-agent-registry-backend';
import request from 'supertest';
import catalogModuleAgents from '..';

jest.setTimeout(120_000);

/**
 * One in-process event bus shared by all plugins, as backend-defaults provides it; the
 * test backend's default gives each plugin its own, which would hide cross-plugin events.
 */
function sharedEventsFactory() {
  const subscribers: EventsServiceSubscribeOptions[] = [];
  const bus = {
    async publish(params: EventParams) {
      for (const s of subscribers.filter(x => x.topics.includes(params.topic)))
        await s.onEvent(params);
    },
    async subscribe(options: EventsServiceSubscribeOptions) {
      subscribers.push(options);
    },
  };
  return createServiceFactory({
    service: eventsServiceRef,
    deps: {},
    factory: () => bus,
  });
}
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const ORG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: agent-builders }
spec: { type: team, children: [] }
`;
const YAML_AGENTS = `
apiVersion: cmp.digitlify.com/v1alpha1
kind: Agent
metadata: { name: git-bot, title: Git bot }
spec:
  type: assistant
  lifecycle: production
  owner: group:default/agent-builders
  runtime: { type: langflow, flowId: 1511c230-d446-43a7-bfc3-539e69ce05b8 }
  persona: { systemPrompt: Declared in git. }
`;

const flow = {
  id: '6d1f0c9e-2b3a-4c5d-8e7f-9a0b1c2d3e4f',
  name: 'Registry flow',
  data: {
    nodes: [
      { id: 'ChatInput-a1', data: { type: 'ChatInput' } },
      { id: 'ChatOutput-b2', data: { type: 'ChatOutput' } },
    ],
    edges: [{ source: 'ChatInput-a1', target: 'ChatOutput-b2' }],
  },
};

async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} ${last ?? ''}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

describe.each(databases.eachSupportedId())(
  'registry agents in the catalog on %p',
  databaseId => {
    it('publishes registry agents with their APIs, adopts YAML agents, and never duplicates one', async () => {
      const dir = createMockDirectory();
      dir.setContent({ 'org.yaml': ORG, 'agents.yaml': YAML_AGENTS });
      const backend = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleAgents,
          agentRegistryPlugin,
          mockServices.database.factory({
            knex: await databases.init(databaseId),
          }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          sharedEventsFactory(),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                processingInterval: { seconds: 1 },
                rules: [{ allow: ['Agent', 'Group', 'API', 'Location'] }],
                locations: [
                  { type: 'file', target: dir.resolve('org.yaml') },
                  { type: 'file', target: dir.resolve('agents.yaml') },
                ],
                // Only change events can make registry changes appear within this test.
                providers: {
                  agentRegistry: {
                    schedule: {
                      frequency: { hours: 1 },
                      timeout: { minutes: 1 },
                    },
                  },
                },
              },
            },
          }),
        ],
      });
      const auth = mockCredentials.user.header('user:default/alice');
      const catalog = (path: string) =>
        request(backend.server)
          .get(`/api/catalog${path}`)
          .set('Authorization', auth);
      const registry = request.agent(backend.server);
      const entity = (kind: string, name: string) =>
        catalog(`/entities/by-name/${kind}/default/${name}`).then(r =>
          r.status === 200 ? r.body : undefined,
        );

      try {
        await eventually('the owner group', () =>
          entity('group', 'agent-builders'),
        );

        const created = await registry
          .post('/api/agent-registry/v1/agents')
          .set('Authorization', auth)
          .send({
            name: 'reg-bot',
            title: 'Registry bot',
            type: 'chat-agent',
            owner: 'group:default/agent-builders',
            flow,
            publish: true,
            version: '1.0.0',
            config: { persona: { welcomeMessage: 'Hi from the registry' } },
          });
        expect(created.status).toBe(201);

        const agent = await eventually('the registry agent', () =>
          entity('agent', 'reg-bot'),
        );
        expect(agent.metadata).toMatchObject({
          title: 'Registry bot',
          annotations: {
            'cmp.digitlify.com/agent-id': created.body.id,
            'cmp.digitlify.com/version': '1.0.0',
            'backstage.io/managed-by-location':
              expect.stringMatching(/^agent-registry:http/),
          },
        });
        expect(agent.spec).toMatchObject({
          owner: 'group:default/agent-builders',
          runtime: { type: 'langflow', flowId: flow.id },
          persona: { welcomeMessage: 'Hi from the registry' },
          providesApis: ['reg-bot-invoke-api', 'reg-bot-mcp'],
        });
        const invoke = await eventually('the invoke API', () =>
          entity('api', 'reg-bot-invoke-api'),
        );
        expect(invoke.spec.type).toBe('openapi');
        expect(JSON.parse(invoke.spec.definition).paths).toHaveProperty([
          `/v1/runtime/agents/${created.body.id}/invoke`,
        ]);
        const mcp = await eventually('the MCP API', () =>
          entity('api', 'reg-bot-mcp'),
        );
        expect(mcp.spec).toMatchObject({
          type: 'mcp-server',
          remotes: [{ type: 'streamable-http' }],
        });
        await eventually('the providesApi relation', async () =>
          (
            await entity('agent', 'reg-bot')
          )?.relations?.find(
            (r: any) =>
              r.type === 'providesApi' &&
              r.targetRef === 'api:default/reg-bot-mcp',
          ),
        );

        // The YAML agent is adopted by the registry and stays a single catalog entity.
        const adopted = await eventually('adoption of git-bot', async () => {
          await registry
            .post('/api/agent-registry/v1/catalog/adopt')
            .set('Authorization', auth)
            .expect(200);
          const res = await registry
            .get('/api/agent-registry/v1/agents/git-bot')
            .set('Authorization', auth);
          return res.status === 200 ? res.body : undefined;
        });
        expect(adopted).toMatchObject({ origin: 'catalog', title: 'Git bot' });
        const taken = await registry
          .post('/api/agent-registry/v1/agents')
          .set('Authorization', auth)
          .send({
            name: 'git-bot',
            type: 'chat-agent',
            owner: 'group:default/agent-builders',
            flow,
          });
        expect(taken.status).toBe(409);

        // A registry change shows without a restart; the YAML agent is still there once.
        await registry
          .patch('/api/agent-registry/v1/agents/reg-bot')
          .set('Authorization', auth)
          .send({ title: 'Renamed bot' })
          .expect(200);
        await eventually('the new title', async () =>
          (await entity('agent', 'reg-bot'))?.metadata.title === 'Renamed bot'
            ? true
            : undefined,
        );
        const agents = await catalog('/entities?filter=kind=agent');
        expect(agents.body.map((e: any) => e.metadata.name).sort()).toEqual([
          'git-bot',
          'reg-bot',
        ]);
        expect(
          (await entity('agent', 'git-bot')).metadata.annotations[
            'backstage.io/managed-by-location'
          ],
        ).toMatch(/^file:/);

        await registry
          .post('/api/agent-registry/v1/agents/reg-bot/archive')
          .set('Authorization', auth)
          .expect(200);
        await eventually('removal of the archived agent', async () =>
          (await entity('agent', 'reg-bot')) ? undefined : true,
        );
        expect(await entity('api', 'reg-bot-mcp')).toBeUndefined();
      } finally {
        await backend.stop();
      }
    });
  },
);
