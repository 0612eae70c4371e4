import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as jsYaml from 'js-yaml';
import { validateAgentEntity } from '@cmp/plugin-agent-registry-common';
import {
  actionContext,
  outputsOf,
  workspaceWith,
} from '../__testUtils__/actionContext';
import { sampleFlow } from '../__testUtils__/flows';
import { createCatalogInfoWriteAction } from './catalogInfoWrite';

const { load } = jsYaml as unknown as { load(text: string): unknown };

describe('agents:catalog-info:write', () => {
  const action = createCatalogInfoWriteAction();
  const input = {
    name: 'support-bot',
    title: 'Support Bot',
    type: 'chat-agent' as const,
    owner: 'agent-builders',
    system: 'ai-agents',
    lifecycle: 'production',
    runtimeResource: 'langflow-runtime',
    persona: { welcomeMessage: 'Hi!', systemPrompt: '' },
    plans: [
      {
        name: 'starter',
        tier: 'starter' as const,
        includedCalls: 1000,
        monthly: '29.00',
        yearly: '',
      },
    ],
  };

  it('writes a valid Agent entity for the flow in the workspace', async () => {
    const workspace = workspaceWith({
      'flow.json': JSON.stringify(sampleFlow()),
    });
    const ctx = actionContext(input, { workspacePath: workspace.path });
    await action.handler(ctx);
    expect(outputsOf(ctx)).toEqual({
      filePath: 'catalog-info.yaml',
      entityRef: 'agent:default/support-bot',
    });
    const entity = load(
      readFileSync(join(workspace.path, 'catalog-info.yaml'), 'utf8'),
    );
    expect(entity).toEqual({
      apiVersion: 'cmp.digitlify.com/v1alpha1',
      kind: 'Agent',
      metadata: {
        name: 'support-bot',
        title: 'Support Bot',
        description: 'Answers customer support questions about Acme Widgets.',
        tags: ['chatbots', 'support'],
      },
      spec: {
        type: 'chat-agent',
        lifecycle: 'production',
        owner: 'group:default/agent-builders',
        system: 'system:default/ai-agents',
        runtime: {
          type: 'langflow',
          flowId: '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
          endpointName: 'support-bot',
          resource: 'resource:default/langflow-runtime',
        },
        persona: { welcomeMessage: 'Hi!' },
        plans: [
          {
            name: 'starter',
            tier: 'starter',
            includedCalls: 1000,
            currency: 'EUR',
            prices: { monthly: '29.00' },
          },
        ],
      },
    });
    expect(validateAgentEntity(entity)).toEqual([]);
  });

  it('refuses an agent the catalog would refuse, naming the fields', async () => {
    const workspace = workspaceWith({
      'flow.json': JSON.stringify({ ...sampleFlow(), id: undefined }),
    });
    await expect(
      action.handler(actionContext(input, { workspacePath: workspace.path })),
    ).rejects.toThrow(
      'The flow export has no id: export the flow from Langflow again, or give the flow id as flowId',
    );
    const ctx = actionContext(
      {
        ...input,
        flowId: '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        plans: [
          {
            name: 'starter',
            tier: 'starter' as const,
            monthly: 'lots',
            currency: 'euro',
          },
        ],
      },
      { workspacePath: workspace.path },
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      /^Agent "support-bot" is invalid: .*spec\.plans\[0\]\.currency.*spec\.plans\[0\]\.prices\.monthly/,
    );
  });
});
