import { z } from 'zod/v3';

/** How actions name an agent: its id, its name (default namespace) or `namespace:name`. */
export const agentRefInput = z
  .string()
  .min(1)
  .describe(
    'The agent: its registry id, its name (default namespace) or "namespace:name"',
  );

export const agentOutput = z
  .object({
    id: z.string(),
    name: z.string(),
    entityRef: z.string(),
    title: z.string().optional(),
    type: z.string(),
    owner: z.string(),
    lifecycle: z.string(),
    defaultVersion: z.string().optional(),
    latestVersion: z.string().optional(),
  })
  .passthrough();

export const versionOutput = z
  .object({
    agentId: z.string(),
    version: z.string(),
    status: z.enum(['draft', 'published', 'deprecated']),
    isLatest: z.boolean(),
    isDefault: z.boolean(),
    changelog: z.string().optional(),
  })
  .passthrough();

/** Actions return versions without the (large) flow snapshot. */
export function withoutFlow<T extends { flow?: unknown }>(
  version: T,
): Omit<T, 'flow'> {
  const { flow: _flow, ...rest } = version;
  return rest;
}
