import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { RegistryAgent } from '@cmp/plugin-agent-registry-common';
import type {
  BuyerIdentity,
  MarketplaceConnector,
  MarketplaceRegistryApi,
} from '@cmp/plugin-agent-registry-node';
import { WaldurBuyerResolver } from './buyers/WaldurBuyerResolver';
import { WaldurClient } from './client/WaldurClient';
import type { WaldurConfig } from './config';
import { HookHandler } from './hooks/HookHandler';
import { KeyDelivery } from './orders/keyDelivery';
import { OrderPoller } from './orders/OrderPoller';
import { OrderProcessor } from './orders/OrderProcessor';
import { OfferingPublisher } from './publish/publishOffering';
import type { ConnectorRegistryApi } from './registryApi';
import { UsageReporter } from './usage/UsageReporter';
import { WaldurProvider } from './WaldurProvider';

export type WaldurConnectorOptions = {
  config: WaldurConfig;
  logger: LoggerService;
  /** Schedules the order and usage tasks once started; tests drive `runOrders`/`runUsage`. */
  scheduler?: SchedulerService;
  /** Public URL of the registry API, …/api/agent-registry. */
  registryApiUrl: () => Promise<string>;
  /** For tests: the clock of usage months and key reissuing. */
  now?: () => Date;
  fetch?: typeof fetch;
};

/**
 * The Waldur marketplace connector: publishes agents as offerings, processes orders like
 * waldur-site-agent (polling, and web hooks as hints), reports usage for billing and
 * recognises buyers by their Waldur token. It touches the registry only through the
 * MarketplaceRegistryApi it is given in `start`.
 */
export class WaldurConnector implements MarketplaceConnector {
  readonly id = 'waldur';
  readonly client: WaldurClient;
  readonly provider: WaldurProvider;
  private registry?: ConnectorRegistryApi;
  private readonly publisher: OfferingPublisher;
  private readonly buyers: WaldurBuyerResolver;
  readonly processor: OrderProcessor;
  readonly poller: OrderPoller;
  readonly usage: UsageReporter;
  readonly hooks: HookHandler;

  constructor(private readonly options: WaldurConnectorOptions) {
    const { config, logger } = options;
    this.client = new WaldurClient({
      url: config.url,
      token: config.token,
      timeoutMs: config.requestTimeoutMs,
      retry: config.retry,
      logger,
      fetch: options.fetch,
    });
    this.provider = new WaldurProvider(this.client, config);
    const registry = () => {
      if (!this.registry) {
        throw new Error('The Waldur connector has not been started');
      }
      return this.registry;
    };
    this.publisher = new OfferingPublisher({
      client: this.client,
      provider: this.provider,
      offeringType: config.offeringType,
      shared: config.shared,
      currency: config.currency,
      registryApiUrl: options.registryApiUrl,
      logger,
    });
    this.buyers = new WaldurBuyerResolver({
      client: this.client,
      cacheMs: config.buyerCacheMs,
    });
    this.usage = new UsageReporter({
      client: this.client,
      provider: this.provider,
      registry,
      logger,
      closeAfterDays: config.usage.closeAfterDays,
      now: options.now,
    });
    this.processor = new OrderProcessor({
      client: this.client,
      provider: this.provider,
      registry,
      keys: new KeyDelivery({ client: this.client, logger, now: options.now }),
      reportFinalUsage: (access, resource) =>
        this.usage.reportFinal(access, resource),
      logger,
    });
    this.poller = new OrderPoller({
      client: this.client,
      provider: this.provider,
      processor: this.processor,
      logger,
    });
    this.hooks = new HookHandler({
      client: this.client,
      provider: this.provider,
      processor: this.processor,
      poller: this.poller,
      registry,
      logger,
    });
  }

  get started(): boolean {
    return this.registry !== undefined;
  }

  async start(registry: MarketplaceRegistryApi): Promise<void> {
    if (this.registry) return;
    this.registry = registry as ConnectorRegistryApi;
    const { scheduler, config, logger } = this.options;
    if (!scheduler) return;
    await scheduler.scheduleTask({
      id: 'agent-registry-waldur-orders',
      ...config.schedule.orders,
      fn: async () => {
        await this.runOrders();
      },
    });
    await scheduler.scheduleTask({
      id: 'agent-registry-waldur-usage',
      ...config.schedule.usage,
      fn: async () => {
        await this.runUsage();
      },
    });
    logger.info(`Waldur connector started for ${config.url}`);
  }

  /** One order-processing run; Waldur outages are logged, not thrown. */
  async runOrders() {
    try {
      return await this.poller.runOnce();
    } catch (error) {
      this.options.logger.warn(`Waldur order processing failed: ${error}`);
      return undefined;
    }
  }

  async runUsage() {
    try {
      return await this.usage.runOnce();
    } catch (error) {
      this.options.logger.warn(`Waldur usage reporting failed: ${error}`);
      return undefined;
    }
  }

  publishAgent(agent: RegistryAgent): Promise<{ offeringId: string }> {
    return this.publisher.publish(agent);
  }

  unpublishAgent(agent: RegistryAgent, mode: 'pause' | 'archive') {
    return this.publisher.unpublish(agent, mode);
  }

  resolveBuyer(authorization: string): Promise<BuyerIdentity | undefined> {
    return this.buyers.resolve(authorization);
  }
}
