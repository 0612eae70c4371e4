import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { createPermissionRule } from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { agentPermissionResourceRef } from './agentPermissionResourceRef';

/** Normalises an owner reference the way the catalog writes ownership claims. */
export function normalizeOwnerRef(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: 'default' }),
  );
}

/** True for agents owned by one of the claims (a user or a group the user is in). */
export const isAgentOwner = createPermissionRule({
  name: 'IS_AGENT_OWNER',
  description:
    'Allow agents owned by one of the given user or group references',
  resourceRef: agentPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs of the user and its groups (ownership claims)'),
  }),
  apply: (agent, { claims }) => claims.includes(normalizeOwnerRef(agent.owner)),
  toQuery: ({ claims }) => ({ property: 'owner', values: claims }),
});

/** All rules the registry registers for its agents. */
export const agentRegistryRules = { isAgentOwner };
