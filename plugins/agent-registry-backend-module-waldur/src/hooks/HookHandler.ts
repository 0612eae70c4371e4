import type { LoggerService } from '@backstage/backend-plugin-api';
import { isWaldurApiError } from '../client/errors';
import type { WaldurResource } from '../client/types';
import type { WaldurClient } from '../client/WaldurClient';
import type { OrderPoller } from '../orders/OrderPoller';
import type { OrderOutcome, OrderProcessor } from '../orders/OrderProcessor';
import type { ConnectorRegistryApi } from '../registryApi';
import type { WaldurProvider } from '../WaldurProvider';
import type { HookHint } from './hookPayload';

export type HookResult = {
  action:
    | 'order'
    | 'resource-orders'
    | 'poll'
    | 'tenant'
    | 'project'
    | 'ignored';
  outcomes?: OrderOutcome[];
};

/**
 * Acts on a web-hook hint by re-reading Waldur and doing what the poller would do:
 * - order and resource events: process the named order, or the resource's open orders,
 *   or (no usable context, e.g. form-encoded hooks) run the whole order poll;
 * - customer and project events: refresh the tenant / project of organisations that
 *   bought from us (others never become tenants), with names read from Waldur.
 * Forged, repeated or stale hints therefore change nothing that Waldur does not say.
 */
export class HookHandler {
  constructor(
    private readonly options: {
      client: WaldurClient;
      provider: WaldurProvider;
      processor: OrderProcessor;
      poller: OrderPoller;
      registry: () => ConnectorRegistryApi;
      logger: LoggerService;
    },
  ) {}

  async handle(hint: HookHint): Promise<HookResult> {
    const { eventType } = hint;
    if (
      eventType.startsWith('marketplace_order_') ||
      eventType.startsWith('marketplace_resource_')
    ) {
      return this.orders(hint);
    }
    if (eventType.startsWith('customer_') && hint.customerUuid) {
      return this.customer(hint.customerUuid);
    }
    if (eventType.startsWith('project_') && hint.projectUuid) {
      return this.project(hint.projectUuid);
    }
    return { action: 'ignored' };
  }

  private async orders(hint: HookHint): Promise<HookResult> {
    const { client, processor, poller } = this.options;
    if (hint.orderUuid) {
      return {
        action: 'order',
        outcomes: [await processor.process(hint.orderUuid)],
      };
    }
    if (hint.resourceUuid) {
      const orders = await client.listOrders({
        resource_uuid: hint.resourceUuid,
        state: ['pending-provider', 'executing'],
      });
      const outcomes: OrderOutcome[] = [];
      for (const order of orders) {
        outcomes.push(await processor.process(order.uuid!));
      }
      return { action: 'resource-orders', outcomes };
    }
    await poller.runOnce();
    return { action: 'poll' };
  }

  /** Our resources of a customer or project: proof that they bought from us. */
  private async ourResources(query: {
    customer_uuid?: string;
    project_uuid?: string;
  }): Promise<WaldurResource[]> {
    const { client, provider } = this.options;
    const ours = new Set((await provider.offerings()).map(o => o.uuid));
    return (await client.listProviderResources(query)).filter(resource =>
      ours.has(resource.offering_uuid),
    );
  }

  /** The customer's name as Waldur has it now (the provider may not see the customer). */
  private async customerName(uuid: string, fallback?: string) {
    try {
      return (await this.options.client.getCustomer(uuid)).name ?? fallback;
    } catch (error) {
      if (isWaldurApiError(error, 404) || isWaldurApiError(error, 403)) {
        return fallback;
      }
      throw error;
    }
  }

  private async projectName(uuid: string, fallback?: string) {
    try {
      return (await this.options.client.getProject(uuid)).name ?? fallback;
    } catch (error) {
      if (isWaldurApiError(error, 404) || isWaldurApiError(error, 403)) {
        return fallback;
      }
      throw error;
    }
  }

  private async customer(uuid: string): Promise<HookResult> {
    const [resource] = await this.ourResources({ customer_uuid: uuid });
    if (!resource) return { action: 'ignored' };
    const name = await this.customerName(uuid, resource.customer_name);
    await this.options
      .registry()
      .ensureTenant({ externalId: uuid, name: name || uuid });
    return { action: 'tenant' };
  }

  private async project(uuid: string): Promise<HookResult> {
    const [resource] = await this.ourResources({ project_uuid: uuid });
    if (!resource?.customer_uuid) return { action: 'ignored' };
    const registry = this.options.registry();
    const customerName = await this.customerName(
      resource.customer_uuid,
      resource.customer_name,
    );
    const tenant = await registry.ensureTenant({
      externalId: resource.customer_uuid,
      name: customerName || resource.customer_uuid,
    });
    const name = await this.projectName(uuid, resource.project_name);
    await registry.ensureProject({
      tenantId: tenant.id,
      externalId: uuid,
      name: name || uuid,
    });
    return { action: 'project' };
  }
}
