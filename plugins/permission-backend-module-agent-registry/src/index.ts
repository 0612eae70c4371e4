/**
 * The Agent Registry portal's permission policy, as a permission backend module.
 *
 * @packageDocumentation
 */
export { permissionModuleAgentRegistryPolicy as default } from './module';
export { AgentRegistryPermissionPolicy } from './AgentRegistryPermissionPolicy';
