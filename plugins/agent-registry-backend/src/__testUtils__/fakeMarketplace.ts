import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import type { RegistryAgent } from '@cmp/plugin-agent-registry-common';
import {
  agentRegistryMarketplaceExtensionPoint,
  type BuyerIdentity,
  type MarketplaceConnector,
  type MarketplaceRegistryApi,
} from '@cmp/plugin-agent-registry-node';

/**
 * A marketplace connector for tests: remembers what it was asked to publish, and knows
 * buyers by the tokens given to it. The real one (Waldur) lives in its own module.
 */
export class FakeMarketplace implements MarketplaceConnector {
  readonly id = 'fake';
  registry?: MarketplaceRegistryApi;
  readonly published = new Map<
    string,
    { offeringId: string; agent: RegistryAgent; state: string }
  >();
  readonly buyers = new Map<string, BuyerIdentity>();
  failNext = false;

  async start(registry: MarketplaceRegistryApi) {
    this.registry = registry;
  }

  async publishAgent(agent: RegistryAgent) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('marketplace is down');
    }
    const offeringId =
      this.published.get(agent.id)?.offeringId ?? agent.id.replace(/-/g, '');
    this.published.set(agent.id, { offeringId, agent, state: 'Active' });
    return { offeringId };
  }

  async unpublishAgent(agent: RegistryAgent, mode: 'pause' | 'archive') {
    const entry = this.published.get(agent.id)!;
    entry.state = mode === 'pause' ? 'Paused' : 'Archived';
  }

  async resolveBuyer(authorization: string) {
    const match = /^Token\s+(\S+)$/i.exec(authorization);
    if (!match) return undefined;
    const identity = this.buyers.get(match[1]);
    if (!identity) throw new AuthenticationError('Invalid token.');
    return identity;
  }
}

export function fakeMarketplaceModule(marketplace: FakeMarketplace) {
  return createBackendModule({
    pluginId: 'agent-registry',
    moduleId: 'fake-marketplace',
    register(reg) {
      reg.registerInit({
        deps: { marketplaces: agentRegistryMarketplaceExtensionPoint },
        async init({ marketplaces }) {
          marketplaces.addConnector(marketplace);
        },
      });
    },
  });
}
