import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { toYaml } from '../yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Put an agent on sale on the marketplace the registry is connected to',
    example: toYaml({
      steps: [
        {
          id: 'marketplace',
          name: 'Publish to the marketplace',
          action: 'agents:publish-marketplace',
          input: { agent: '${{ parameters.agent }}' },
        },
      ],
      output: {
        links: [
          {
            title: 'Offering',
            url: '${{ steps.marketplace.output.offeringUrl }}',
          },
        ],
      },
    }),
  },
  {
    description:
      'Name the marketplace when the registry has several connectors',
    example: toYaml({
      steps: [
        {
          id: 'marketplace',
          action: 'agents:publish-marketplace',
          input: { agent: 'agent:default/faq-bot', marketplace: 'waldur' },
        },
      ],
    }),
  },
];
