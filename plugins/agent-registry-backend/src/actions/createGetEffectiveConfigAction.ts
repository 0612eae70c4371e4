import { z } from 'zod/v3';
import { agentRefInput } from './schemas';
import type { RegistryActionOptions } from './types';

export function createGetEffectiveConfigAction({
  actionsRegistry,
  services,
  callerOf,
}: RegistryActionOptions) {
  actionsRegistry.register({
    name: 'get-effective-config',
    title: "Get a customer's effective agent configuration",
    description:
      "Returns what a customer's copy of an agent runs with: the agent's default persona and behaviour overlaid by the customer's overlay (persona, behaviour, branding), with the revisions used.",
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: () =>
        z.object({
          tenant: z.string().describe('The tenant (customer) id'),
          agent: agentRefInput,
        }),
      output: () =>
        z.object({
          agentId: z.string(),
          tenantId: z.string(),
          config: z.object({}).passthrough(),
          defaultsRevision: z.number().optional(),
          overlayRevision: z.number().optional(),
        }),
    },
    action: async ({ input, credentials }) => ({
      output: await services.config.effective(
        await callerOf(credentials),
        input.tenant,
        input.agent,
      ),
    }),
  });
}
