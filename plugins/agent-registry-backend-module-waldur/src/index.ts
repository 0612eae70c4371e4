/**
 * Connects the Agent Registry to Waldur: agents become offerings, orders are processed the
 * way waldur-site-agent does, usage is reported for billing, web hooks are taken as hints
 * and buyers sign in with their Waldur token.
 *
 * @packageDocumentation
 */
export { agentRegistryModuleWaldur as default } from './module';
export { WaldurConnector } from './WaldurConnector';
export type { WaldurConnectorOptions } from './WaldurConnector';
export { readWaldurConfig } from './config';
export type { WaldurConfig } from './config';
export { WaldurClient } from './client/WaldurClient';
export type { WaldurClientOptions } from './client/WaldurClient';
export { WaldurApiError, WaldurUnavailableError } from './client/errors';
export type { ConnectorRegistryApi } from './registryApi';
