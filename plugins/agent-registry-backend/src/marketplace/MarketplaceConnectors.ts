import { AuthenticationError } from '@backstage/errors';
import type {
  BuyerIdentity,
  MarketplaceConnector,
} from '@cmp/plugin-agent-registry-node';

/** The marketplaces connected through the extension point. */
export class MarketplaceConnectors {
  private readonly connectors: MarketplaceConnector[] = [];

  add(connector: MarketplaceConnector): void {
    if (this.connectors.some(c => c.id === connector.id)) {
      throw new Error(
        `A marketplace connector "${connector.id}" is already registered`,
      );
    }
    this.connectors.push(connector);
  }

  all(): readonly MarketplaceConnector[] {
    return this.connectors;
  }

  /** The named connector, or the only one when no name is given. */
  find(id?: string): MarketplaceConnector | undefined {
    if (id) return this.connectors.find(c => c.id === id);
    return this.connectors.length === 1 ? this.connectors[0] : undefined;
  }

  /** Asks each marketplace whether the credential is one of its buyers'. */
  async resolveBuyer(authorization: string): Promise<BuyerIdentity> {
    for (const connector of this.connectors) {
      const identity = await connector.resolveBuyer?.(authorization);
      if (identity) return identity;
    }
    throw new AuthenticationError('Unknown marketplace credential');
  }
}
