import {
  createMockDirectory,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleUnprocessed from '@backstage/plugin-catalog-backend-module-unprocessed';
import request from 'supertest';
import catalogModuleAgents from '.';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const ORG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: agent-builders }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata: { name: ai-agents }
spec: { owner: agent-builders }
`;

const AGENTS = `
apiVersion: cmp.digitlify.com/v1alpha1
kind: Agent
metadata: { name: good-agent }
spec:
  type: chat-agent
  lifecycle: production
  owner: group:default/agent-builders
  system: ai-agents
  runtime: { type: langflow, flowId: 1511c230-d446-43a7-bfc3-539e69ce05b8 }
  plans:
    - { name: starter, tier: starter, includedCalls: 1000, currency: EUR, prices: { monthly: '29.00' } }
---
apiVersion: cmp.digitlify.com/v1alpha1
kind: Agent
metadata: { name: ownerless-agent }
spec:
  type: chat-agent
  lifecycle: production
  runtime: { type: langflow, flowId: 1511c230-d446-43a7-bfc3-539e69ce05b8 }
---
apiVersion: cmp.digitlify.com/v1alpha1
kind: Agent
metadata: { name: overpriced-agent }
spec:
  type: chat-agent
  lifecycle: production
  owner: agent-builders
  runtime: { type: langflow, flowId: 1511c230-d446-43a7-bfc3-539e69ce05b8 }
  plans:
    - { name: pro, tier: pro, currency: EUR, prices: { monthly: 'lots' } }
`;

let last: unknown;
async function eventually<T>(fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for the catalog: ${JSON.stringify(last)}`,
      );
    await new Promise(r => setTimeout(r, 250));
  }
}

describe.each(databases.eachSupportedId())(
  'catalog with the agents module on %p',
  databaseId => {
    it('stores valid agents with relations and records a processing error naming the bad field', async () => {
      const dir = createMockDirectory();
      dir.setContent({ 'org.yaml': ORG, 'agents.yaml': AGENTS });
      const knex = await databases.init(databaseId);

      const backend = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleUnprocessed,
          catalogModuleAgents,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                processingInterval: { seconds: 1 },
                rules: [{ allow: ['Agent', 'Group', 'System', 'Location'] }],
                locations: [
                  { type: 'file', target: dir.resolve('org.yaml') },
                  { type: 'file', target: dir.resolve('agents.yaml') },
                ],
              },
            },
          }),
        ],
      });

      try {
        const agentEntity = await eventually(async () => {
          const res = await request(backend.server).get(
            '/api/catalog/entities/by-name/agent/default/good-agent',
          );
          last = res.body;
          const hasRelations = res.body?.relations?.length >= 2;
          return res.status === 200 && hasRelations ? res.body : undefined;
        });
        expect(agentEntity.relations).toEqual(
          expect.arrayContaining([
            { type: 'ownedBy', targetRef: 'group:default/agent-builders' },
            { type: 'partOf', targetRef: 'system:default/ai-agents' },
          ]),
        );

        const group = await eventually(async () => {
          const res = await request(backend.server).get(
            '/api/catalog/entities/by-name/group/default/agent-builders',
          );
          const ownsAgent = res.body?.relations?.some(
            (r: any) =>
              r.type === 'ownerOf' &&
              r.targetRef === 'agent:default/good-agent',
          );
          return ownsAgent ? res.body : undefined;
        });
        expect(group.metadata.name).toBe('agent-builders');

        // Entities that never processed successfully are listed by the catalog's
        // unprocessed-entities module (pending if never stitched, failed otherwise).
        const failed = await eventually(async () => {
          const entities: any[] = [];
          for (const reason of ['failed', 'pending']) {
            const res = await request(backend.server).get(
              `/api/catalog/entities/unprocessed/${reason}`,
            );
            entities.push(...(res.body?.entities ?? []));
          }
          last = entities;
          const withErrors = entities.filter(e => e.errors?.length);
          return withErrors.length >= 2 ? withErrors : undefined;
        });
        const errorsOf = (name: string) =>
          failed
            .find(e => e.unprocessed_entity.metadata.name === name)
            ?.errors.map((e: any) => e.message)
            .join('\n');
        expect(errorsOf('ownerless-agent')).toContain(
          'Agent "ownerless-agent" is invalid: spec.owner is required',
        );
        expect(errorsOf('overpriced-agent')).toContain(
          'spec.plans[0].prices.monthly must be a non-negative decimal amount',
        );

        // Invalid agents never reach the catalog's entity list.
        const list = await request(backend.server).get(
          '/api/catalog/entities?filter=kind=agent',
        );
        expect(list.body.map((e: any) => e.metadata.name)).toEqual([
          'good-agent',
        ]);
      } finally {
        await backend.stop();
      }
    });
  },
);
