import { z } from 'zod/v3';
import { agentRefInput, versionOutput, withoutFlow } from './schemas';
import type { RegistryActionOptions } from './types';

export function createRollbackVersionAction({
  actionsRegistry,
  services,
  callerOf,
}: RegistryActionOptions) {
  actionsRegistry.register({
    name: 'rollback-version',
    title: 'Roll an agent back',
    description:
      "Makes an earlier published version the agent's default again (customers not pinned to a version run the default). Without `version`, goes to the published version just below the current default.",
    attributes: { readOnly: false, destructive: true, idempotent: false },
    schema: {
      input: () =>
        z.object({ agent: agentRefInput, version: z.string().optional() }),
      output: () => z.object({ version: versionOutput }),
    },
    action: async ({ input, credentials }) => {
      const version = await services.versions.rollback(
        await callerOf(credentials),
        input.agent,
        {
          ...(input.version ? { version: input.version } : {}),
        },
      );
      return { output: { version: withoutFlow(version) } };
    },
  });
}
