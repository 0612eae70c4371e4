/**
 * The Agent Registry frontend plugin (new frontend system): Agent entity page cards,
 * and later the seller pages.
 *
 * @packageDocumentation
 */
export { agentRegistryPlugin as default } from './plugin';
