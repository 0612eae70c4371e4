/**
 * The Agent Registry backend plugin.
 *
 * @packageDocumentation
 */
export { agentRegistryPlugin as default } from './plugin';
