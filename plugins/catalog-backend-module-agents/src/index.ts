/**
 * Catalog module that teaches the catalog the `Agent` kind.
 *
 * @packageDocumentation
 */
export { catalogModuleAgents as default } from './module';
export { AgentEntityProcessor } from './processor/AgentEntityProcessor';
