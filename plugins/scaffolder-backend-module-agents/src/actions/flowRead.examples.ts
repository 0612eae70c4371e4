import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { toYaml } from '../yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Check the flow export uploaded in a file field (format: data-url) and keep it in the workspace as flow.json',
    example: toYaml({
      steps: [
        {
          id: 'flow',
          name: 'Read the Langflow flow export',
          action: 'agents:flow:read',
          input: { file: '${{ parameters.flowFile }}' },
        },
      ],
    }),
  },
  {
    description:
      'Check a flow export that an earlier step (e.g. fetch:plain:file) put in the workspace',
    example: toYaml({
      steps: [
        {
          id: 'fetch',
          action: 'fetch:plain:file',
          input: {
            url: './flows/support.json',
            targetPath: 'flows/support.json',
          },
        },
        {
          id: 'flow',
          action: 'agents:flow:read',
          input: { path: 'flows/support.json' },
        },
      ],
    }),
  },
];
