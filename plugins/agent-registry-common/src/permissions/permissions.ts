import { createPermission } from '@backstage/plugin-permission-common';

/** Resource type of registry agents in the permission framework. */
export const RESOURCE_TYPE_AGENT_REGISTRY_AGENT = 'agent-registry-agent';

/** Register a new agent. */
export const agentCreatePermission = createPermission({
  name: 'agent-registry.agent.create',
  attributes: { action: 'create' },
});

/** See an agent, its versions, default configuration and (for sellers) its buyers. */
export const agentReadPermission = createPermission({
  name: 'agent-registry.agent.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_AGENT_REGISTRY_AGENT,
});

/**
 * Change an agent: metadata, versions (create, publish, deprecate, roll back), default
 * configuration, and which version its customers run (pin, move).
 */
export const agentUpdatePermission = createPermission({
  name: 'agent-registry.agent.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_AGENT_REGISTRY_AGENT,
});

/** Archive an agent. */
export const agentDeletePermission = createPermission({
  name: 'agent-registry.agent.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_AGENT_REGISTRY_AGENT,
});

/**
 * Read and manage every tenant's data (customers, projects, access records, overlays).
 * Without it, tenant data is visible only to the tenant's own members.
 */
export const tenantAdminPermission = createPermission({
  name: 'agent-registry.tenant.admin',
  attributes: {},
});

/** Every permission of the Agent Registry. */
export const agentRegistryPermissions = [
  agentCreatePermission,
  agentReadPermission,
  agentUpdatePermission,
  agentDeletePermission,
  tenantAdminPermission,
];
