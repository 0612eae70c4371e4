import { z } from 'zod/v3';
import { agentRefInput, versionOutput, withoutFlow } from './schemas';
import type { RegistryActionOptions } from './types';

export function createPublishVersionAction({
  actionsRegistry,
  services,
  callerOf,
}: RegistryActionOptions) {
  actionsRegistry.register({
    name: 'publish-version',
    title: 'Publish an agent version',
    description:
      "Publishes a draft version. Published versions are immutable. The agent's default moves to it unless the default is already a higher version.",
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: () => z.object({ agent: agentRefInput, version: z.string() }),
      output: () => z.object({ version: versionOutput }),
    },
    action: async ({ input, credentials }) => {
      const version = await services.versions.publish(
        await callerOf(credentials),
        input.agent,
        input.version,
      );
      return { output: { version: withoutFlow(version) } };
    },
  });
}
