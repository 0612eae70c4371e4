import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AgentAccess,
  RegistryAgent,
} from '@cmp/plugin-agent-registry-common';
import { isWaldurApiError, WaldurApiError } from '../client/errors';
import type { WaldurOffering, WaldurOrder } from '../client/types';
import type { WaldurClient } from '../client/WaldurClient';
import { BASIC_OFFERING_TYPE } from '../config';
import { parsePlanBackendId, type BillingCycle } from '../publish/offeringSpec';
import type { ConnectorRegistryApi } from '../registryApi';
import { KeyedMutex } from '../util/KeyedMutex';
import type { WaldurProvider } from '../WaldurProvider';
import { KeyDelivery, RetryLaterError } from './keyDelivery';

/**
 * A reason the order can never succeed (unknown plan, archived agent, …). The message is
 * what the buyer reads in Waldur.
 */
export class OrderFailure extends Error {
  override readonly name = 'OrderFailure';
}

/** What processing did; `left` means "try again later" (nothing lost). */
export type OrderOutcome =
  | 'ignored'
  | 'skipped'
  | 'done'
  | 'erred'
  | 'rejected'
  | 'left';

/** Registry errors that mean "this request is wrong", not "try later". */
const PERMANENT_REGISTRY_ERRORS = [
  'InputError',
  'NotFoundError',
  'ConflictError',
  'NotAllowedError',
];

const ACTIVE_STATES = ['pending-provider', 'executing'];

type Target = {
  agent: RegistryAgent;
  plan: string;
  billingCycle: BillingCycle;
};

export type OrderProcessorOptions = {
  client: WaldurClient;
  provider: WaldurProvider;
  registry: () => ConnectorRegistryApi;
  keys: KeyDelivery;
  /** Reports a resource's usage one last time before it is terminated. */
  reportFinalUsage?: (
    access: AgentAccess,
    resourceUuid: string,
  ) => Promise<void>;
  logger: LoggerService;
  /** Unexpected errors tolerated per order before it is failed (default 5). */
  maxAttempts?: number;
};

/**
 * Processes marketplace orders the way waldur-site-agent does: re-read the order, approve
 * it, apply it to the registry, record the backend id, re-read, complete it — checking the
 * order's state before each step so that running twice (poller and hook, a retry, a
 * replica, a restart after a crash) changes nothing the second time. Waldur being down
 * leaves the order where it is for the next run.
 *
 * Site-agent offerings (Marketplace.Slurm) are approved first and completed with
 * set_state_done; Basic offerings complete on approval, so they are applied first and
 * failures reject them (Basic has no erred state).
 */
export class OrderProcessor {
  private readonly mutex = new KeyedMutex();
  private readonly attempts = new Map<string, number>();

  constructor(private readonly options: OrderProcessorOptions) {}

  /** Processes one order; safe to call any number of times for the same order. */
  process(
    orderUuid: string,
    hint: { offering?: WaldurOffering } = {},
  ): Promise<OrderOutcome> {
    return this.mutex.run(orderUuid, () => this.guarded(orderUuid, hint));
  }

  private async guarded(
    uuid: string,
    hint: { offering?: WaldurOffering },
  ): Promise<OrderOutcome> {
    const { logger } = this.options;
    try {
      const outcome = await this.run(uuid, hint);
      this.attempts.delete(uuid);
      return outcome;
    } catch (error) {
      if (error instanceof OrderFailure) return this.fail(uuid, error.message);
      if (isPermanent(error)) {
        const reason =
          error instanceof WaldurApiError
            ? error.waldurMessage
            : (error as Error).message;
        return this.fail(
          uuid,
          `The Agent Registry could not provision this order: ${reason}`,
        );
      }
      if (error instanceof RetryLaterError || isWaldurTransient(error)) {
        logger.info(`Waldur order ${uuid} left for the next run: ${error}`);
        throw error;
      }
      // Unexpected (e.g. the registry's database): retried a few times, then failed.
      const attempts = (this.attempts.get(uuid) ?? 0) + 1;
      this.attempts.set(uuid, attempts);
      if (attempts >= (this.options.maxAttempts ?? 5)) {
        this.attempts.delete(uuid);
        logger.error(
          `Waldur order ${uuid} failed ${attempts} times, marking it failed`,
          error as Error,
        );
        return this.fail(
          uuid,
          'The Agent Registry could not provision this order; please contact the provider.',
        );
      }
      throw error;
    }
  }

  private async run(
    uuid: string,
    hint: { offering?: WaldurOffering },
  ): Promise<OrderOutcome> {
    const { client, provider, logger } = this.options;
    let order = await this.readOrder(uuid);
    if (!order) return 'ignored';
    if (!ACTIVE_STATES.includes(order.state!)) return 'skipped';
    const offering =
      hint.offering?.uuid === order.offering_uuid
        ? hint.offering
        : await this.readOffering(order.offering_uuid!);
    // Never touch orders of offerings this registry did not publish.
    if (!offering || !provider.isOurs(offering)) return 'ignored';

    const target = await this.target(order, offering);
    if (offering.type === BASIC_OFFERING_TYPE) {
      // Basic orders are done the moment they are approved: apply first.
      if (order.state !== 'pending-provider') return 'skipped';
      await this.apply(order, target);
      await tolerateConflict(() =>
        client.orderAction(uuid, 'approve_by_provider'),
      );
      logger.info(`Waldur order ${uuid} (${order.type}) approved and done`);
      return 'done';
    }

    if (order.state === 'pending-provider') {
      await tolerateConflict(() =>
        client.orderAction(uuid, 'approve_by_provider'),
      );
      order = await client.getOrder(uuid);
      if (order.state !== 'executing') return 'skipped';
    }
    await this.apply(order, target);
    // Someone (another replica, an admin) may have completed or failed it meanwhile.
    const current = await client.getOrder(uuid);
    if (current.state === 'executing') {
      await tolerateConflict(() => client.orderAction(uuid, 'set_state_done'));
    }
    logger.info(`Waldur order ${uuid} (${order.type}) done`);
    return 'done';
  }

  /** The agent and plan the order is for; throws OrderFailure when there is none. */
  private async target(
    order: WaldurOrder,
    offering: WaldurOffering,
  ): Promise<Target | undefined> {
    // Ending an access needs nothing but the resource.
    if (order.type === 'Terminate') return undefined;
    const registry = this.options.registry();
    const agentId = this.options.provider.agentIdOf(offering);
    const agent =
      (await registry.getAgentByOffering(offering.uuid!)) ??
      (agentId ? await registry.getAgent(agentId) : undefined);
    if (!agent) {
      throw new OrderFailure(
        'The agent sold by this offering no longer exists in the Agent Registry.',
      );
    }
    if (order.type === 'Update' && !order.plan_uuid) return undefined;
    if (!order.plan_uuid) {
      throw new OrderFailure('The order has no plan; choose one of the plans.');
    }
    const plans =
      offering.plans ?? (await this.options.client.listPlans(offering.uuid!));
    let plan = plans.find(p => p.uuid === order.plan_uuid);
    if (!plan) {
      // The hint may predate a plan created since; ask Waldur.
      plan = (await this.options.client.listPlans(offering.uuid!)).find(
        p => p.uuid === order.plan_uuid,
      );
    }
    const parsed = parsePlanBackendId(plan?.backend_id);
    const agentPlan =
      parsed && agent.plans.find(candidate => candidate.name === parsed.plan);
    if (!parsed || !agentPlan) {
      throw new OrderFailure(
        `The plan "${
          order.plan_name ?? order.plan_uuid
        }" is no longer offered for ${
          agent.title ?? agent.name
        }; please order one of its current plans.`,
      );
    }
    if (order.type !== 'Update' && agent.archived) {
      throw new OrderFailure(
        `${agent.title ?? agent.name} is no longer available.`,
      );
    }
    return { agent, plan: agentPlan.name, billingCycle: parsed.billingCycle };
  }

  private async apply(order: WaldurOrder, target: Target | undefined) {
    const registry = this.options.registry();
    const resourceUuid = order.marketplace_resource_uuid!;
    switch (order.type) {
      case 'Create':
      case 'Restore':
        await this.create(registry, order, target!);
        return;
      case 'Update':
        if (target) await this.update(registry, resourceUuid, target);
        return;
      case 'Terminate':
        await this.terminate(registry, resourceUuid);
        return;
      default:
        throw new OrderFailure(
          `Orders of type ${order.type} are not supported.`,
        );
    }
  }

  private async create(
    registry: ConnectorRegistryApi,
    order: WaldurOrder,
    target: Target,
  ) {
    const { client, keys } = this.options;
    const resourceUuid = order.marketplace_resource_uuid!;
    const tenant = await registry.ensureTenant({
      externalId: order.customer_uuid!,
      name: order.customer_name || order.customer_uuid!,
    });
    const project = order.project_uuid
      ? await registry.ensureProject({
          tenantId: tenant.id,
          externalId: order.project_uuid,
          name: order.project_name || order.project_uuid,
        })
      : undefined;
    // Read first: Waldur must be reachable right before the one-time key is handed out.
    const resource = await client.getProviderResource(resourceUuid);
    // Idempotent by resource: a second call returns the same access and no key.
    const result = await registry.provisionAccess({
      tenantId: tenant.id,
      projectId: project?.id,
      agentId: target.agent.id,
      plan: target.plan,
      externalResourceId: resourceUuid,
      billingCycle: target.billingCycle,
    });
    if (order.type === 'Restore' && result.access.state !== 'active') {
      await registry.setAccessState(resourceUuid, 'active');
    }
    // The key first: the backend id marks the resource as provisioned.
    await keys.deliver(registry, resource, result);
    if (resource.backend_id !== result.access.id) {
      await client.setResourceBackendId(resourceUuid, result.access.id);
    }
  }

  private async update(
    registry: ConnectorRegistryApi,
    resourceUuid: string,
    target: Target,
  ) {
    const access = await registry.findAccessByResource(resourceUuid);
    if (!access) {
      throw new OrderFailure(
        'This resource has no access in the Agent Registry to change.',
      );
    }
    const cycleChanges = access.billingCycle !== target.billingCycle;
    if (access.plan !== target.plan) {
      await registry.changePlan(resourceUuid, target.plan);
    }
    if (cycleChanges) {
      await registry.changeBillingCycle(resourceUuid, target.billingCycle);
    }
  }

  private async terminate(
    registry: ConnectorRegistryApi,
    resourceUuid: string,
  ) {
    const access = await registry.findAccessByResource(resourceUuid);
    // Nothing was provisioned (e.g. the Create order failed): nothing to end.
    if (!access) return;
    const ended =
      access.state === 'terminated'
        ? access
        : await registry.setAccessState(resourceUuid, 'terminated');
    // The resource is Terminating until done: the last moment Waldur takes its usage.
    try {
      await this.options.reportFinalUsage?.(ended, resourceUuid);
    } catch (error) {
      if (isWaldurTransient(error)) throw error;
      this.options.logger.warn(
        `Final usage report of Waldur resource ${resourceUuid} failed: ${error}`,
      );
    }
  }

  /** Tells the buyer why the order cannot be done: erred (site agent) or rejected (Basic). */
  private async fail(uuid: string, message: string): Promise<OrderOutcome> {
    const { client, logger } = this.options;
    const order = await client.getOrder(uuid);
    if (!ACTIVE_STATES.includes(order.state!)) return 'skipped';
    const offering = await this.readOffering(order.offering_uuid!);
    logger.warn(`Waldur order ${uuid} (${order.type}) failed: ${message}`);
    if (offering?.type === BASIC_OFFERING_TYPE) {
      if (order.state !== 'pending-provider') return 'skipped';
      await tolerateConflict(() => client.rejectOrder(uuid, message));
      return 'rejected';
    }
    // set_state_erred needs an executing order.
    if (order.state === 'pending-provider') {
      await tolerateConflict(() =>
        client.orderAction(uuid, 'approve_by_provider'),
      );
    }
    await tolerateConflict(() => client.setOrderErred(uuid, { message }));
    return 'erred';
  }

  private async readOrder(uuid: string): Promise<WaldurOrder | undefined> {
    try {
      return await this.options.client.getOrder(uuid);
    } catch (error) {
      if (isWaldurApiError(error, 404)) return undefined;
      throw error;
    }
  }

  private async readOffering(
    uuid: string,
  ): Promise<WaldurOffering | undefined> {
    try {
      return await this.options.client.getProviderOffering(uuid);
    } catch (error) {
      if (isWaldurApiError(error, 404)) return undefined;
      throw error;
    }
  }
}

/** 409: the order is no longer in the state the step needs — someone else did it. */
async function tolerateConflict(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (!isWaldurApiError(error, 409)) throw error;
  }
}

function isPermanent(error: unknown): boolean {
  if (error instanceof WaldurApiError) return error.status === 400;
  return (
    error instanceof Error && PERMANENT_REGISTRY_ERRORS.includes(error.name)
  );
}

/** Waldur unreachable or failing, or refusing our credentials: fix, then it resumes. */
function isWaldurTransient(error: unknown): boolean {
  if (error instanceof WaldurApiError) {
    return error.status === 401 || error.status === 403;
  }
  return error instanceof Error && error.name === 'ServiceUnavailableError';
}
