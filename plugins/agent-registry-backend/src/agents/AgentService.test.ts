import { TestDatabases } from '@backstage/backend-test-utils';
import { flowExport, STARTER_PLAN } from '../__testUtils__/flows';
import {
  CATALOG_ENTITIES,
  startRegistryBackend,
} from '../__testUtils__/registryTestBackend';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const yamlAgent = {
  apiVersion: 'cmp.digitlify.com/v1alpha1',
  kind: 'Agent',
  metadata: {
    name: 'gitops-bot',
    annotations: {
      'backstage.io/managed-by-location': 'url:https://git.example/agents.yaml',
    },
  },
  spec: {
    type: 'assistant',
    lifecycle: 'production',
    owner: 'group:default/agent-builders',
    runtime: {
      type: 'langflow',
      flowId: '1511c230-d446-43a7-bfc3-539e69ce05b8',
    },
  },
};

const body = (overrides: Record<string, unknown> = {}) => ({
  name: 'perm-bot',
  title: 'Permission bot',
  type: 'chat-agent',
  owner: 'group:default/agent-builders',
  plans: [STARTER_PLAN],
  flow: flowExport(),
  ...overrides,
});

describe.each(databases.eachSupportedId())('agents on %p', databaseId => {
  let registry: Awaited<ReturnType<typeof startRegistryBackend>>;
  const as = (user: string) => registry.as(`user:default/${user}`);

  beforeAll(async () => {
    registry = await startRegistryBackend(await databases.init(databaseId), {
      entities: [...CATALOG_ENTITIES, yamlAgent],
    });
    await as('alice').post('/agents', body()).expect(201);
  });

  it('registers an agent from a flow export, keeping its flow as the first version', async () => {
    const agent = await as('alice').get('/agents/perm-bot');
    expect(agent.body).toMatchObject({
      name: 'perm-bot',
      owner: 'group:default/agent-builders',
      origin: 'registry',
      entityRef: 'agent:default/perm-bot',
      runtime: { type: 'langflow' },
      tags: ['chatbots'],
    });
    const first = await as('alice').get('/agents/perm-bot/versions/0.1.0');
    expect(first.body).toMatchObject({
      status: 'draft',
      createdBy: 'user:default/alice',
    });
    expect(first.body.flow.data.nodes.map((n: any) => n.data.type)).toEqual([
      'ChatInput',
      'OpenAIModel',
      'ChatOutput',
    ]);
    expect(agent.body.runtime.flowId).toBe(first.body.flow.id);
  });
  afterAll(() => registry.stop());

  describe('permission decisions', () => {
    it('lets everyone read', async () => {
      for (const user of ['alice', 'bob', 'carol', 'paula']) {
        expect((await as(user).get('/agents/perm-bot')).status).toBe(200);
      }
    });

    it('lets the owning group change and archive, but not others; admins may', async () => {
      expect(
        (
          await as('alice').patch('/agents/perm-bot', {
            description: 'by alice',
          })
        ).status,
      ).toBe(200);

      const bob = await as('bob').patch('/agents/perm-bot', {
        description: 'by bob',
      });
      expect(bob.status).toBe(403);
      expect(bob.body.error.message).toContain(
        'user:default/bob may not update agent:default/perm-bot',
      );
      expect(
        (
          await as('bob').post('/agents/perm-bot/versions', {
            version: '2.0.0',
            flow: flowExport(),
          })
        ).status,
      ).toBe(403);
      expect((await as('bob').post('/agents/perm-bot/archive')).status).toBe(
        403,
      );

      expect(
        (
          await as('paula').patch('/agents/perm-bot', {
            description: 'by paula',
          })
        ).status,
      ).toBe(200);
      expect((await as('alice').get('/agents/perm-bot')).body.description).toBe(
        'by paula',
      );
    });

    it('lists with filters, search and paging', async () => {
      await as('bob')
        .post(
          '/agents',
          body({
            name: 'bobs-bot',
            title: "Bob's bot",
            owner: 'group:default/other-team',
          }),
        )
        .expect(201);
      const all = await as('carol').get('/agents');
      expect(all.body.items.map((a: any) => a.name).sort()).toEqual([
        'bobs-bot',
        'perm-bot',
      ]);
      const owned = await as('carol').get(
        `/agents?owner=${encodeURIComponent('group:default/other-team')}`,
      );
      expect(owned.body.items.map((a: any) => a.name)).toEqual(['bobs-bot']);
      const search = await as('carol').get('/agents?q=PERMISSION');
      expect(search.body).toMatchObject({
        totalCount: 1,
        items: [{ name: 'perm-bot' }],
      });
      const paged = await as('carol').get('/agents?limit=1&offset=1');
      expect(paged.body).toMatchObject({ totalCount: 2, limit: 1, offset: 1 });
      expect(paged.body.items).toHaveLength(1);
    });
  });

  describe('bad input changes nothing', () => {
    async function agentNames() {
      return (
        await as('paula').get('/agents?includeArchived=true&limit=500')
      ).body.items
        .map((a: any) => a.name)
        .sort();
    }

    it.each([
      ['an unknown type', body({ name: 'bad-1', type: 'robot' }), 400, 'type'],
      [
        'a missing owner',
        (({ owner, ...rest }) => rest)(body({ name: 'bad-2' })),
        400,
        'owner',
      ],
      [
        'an owner not in the catalog',
        body({ name: 'bad-3', owner: 'group:default/ghosts' }),
        400,
        'owner group:default/ghosts does not exist in the catalog',
      ],
      [
        'a bad name',
        body({ name: 'Bad Name!' }),
        400,
        'name: must be lowercase letters, digits and dashes',
      ],
      [
        'a bad price',
        body({
          name: 'bad-4',
          plans: [{ ...STARTER_PLAN, prices: { monthly: '-1' } }],
        }),
        400,
        'prices',
      ],
      [
        'a bad semver',
        body({ name: 'bad-5', version: '1.0' }),
        400,
        'version must be a semantic version',
      ],
      [
        'a file that is not a flow export',
        body({ name: 'bad-6', flow: { hello: 'world' } }),
        400,
        'flow.name is required',
      ],
      [
        'a flow without edges',
        body({
          name: 'bad-7',
          flow: { ...flowExport(), data: { nodes: flowExport().data.nodes } },
        }),
        400,
        'flow.data.edges must be an array',
      ],
      [
        'an unknown field',
        body({ name: 'bad-8', colour: 'red' }),
        400,
        "Unrecognized key(s) in object: 'colour'",
      ],
      [
        'a name taken in the registry',
        body(),
        409,
        'Agent agent:default/perm-bot already exists',
      ],
      [
        'a name declared in YAML',
        body({ name: 'gitops-bot' }),
        409,
        'already exists in the catalog (url:https://git.example/agents.yaml)',
      ],
    ])('rejects %s', async (_, payload, status, message) => {
      const before = await agentNames();
      const res = await as('alice').post('/agents', payload);
      expect(res.status).toBe(status);
      expect(res.body.error.message).toContain(message);
      expect(await agentNames()).toEqual(before);
    });

    it('answers 413 for an oversized flow and 400 for broken JSON', async () => {
      const huge = flowExport({ description: 'x'.repeat(5 * 1024 * 1024) });
      const res = await as('alice').post(
        '/agents',
        body({ name: 'huge-bot', flow: huge }),
      );
      expect(res.status).toBe(413);
      expect(res.body.error.message).toContain('larger than the limit');
      const broken = await as('alice')
        .post('/agents')
        .set('Content-Type', 'application/json')
        .send('{"name": ');
      expect(broken.status).toBe(400);
      expect(broken.body.error.message).toContain('not valid JSON');
    });

    it('rejects unknown query parameters and values', async () => {
      expect((await as('alice').get('/agents?type=robot')).status).toBe(400);
      expect((await as('alice').get('/agents?colour=red')).status).toBe(400);
      expect((await as('alice').get('/agents?limit=100000')).status).toBe(400);
    });

    it('answers 404 for an unknown agent', async () => {
      const res = await as('alice').get('/agents/no-such-bot');
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('No agent "no-such-bot"');
    });
  });

  it('archives: gone from lists, still readable, archive is idempotent', async () => {
    await as('alice')
      .post('/agents', body({ name: 'old-bot' }))
      .expect(201);
    const archived = await as('alice').post('/agents/old-bot/archive');
    expect(archived.body.archived).toBe(true);
    expect((await as('alice').post('/agents/old-bot/archive')).status).toBe(
      200,
    );
    const list = await as('alice').get('/agents');
    expect(list.body.items.map((a: any) => a.name)).not.toContain('old-bot');
    expect(
      (await as('alice').get('/agents?includeArchived=true')).body.items.map(
        (a: any) => a.name,
      ),
    ).toContain('old-bot');
  });
});
