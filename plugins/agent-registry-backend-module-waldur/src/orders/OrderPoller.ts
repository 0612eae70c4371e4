import type { LoggerService } from '@backstage/backend-plugin-api';
import type { WaldurOrder } from '../client/types';
import type { WaldurClient } from '../client/WaldurClient';
import type { WaldurProvider } from '../WaldurProvider';
import type { OrderOutcome, OrderProcessor } from './OrderProcessor';

export type PollSummary = {
  seen: number;
  outcomes: Partial<Record<OrderOutcome | 'error', number>>;
};

/**
 * The scheduled order task (site agent's `order_process` mode): lists the provider's
 * orders waiting for it (pending-provider, executing) for our offerings, oldest first,
 * and processes each. An order that fails transiently stays where it is and is retried on
 * the next run; when Waldur itself is down the run stops early.
 */
export class OrderPoller {
  constructor(
    private readonly options: {
      client: WaldurClient;
      provider: WaldurProvider;
      processor: OrderProcessor;
      logger: LoggerService;
    },
  ) {}

  async runOnce(): Promise<PollSummary> {
    const { client, provider, processor, logger } = this.options;
    const summary: PollSummary = { seen: 0, outcomes: {} };
    const offerings = new Map(
      (await provider.offerings()).map(offering => [offering.uuid, offering]),
    );
    if (offerings.size === 0) return summary;
    const { uuid: providerUuid } = await provider.customer();
    const orders: WaldurOrder[] = (
      await client.listOrders({
        provider_uuid: providerUuid,
        state: ['pending-provider', 'executing'],
      })
    )
      .filter(order => offerings.has(order.offering_uuid))
      .sort((a, b) => String(a.created).localeCompare(String(b.created)));
    summary.seen = orders.length;
    for (const order of orders) {
      try {
        const outcome = await processor.process(order.uuid!, {
          offering: offerings.get(order.offering_uuid),
        });
        summary.outcomes[outcome] = (summary.outcomes[outcome] ?? 0) + 1;
      } catch (error) {
        summary.outcomes.error = (summary.outcomes.error ?? 0) + 1;
        if ((error as Error).name === 'ServiceUnavailableError') {
          logger.warn(`Waldur unavailable, order processing paused: ${error}`);
          break;
        }
        logger.warn(`Waldur order ${order.uuid} not processed: ${error}`);
      }
    }
    return summary;
  }
}
