import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { toYaml } from '../yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Release the next minor version of an agent picked with an EntityPicker, from the flow export in the workspace',
    example: toYaml({
      steps: [
        {
          id: 'release',
          name: 'Release the new version',
          action: 'agents:release',
          input: {
            agent: '${{ parameters.agent }}',
            bump: 'minor',
            changelog: '${{ parameters.changelog }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Create an explicit version as a draft and publish it with the registry’s own action',
    example: toYaml({
      steps: [
        {
          id: 'release',
          action: 'agents:release',
          input: {
            agent: 'agent:default/faq-bot',
            version: '2.0.0',
            changelog: 'New retrieval flow',
            publish: false,
          },
        },
        {
          id: 'publish',
          action: 'agent-registry:publish-version',
          input: {
            agent: '${{ steps.release.output.agentId }}',
            version: '${{ steps.release.output.version }}',
          },
        },
      ],
    }),
  },
];
