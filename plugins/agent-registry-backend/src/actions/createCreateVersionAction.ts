import { z } from 'zod/v3';
import { agentRefInput, versionOutput, withoutFlow } from './schemas';
import type { RegistryActionOptions } from './types';

export function createCreateVersionAction({
  actionsRegistry,
  services,
  callerOf,
}: RegistryActionOptions) {
  actionsRegistry.register({
    name: 'create-version',
    title: 'Create an agent version',
    description: `Creates a draft version of an agent from a Langflow flow export (the JSON Langflow exports for a flow).
The version must be a semantic version (e.g. 1.2.0) greater than every released version. Drafts can be changed until published.`,
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: () =>
        z.object({
          agent: agentRefInput,
          version: z.string().describe('Semantic version, e.g. 1.2.0'),
          flow: z.record(z.unknown()).describe('The Langflow flow export'),
          changelog: z.string().optional(),
        }),
      output: () => z.object({ version: versionOutput }),
    },
    action: async ({ input, credentials }) => {
      const { agent, ...body } = input;
      const version = await services.versions.createDraft(
        await callerOf(credentials),
        agent,
        body,
      );
      return { output: { version: withoutFlow(version) } };
    },
  });
}
