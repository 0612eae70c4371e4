import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { toYaml } from '../yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Describe the agent in a catalog-info.yaml for a team that keeps its agents in git (publish it with a publish:* action; the registry adopts it)',
    example: toYaml({
      steps: [
        {
          id: 'flow',
          action: 'agents:flow:read',
          input: { file: '${{ parameters.flowFile }}' },
        },
        {
          id: 'catalogInfo',
          name: 'Write catalog-info.yaml',
          action: 'agents:catalog-info:write',
          input: {
            name: '${{ parameters.name }}',
            type: 'chat-agent',
            owner: '${{ parameters.owner }}',
            system: 'system:default/ai-agents',
            lifecycle: 'production',
            runtimeResource: 'resource:default/langflow-runtime',
            persona: { welcomeMessage: 'Hi! How can I help?' },
            plans: [
              {
                name: 'starter',
                tier: 'starter',
                includedCalls: 1000,
                monthly: '29.00',
              },
            ],
          },
        },
      ],
    }),
  },
];
