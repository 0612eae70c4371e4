import type { Entity } from '@backstage/catalog-model';
import type { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { AgentEntityProcessor } from './AgentEntityProcessor';

const location = { type: 'url', target: 'http://example.com/agents.yaml' };

function agent(spec: Record<string, unknown> = {}): Entity {
  return {
    apiVersion: 'cmp.digitlify.com/v1alpha1',
    kind: 'Agent',
    metadata: { name: 'helper', namespace: 'sales' },
    spec: {
      type: 'assistant',
      lifecycle: 'experimental',
      owner: 'team-a',
      system: 'crm',
      providesApis: ['helper-invoke'],
      runtime: {
        type: 'langflow',
        flowId: '1511c230-d446-43a7-bfc3-539e69ce05b8',
        resource: 'langflow',
      },
      ...spec,
    },
  };
}

describe('AgentEntityProcessor', () => {
  const processor = new AgentEntityProcessor();

  it('claims valid agents and leaves other kinds alone', async () => {
    await expect(processor.validateEntityKind(agent())).resolves.toBe(true);
    await expect(
      processor.validateEntityKind({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
      }),
    ).resolves.toBe(false);
  });

  it('rejects an invalid agent with a message naming the field', async () => {
    await expect(
      processor.validateEntityKind(agent({ owner: undefined, type: 'robot' })),
    ).rejects.toThrow(
      /Agent "helper" is invalid: .*spec\.owner is required.*|Agent "helper" is invalid: .*spec\.type must be one of/,
    );
    await expect(
      processor.validateEntityKind(
        agent({ runtime: { type: 'langflow', flowId: 'not-a-uuid' } }),
      ),
    ).rejects.toThrow('spec.runtime.flowId must be a Langflow flow id');
  });

  it('emits every relation in both directions, resolving refs in the entity namespace', async () => {
    const emitted: CatalogProcessorResult[] = [];
    await processor.postProcessEntity(agent(), location, r => emitted.push(r));
    const relations = emitted.map(r =>
      r.type === 'relation'
        ? `${r.relation.source.kind}:${r.relation.source.namespace}/${r.relation.source.name} ${r.relation.type} ${r.relation.target.kind}:${r.relation.target.namespace}/${r.relation.target.name}`
        : r.type,
    );
    expect(relations.sort()).toEqual(
      [
        'Agent:sales/helper ownedBy Group:sales/team-a',
        'Group:sales/team-a ownerOf Agent:sales/helper',
        'Agent:sales/helper partOf System:sales/crm',
        'System:sales/crm hasPart Agent:sales/helper',
        'Agent:sales/helper providesApi API:sales/helper-invoke',
        'API:sales/helper-invoke apiProvidedBy Agent:sales/helper',
        'Agent:sales/helper dependsOn Resource:sales/langflow',
        'Resource:sales/langflow dependencyOf Agent:sales/helper',
      ].sort(),
    );
  });
});
