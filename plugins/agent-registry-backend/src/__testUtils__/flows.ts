import { randomUUID } from 'node:crypto';

/** A minimal but real-shaped Langflow flow export (ChatInput → model → ChatOutput). */
export function flowExport(overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    name: 'Support flow',
    description: 'Answers support questions.',
    endpoint_name: null,
    is_component: false,
    last_tested_version: '1.4.3',
    tags: ['chatbots'],
    data: {
      nodes: [
        {
          id: 'ChatInput-jFwUm',
          type: 'genericNode',
          position: { x: 0, y: 0 },
          data: { type: 'ChatInput', node: { template: {} } },
        },
        {
          id: 'OpenAIModel-k3L9p',
          type: 'genericNode',
          position: { x: 1, y: 0 },
          data: {
            type: 'OpenAIModel',
            node: { template: { model_name: { value: 'gpt-4o-mini' } } },
          },
        },
        {
          id: 'ChatOutput-q8Z2d',
          type: 'genericNode',
          position: { x: 2, y: 0 },
          data: { type: 'ChatOutput', node: { template: {} } },
        },
      ],
      edges: [
        { source: 'ChatInput-jFwUm', target: 'OpenAIModel-k3L9p' },
        { source: 'OpenAIModel-k3L9p', target: 'ChatOutput-q8Z2d' },
      ],
      viewport: { x: 0, y: 0, zoom: 1 },
    },
    ...overrides,
  };
}

export const STARTER_PLAN = {
  name: 'starter',
  title: 'Starter',
  tier: 'starter',
  includedCalls: 1000,
  currency: 'EUR',
  prices: { monthly: '29.00' },
};
