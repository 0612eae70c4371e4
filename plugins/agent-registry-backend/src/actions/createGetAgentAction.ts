import { z } from 'zod/v3';
import {
  agentOutput,
  agentRefInput,
  versionOutput,
  withoutFlow,
} from './schemas';
import type { RegistryActionOptions } from './types';

export function createGetAgentAction({
  actionsRegistry,
  services,
  callerOf,
}: RegistryActionOptions) {
  actionsRegistry.register({
    name: 'get-agent',
    title: 'Get an agent',
    description:
      'Returns one agent of the Agent Registry with all its versions (newest first by semver; the default version is what customers run unless pinned).',
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: () => z.object({ agent: agentRefInput }),
      output: () =>
        z.object({ agent: agentOutput, versions: z.array(versionOutput) }),
    },
    action: async ({ input, credentials }) => {
      const caller = await callerOf(credentials);
      const agent = await services.agents.get(caller, input.agent);
      const versions = await services.versions.list(caller, agent.id);
      return { output: { agent, versions: versions.map(withoutFlow) } };
    },
  });
}
