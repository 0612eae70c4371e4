import type { MarketplaceRegistryApi } from '@cmp/plugin-agent-registry-node';

/** The registry as this connector uses it. */
export type ConnectorRegistryApi = MarketplaceRegistryApi;
