/**
 * Catalog module of the Agent Registry: the `Agent` kind processor and the provider that
 * publishes registry agents as entities.
 *
 * @packageDocumentation
 */
export { catalogModuleAgents as default } from './module';
export { AgentEntityProcessor } from './processor/AgentEntityProcessor';
export { AgentRegistryEntityProvider } from './provider/AgentRegistryEntityProvider';
