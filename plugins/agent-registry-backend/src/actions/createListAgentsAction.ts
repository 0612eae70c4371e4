import { z } from 'zod/v3';
import { agentOutput } from './schemas';
import type { RegistryActionOptions } from './types';

export function createListAgentsAction({
  actionsRegistry,
  services,
  callerOf,
}: RegistryActionOptions) {
  actionsRegistry.register({
    name: 'list-agents',
    title: 'List agents',
    description: `Lists AI agents in the Agent Registry that the caller may see, with their default and latest published versions.
Filters: \`q\` (text in name, title or description), \`type\` (chat-agent, assistant, automation, app), \`owner\` (entity ref), \`lifecycle\`, \`tag\`.
Paging: \`limit\` (max 500, default 50) and \`offset\`; \`totalCount\` is the number of matches.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: () =>
        z.object({
          q: z
            .string()
            .optional()
            .describe('Text to look for in name, title or description'),
          type: z
            .enum(['chat-agent', 'assistant', 'automation', 'app'])
            .optional(),
          owner: z
            .string()
            .optional()
            .describe('Owner entity ref, e.g. group:default/agent-builders'),
          lifecycle: z.string().optional(),
          tag: z.string().optional(),
          limit: z.number().int().min(1).max(500).optional(),
          offset: z.number().int().min(0).optional(),
        }),
      output: () =>
        z.object({ items: z.array(agentOutput), totalCount: z.number() }),
    },
    action: async ({ input, credentials }) => {
      const page = await services.agents.list(
        await callerOf(credentials),
        input,
      );
      return { output: { items: page.items, totalCount: page.totalCount } };
    },
  });
}
