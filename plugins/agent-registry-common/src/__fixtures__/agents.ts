import type { AgentEntityV1alpha1 } from '../entity';

/** A complete, valid Agent entity for tests; copy it before changing it. */
export function validAgent(): AgentEntityV1alpha1 {
  return {
    apiVersion: 'cmp.digitlify.com/v1alpha1',
    kind: 'Agent',
    metadata: { name: 'support-assistant', title: 'Support Assistant' },
    spec: {
      type: 'chat-agent',
      lifecycle: 'production',
      owner: 'group:default/agent-builders',
      system: 'ai-agents',
      runtime: {
        type: 'langflow',
        flowId: '1511c230-d446-43a7-bfc3-539e69ce05b8',
        endpointName: 'support-assistant',
        resource: 'resource:default/langflow-runtime',
      },
      persona: {
        systemPrompt: 'You answer questions about orders.',
        welcomeMessage: 'Hi!',
        starterPrompts: ['Where is my order?'],
      },
      plans: [
        {
          name: 'starter',
          title: 'Starter',
          tier: 'starter',
          includedCalls: 1000,
          currency: 'EUR',
          prices: { monthly: '29.00', yearly: '290.00' },
        },
      ],
    },
  };
}
