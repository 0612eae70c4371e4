import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { MarketplaceConnector } from './MarketplaceConnector';

/** Lets backend modules connect the registry to a marketplace. */
export interface AgentRegistryMarketplaceExtensionPoint {
  addConnector(connector: MarketplaceConnector): void;
}

export const agentRegistryMarketplaceExtensionPoint =
  createExtensionPoint<AgentRegistryMarketplaceExtensionPoint>({
    id: 'agent-registry.marketplace',
  });
