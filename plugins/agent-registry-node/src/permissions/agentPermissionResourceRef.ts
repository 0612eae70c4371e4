import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  type RegistryAgent,
  RESOURCE_TYPE_AGENT_REGISTRY_AGENT,
} from '@cmp/plugin-agent-registry-common';

/** A query criterion the registry's agent store knows how to apply in SQL. */
export type AgentQueryFilter = {
  property: 'owner';
  values: string[];
};

/** Identifies registry agents as a permission resource of the `agent-registry` plugin. */
export const agentPermissionResourceRef = createPermissionResourceRef<
  RegistryAgent,
  AgentQueryFilter
>().with({
  pluginId: 'agent-registry',
  resourceType: RESOURCE_TYPE_AGENT_REGISTRY_AGENT,
});
