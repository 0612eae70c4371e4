import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { randomUUID } from 'node:crypto';
import { DEFAULTS_TENANT } from '../database/DatabaseConfigStore';
import { RegistryDatabase } from '../database/RegistryDatabase';
import type { RegistryContext } from '../service/RegistryContext';
import { CatalogAdoption } from './CatalogAdoption';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

function agent(
  name: string,
  spec: Record<string, unknown> = {},
  location = 'url:https://git.example/agents.yaml',
): Entity {
  return {
    apiVersion: 'cmp.digitlify.com/v1alpha1',
    kind: 'Agent',
    metadata: {
      name,
      namespace: 'default',
      title: `${name} title`,
      tags: ['gitops'],
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
      },
    },
    spec: {
      type: 'assistant',
      lifecycle: 'production',
      owner: 'agent-builders',
      runtime: {
        type: 'langflow',
        flowId: '1511c230-d446-43a7-bfc3-539e69ce05b8',
      },
      persona: { systemPrompt: 'From git.' },
      plans: [
        {
          name: 'starter',
          tier: 'starter',
          includedCalls: 1000,
          currency: 'EUR',
          prices: { monthly: '9.00' },
        },
      ],
      ...spec,
    },
  };
}

describe.each(databases.eachSupportedId())(
  'catalog adoption on %p',
  databaseId => {
    let ctx: RegistryContext;
    let catalog: Entity[];
    let adoption: CatalogAdoption;

    beforeAll(async () => {
      const db = await RegistryDatabase.fromKnex(
        await databases.init(databaseId),
      );
      catalog = [];
      ctx = {
        db,
        accessControl: undefined as never, // adoption runs as the plugin itself
        auditor: mockServices.auditor.mock(),
        catalog: {
          getEntity: async ref =>
            catalog.find(e => `agent:default/${e.metadata.name}` === ref),
          listAgentEntities: async () =>
            catalog.filter(e => e.kind === 'Agent'),
        },
        notifier: { notify: async () => {} },
        now: () => new Date(),
        newId: randomUUID,
      };
      adoption = new CatalogAdoption(ctx, mockServices.logger.mock());
    });

    it('adopts YAML agents once, with their persona as the defaults, and ignores the rest', async () => {
      catalog.push(
        agent('git-bot'),
        agent(
          'registry-made',
          {},
          'agent-registry:http://localhost:7007/api/agent-registry',
        ),
        agent('broken-bot', { owner: undefined }),
      );
      const first = await adoption.run();
      expect(first).toEqual({
        adopted: ['agent:default/git-bot'],
        updated: [],
        released: [],
      });

      const record = await ctx.db.stores.agents.getByName('default', 'git-bot');
      expect(record).toMatchObject({
        origin: 'catalog',
        owner: 'group:default/agent-builders',
        title: 'git-bot title',
        sourceLocation: 'url:https://git.example/agents.yaml',
        plans: [{ name: 'starter', prices: { monthly: '9.00' } }],
      });
      const defaults = await ctx.db.stores.configs.latest(
        DEFAULTS_TENANT,
        record!.id,
      );
      expect(defaults).toMatchObject({
        revision: 1,
        config: { persona: { systemPrompt: 'From git.' } },
      });
      expect(
        await ctx.db.stores.agents.getByName('default', 'registry-made'),
      ).toBeUndefined();
      expect(
        await ctx.db.stores.agents.getByName('default', 'broken-bot'),
      ).toBeUndefined();

      expect(await adoption.run()).toEqual({
        adopted: [],
        updated: [],
        released: [],
      });
    });

    it('follows changes made in git, keeping registry-side config until the YAML persona changes', async () => {
      const record = (await ctx.db.stores.agents.getByName(
        'default',
        'git-bot',
      ))!;
      await ctx.db.stores.configs.append(
        DEFAULTS_TENANT,
        record.id,
        {
          persona: { systemPrompt: 'From git.' },
          behaviour: { temperature: 0.5 },
        },
        'user:default/alice',
        new Date().toISOString(),
      );

      catalog[0] = agent('git-bot', {
        owner: 'group:default/other-team',
        lifecycle: 'deprecated',
      });
      expect((await adoption.run()).updated).toEqual(['agent:default/git-bot']);
      expect(await ctx.db.stores.agents.get(record.id)).toMatchObject({
        owner: 'group:default/other-team',
        lifecycle: 'deprecated',
      });
      expect(
        (await ctx.db.stores.configs.latest(DEFAULTS_TENANT, record.id))
          ?.revision,
      ).toBe(2);

      catalog[0] = agent('git-bot', {
        owner: 'group:default/other-team',
        lifecycle: 'deprecated',
        persona: { systemPrompt: 'New from git.' },
      });
      await adoption.run();
      expect(
        await ctx.db.stores.configs.latest(DEFAULTS_TENANT, record.id),
      ).toMatchObject({
        revision: 3,
        config: {
          persona: { systemPrompt: 'New from git.' },
          behaviour: { temperature: 0.5 },
        },
      });
    });

    it('never takes over an agent registered through the registry', async () => {
      const now = new Date().toISOString();
      await ctx.db.stores.agents.insert({
        id: randomUUID(),
        namespace: 'default',
        name: 'clash-bot',
        type: 'chat-agent',
        lifecycle: 'experimental',
        owner: 'group:default/agent-builders',
        tags: [],
        runtime: {
          type: 'langflow',
          flowId: '1511c230-d446-43a7-bfc3-539e69ce05b8',
        },
        plans: [],
        origin: 'registry',
        createdAt: now,
        updatedAt: now,
      });
      catalog.push(agent('clash-bot'));
      const result = await adoption.run();
      expect(result.adopted).not.toContain('agent:default/clash-bot');
      expect(
        await ctx.db.stores.agents.getByName('default', 'clash-bot'),
      ).toMatchObject({ origin: 'registry', lifecycle: 'experimental' });
    });

    it('archives adopted agents whose YAML is gone, and restores them when it returns', async () => {
      const removed = catalog.splice(0, 1);
      expect((await adoption.run()).released).toEqual([
        'agent:default/git-bot',
      ]);
      expect(
        (await ctx.db.stores.agents.getByName('default', 'git-bot'))
          ?.archivedAt,
      ).toBeDefined();
      catalog.push(...removed);
      expect((await adoption.run()).updated).toEqual(['agent:default/git-bot']);
      expect(
        (await ctx.db.stores.agents.getByName('default', 'git-bot'))
          ?.archivedAt,
      ).toBeUndefined();
    });
  },
);
