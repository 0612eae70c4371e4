import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { toYaml } from '../yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register an agent from the flow export in the workspace and publish its first version in the same registry transaction',
    example: toYaml({
      steps: [
        {
          id: 'register',
          name: 'Register the agent',
          action: 'agents:register',
          input: {
            name: '${{ parameters.name }}',
            title: '${{ parameters.title }}',
            type: 'chat-agent',
            owner: '${{ parameters.owner }}',
            system: '${{ parameters.system }}',
            flowPath: 'flow.json',
            version: '1.0.0',
            changelog: 'First version',
            publish: true,
            persona: {
              systemPrompt: '${{ parameters.systemPrompt }}',
              welcomeMessage: '${{ parameters.welcomeMessage }}',
            },
            plans: [
              {
                name: 'starter',
                tier: 'starter',
                includedCalls: 1000,
                monthly: '29.00',
                yearly: '290.00',
              },
              { name: 'enterprise', tier: 'enterprise', monthly: '499.00' },
            ],
            currency: 'EUR',
          },
        },
      ],
    }),
  },
  {
    description:
      'Register as a draft only (publish later, e.g. with agent-registry:publish-version)',
    example: toYaml({
      steps: [
        {
          id: 'register',
          action: 'agents:register',
          input: {
            name: 'lead-scorer',
            type: 'automation',
            owner: 'group:default/agent-builders',
            version: '0.1.0',
            publish: false,
          },
        },
      ],
    }),
  },
];
