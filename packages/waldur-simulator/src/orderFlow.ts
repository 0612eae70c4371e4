import {
  catchUpBilling,
  closeResourceItems,
  monthStart,
  registerResourceItems,
} from './billing';
import { sum } from './decimal';
import {
  ApiError,
  fieldError,
  incorrectState,
  validationError,
} from './errors';
import { emitEvent, orderContext, resourceContext } from './events';
import { canApproveAsConsumer, isCustomerOwner } from './permissions';
import { formatPrice, planPrice } from './render/offerings';
import type { Simulation } from './simulation';
import type {
  JsonObject,
  OfferingRecord,
  OrderRecord,
  PlanRecord,
  ResourceRecord,
  ScopeRef,
  UserRecord,
} from './store';
import type { OrderState, OrderType, ResourceState } from './types';

/**
 * The marketplace order state machine (waldur.md §4). Offerings of type
 * Marketplace.Slurm (the "site agent" type) wait in `executing` until the
 * provider calls set_state_done/set_state_erred; Marketplace.Basic orders are
 * completed as soon as the provider approves them.
 */

const SITE_AGENT_TYPE = 'Marketplace.Slurm';
const BASIC_TYPE = 'Marketplace.Basic';
export const SUPPORTED_OFFERING_TYPES = [BASIC_TYPE, SITE_AGENT_TYPE];

const IN_PROGRESS: OrderState[] = [
  'pending-consumer',
  'pending-provider',
  'executing',
];

function orderScopes(order: OrderRecord, customerUuid: string): ScopeRef[] {
  return [
    { type: 'order', uuid: order.uuid },
    { type: 'project', uuid: order.projectUuid },
    { type: 'customer', uuid: customerUuid },
    { type: 'resource', uuid: order.resourceUuid },
  ];
}

function resourceScopes(
  resource: ResourceRecord,
  customerUuid: string,
): ScopeRef[] {
  return [
    { type: 'resource', uuid: resource.uuid },
    { type: 'project', uuid: resource.projectUuid },
    { type: 'customer', uuid: customerUuid },
  ];
}

function consumerCustomer(sim: Simulation, projectUuid: string): string {
  return sim.store.projects.get(projectUuid)?.customerUuid ?? '';
}

const ORDER_EVENTS: Partial<Record<OrderState, [string, string]>> = {
  executing: [
    'marketplace_order_approved',
    'Marketplace order has been approved.',
  ],
  rejected: [
    'marketplace_order_rejected',
    'Marketplace order has been rejected.',
  ],
  done: [
    'marketplace_order_completed',
    'Marketplace order has been completed.',
  ],
  // Waldur logs cancellation as "terminated".
  canceled: [
    'marketplace_order_terminated',
    'Marketplace order has been terminated.',
  ],
  erred: [
    'marketplace_order_failed',
    'Marketplace order has been marked as failed.',
  ],
};

function logOrderEvent(
  sim: Simulation,
  order: OrderRecord,
  type: string,
  message: string,
  actor?: UserRecord,
): void {
  emitEvent(sim, {
    type,
    message,
    context: orderContext(sim.store, order),
    scopes: orderScopes(order, consumerCustomer(sim, order.projectUuid)),
    actor,
  });
}

export function logResourceEvent(
  sim: Simulation,
  resource: ResourceRecord,
  type: string,
  message: string,
  actor?: UserRecord,
): void {
  emitEvent(sim, {
    type,
    message,
    context: resourceContext(sim.store, resource),
    scopes: resourceScopes(
      resource,
      consumerCustomer(sim, resource.projectUuid),
    ),
    actor,
  });
}

/** Every order state change: its event plus the empty callback_url POST. */
function setOrderState(
  sim: Simulation,
  order: OrderRecord,
  state: OrderState,
  actor?: UserRecord,
): void {
  if (order.state === state) return;
  order.state = state;
  order.modified = sim.store.now();
  if (state === 'done') order.completedAt = order.modified;
  const event = ORDER_EVENTS[state];
  if (event) logOrderEvent(sim, order, event[0], event[1], actor);
  if (order.callbackUrl) sim.orderCallback(order.callbackUrl, order.uuid);
}

function setResourceState(
  sim: Simulation,
  resource: ResourceRecord,
  state: ResourceState,
): void {
  resource.state = state;
  resource.modified = sim.store.now();
}

function requireOrderState(order: OrderRecord, valid: OrderState[]): void {
  if (!valid.includes(order.state)) throw incorrectState(valid);
}

/** OfferingTypeValidator: 405 for actions an offering type does not support. */
function requireOfferingType(
  sim: Simulation,
  order: OrderRecord,
  valid: string[],
): void {
  const offering = sim.store.offerings.get(
    order.offeringUuid,
  ) as OfferingRecord;
  if (!valid.includes(offering.type)) {
    throw new ApiError(405, {
      detail: `The order's offering with ${offering.type} type does not support this action`,
    });
  }
}

/** Order.init_cost: the plan's fixed monthly price plus limit-based charges. */
function orderCost(
  sim: Simulation,
  plan: PlanRecord | undefined,
  limits: Record<string, number>,
): string | null {
  if (!plan) return null;
  return formatPrice(
    sum([
      planPrice(sim.store, plan, 'fixed'),
      planPrice(sim.store, plan, 'limit', limits),
    ]),
  );
}

/** Entering `executing`: the provider may now provision; Basic completes at once. */
function startExecution(
  sim: Simulation,
  order: OrderRecord,
  actor: UserRecord,
): void {
  setOrderState(sim, order, 'executing', actor);
  const resource = sim.store.resources.get(
    order.resourceUuid,
  ) as ResourceRecord;
  if (order.type === 'Update') setResourceState(sim, resource, 'Updating');
  if (order.type === 'Terminate')
    setResourceState(sim, resource, 'Terminating');
  const offering = sim.store.offerings.get(
    order.offeringUuid,
  ) as OfferingRecord;
  if (offering.type === BASIC_TYPE) completeOrder(sim, order, actor);
}

/** handlers.notify_approvers_when_order_is_created: the automatic first steps. */
function advanceNewOrder(
  sim: Simulation,
  order: OrderRecord,
  creator: UserRecord,
): void {
  const { store } = sim;
  const offering = store.offerings.get(order.offeringUuid) as OfferingRecord;
  const project = store.projects.get(order.projectUuid);
  const pluginOptions = (offering.fields.plugin_options ?? {}) as JsonObject;
  const skipConsumerReview =
    creator.isStaff ||
    (offering.fields.shared !== false &&
      offering.customerUuid === project?.customerUuid &&
      pluginOptions.auto_approve_in_service_provider_projects === true) ||
    (order.type === 'Terminate' &&
      isCustomerOwner(store, creator, offering.customerUuid)) ||
    canApproveAsConsumer(store, creator, order.projectUuid);
  if (!skipConsumerReview) return;
  order.consumerReviewedByUuid = creator.uuid;
  order.consumerReviewedAt = store.now();
  const startDate = project?.fields.start_date;
  if (
    typeof startDate === 'string' &&
    startDate > store.now().toISOString().slice(0, 10)
  ) {
    setOrderState(sim, order, 'pending-project', creator);
    return;
  }
  // Basic and site-agent offerings always need the provider's approval.
  setOrderState(sim, order, 'pending-provider', creator);
}

export interface NewOrder {
  offering: OfferingRecord;
  plan?: PlanRecord;
  projectUuid: string;
  type: OrderType;
  attributes: JsonObject;
  limits: Record<string, number>;
  callbackUrl?: string | null;
  requestComment?: string | null;
  startDate?: string | null;
  /** Existing resource for Update/Terminate orders. */
  resource?: ResourceRecord;
}

/**
 * POST /api/marketplace-orders/ and the resource actions that create orders.
 * Callers check who may order; this applies Waldur's validate_order rules.
 */
export function createOrder(
  sim: Simulation,
  creator: UserRecord,
  input: NewOrder,
): OrderRecord {
  const { store } = sim;
  const { offering, plan } = input;
  if (input.type === 'Create' && offering.state !== 'Active') {
    throw fieldError('offering', 'Offering is not available.');
  }
  if (
    input.type === 'Update' &&
    !['Active', 'Paused'].includes(offering.state)
  ) {
    throw validationError('Offering is not available.');
  }
  if (plan && plan.offeringUuid !== offering.uuid) {
    throw fieldError(
      'plan',
      'This plan is not available for selected offering.',
    );
  }
  if (plan?.archived) {
    throw fieldError(
      'plan',
      'Plan is not available because limit has been reached.',
    );
  }
  const project = store.projects.get(input.projectUuid);
  if (
    offering.fields.shared === false &&
    offering.customerUuid !== project?.customerUuid
  ) {
    throw validationError('This offering is not available for ordering.');
  }
  if (
    input.resource &&
    [...store.orders.values()].some(
      order =>
        order.resourceUuid === input.resource?.uuid &&
        IN_PROGRESS.includes(order.state),
    )
  ) {
    throw validationError('Pending order for resource already exists.');
  }

  const now = store.now();
  let resource = input.resource;
  if (!resource) {
    resource = {
      uuid: store.uuid(),
      created: now,
      modified: now,
      name: String(input.attributes.name ?? ''),
      description: String(input.attributes.description ?? ''),
      offeringUuid: offering.uuid,
      planUuid: plan?.uuid ?? null,
      projectUuid: input.projectUuid,
      state: 'Creating',
      backendId: '',
      attributes: input.attributes,
      limits: input.limits,
      currentUsages: {},
      backendMetadata: {},
      report: [],
      errorMessage: '',
      errorTraceback: '',
      endDate: null,
      lastSync: now,
      planPeriodStart: now,
      billedThrough: null,
    };
    store.resources.set(resource.uuid, resource);
    logResourceEvent(
      sim,
      resource,
      'marketplace_resource_create_requested',
      'Resource {resource_name} creation has been requested.',
      creator,
    );
  }

  const order: OrderRecord = {
    uuid: store.uuid(),
    created: now,
    modified: now,
    type: input.type,
    state: 'pending-consumer',
    offeringUuid: offering.uuid,
    planUuid: plan?.uuid ?? null,
    oldPlanUuid: input.type === 'Update' ? resource.planUuid : null,
    projectUuid: input.projectUuid,
    resourceUuid: resource.uuid,
    attributes: input.attributes,
    limits: input.limits,
    createdByUuid: creator.uuid,
    consumerReviewedByUuid: null,
    consumerReviewedAt: null,
    providerReviewedByUuid: null,
    providerReviewedAt: null,
    errorMessage: '',
    errorTraceback: '',
    backendId: '',
    callbackUrl: input.callbackUrl ?? null,
    requestComment: input.requestComment ?? null,
    startDate: input.startDate ?? null,
    completedAt: null,
    providerRejectionComment: '',
    consumerRejectionComment: '',
    cost: orderCost(sim, plan, input.limits),
  };
  store.orders.set(order.uuid, order);
  if (order.type === 'Terminate') {
    logResourceEvent(
      sim,
      resource,
      'marketplace_resource_terminate_requested',
      'Resource {resource_name} deletion has been requested.',
      creator,
    );
  } else if (order.type === 'Update') {
    logResourceEvent(
      sim,
      resource,
      'marketplace_resource_update_requested',
      'Resource {resource_name} update has been requested.',
      creator,
    );
  }
  // The 2024 source defines but never calls log_order_created; Waldur 8.x
  // lists the type, so the simulator emits it when an order is created.
  logOrderEvent(
    sim,
    order,
    'marketplace_order_created',
    'Marketplace order has been created.',
    creator,
  );
  advanceNewOrder(sim, order, creator);
  return order;
}

export function approveByConsumer(
  sim: Simulation,
  order: OrderRecord,
  actor: UserRecord,
): void {
  requireOrderState(order, ['pending-consumer']);
  order.consumerReviewedByUuid = actor.uuid;
  order.consumerReviewedAt = sim.store.now();
  setOrderState(sim, order, 'pending-provider', actor);
}

export function rejectByConsumer(
  sim: Simulation,
  order: OrderRecord,
  actor: UserRecord,
  comment: string,
): void {
  requireOrderState(order, ['pending-consumer']);
  order.consumerReviewedByUuid = actor.uuid;
  order.consumerReviewedAt = sim.store.now();
  order.consumerRejectionComment = comment;
  reject(sim, order, actor);
}

export function approveByProvider(
  sim: Simulation,
  order: OrderRecord,
  actor: UserRecord,
  attributes: JsonObject | undefined,
): void {
  requireOrderState(order, ['pending-provider']);
  order.providerReviewedByUuid = actor.uuid;
  order.providerReviewedAt = sim.store.now();
  // Assumed: attributes sent on approval are merged into the order's.
  if (attributes) order.attributes = { ...order.attributes, ...attributes };
  startExecution(sim, order, actor);
}

export function rejectByProvider(
  sim: Simulation,
  order: OrderRecord,
  actor: UserRecord,
  comment: string,
): void {
  requireOrderState(order, ['pending-provider']);
  order.providerReviewedByUuid = actor.uuid;
  order.providerReviewedAt = sim.store.now();
  order.providerRejectionComment = comment;
  reject(sim, order, actor);
}

/** A rejected Create order ends its resource; Update/Terminate leave it OK. */
function reject(sim: Simulation, order: OrderRecord, actor: UserRecord): void {
  setOrderState(sim, order, 'rejected', actor);
  const resource = sim.store.resources.get(
    order.resourceUuid,
  ) as ResourceRecord;
  setResourceState(
    sim,
    resource,
    order.type === 'Create' ? 'Terminated' : 'OK',
  );
}

export function setStateExecuting(
  sim: Simulation,
  order: OrderRecord,
  actor: UserRecord,
): void {
  requireOrderState(order, ['pending-consumer', 'pending-provider', 'erred']);
  requireOfferingType(sim, order, [SITE_AGENT_TYPE]);
  startExecution(sim, order, actor);
}

/** callbacks.resource_*_succeeded: apply the order to its resource. */
function completeOrder(
  sim: Simulation,
  order: OrderRecord,
  actor?: UserRecord,
): void {
  const { store } = sim;
  const resource = store.resources.get(order.resourceUuid) as ResourceRecord;
  const now = store.now();
  // Bill the months the resource ran before its state changes.
  catchUpBilling(store);
  setOrderState(sim, order, 'done', actor);
  if (order.type === 'Create' || order.type === 'Restore') {
    setResourceState(sim, resource, 'OK');
    registerResourceItems(store, resource, 'Create', now);
    resource.billedThrough = monthStart(now);
    logResourceEvent(
      sim,
      resource,
      'marketplace_resource_create_succeeded',
      'Resource {resource_name} has been created.',
      actor,
    );
  } else if (order.type === 'Update') {
    setResourceState(sim, resource, 'OK');
    if (order.planUuid && order.planUuid !== resource.planUuid) {
      closeResourceItems(store, resource, now);
      resource.planUuid = order.planUuid;
      resource.planPeriodStart = now;
      registerResourceItems(store, resource, 'Update', now);
    }
    if (Object.keys(order.limits).length > 0) {
      resource.limits = order.limits;
      logResourceEvent(
        sim,
        resource,
        'marketplace_resource_update_limits_succeeded',
        'Limits of resource {resource_name} have been updated.',
        actor,
      );
    }
    logResourceEvent(
      sim,
      resource,
      'marketplace_resource_update_succeeded',
      'Resource {resource_name} has been updated successfully.',
      actor,
    );
  } else {
    setResourceState(sim, resource, 'Terminated');
    closeResourceItems(store, resource, now);
    logResourceEvent(
      sim,
      resource,
      'marketplace_resource_terminate_succeeded',
      'Resource {resource_name} has been deleted.',
      actor,
    );
  }
}

export function setStateDone(
  sim: Simulation,
  order: OrderRecord,
  actor: UserRecord,
): void {
  requireOrderState(order, ['executing']);
  requireOfferingType(sim, order, [SITE_AGENT_TYPE, BASIC_TYPE]);
  completeOrder(sim, order, actor);
}

/**
 * Assumed: only an executing order can fail. Waldur's transition accepts any
 * source state but then finds no executing order to update, so the simulator
 * answers 409 instead of silently changing nothing.
 */
export function setStateErred(
  sim: Simulation,
  order: OrderRecord,
  actor: UserRecord,
  error: { message: string; traceback: string },
): void {
  requireOfferingType(sim, order, [SITE_AGENT_TYPE]);
  requireOrderState(order, ['executing']);
  const resource = sim.store.resources.get(
    order.resourceUuid,
  ) as ResourceRecord;
  order.errorMessage = error.message;
  order.errorTraceback = error.traceback;
  setOrderState(sim, order, 'erred', actor);
  if (order.type === 'Terminate') {
    // A failed termination leaves the resource running.
    setResourceState(sim, resource, 'OK');
    logResourceEvent(
      sim,
      resource,
      'marketplace_resource_terminate_failed',
      'Resource {resource_name} deletion has failed.',
      actor,
    );
  } else {
    setResourceState(sim, resource, 'Erred');
    const [type, message] =
      order.type === 'Update'
        ? [
            'marketplace_resource_update_failed',
            'Resource {resource_name} update has failed.',
          ]
        : [
            'marketplace_resource_create_failed',
            'Resource {resource_name} creation has failed.',
          ];
    logResourceEvent(sim, resource, type, message, actor);
  }
}

export function cancelOrder(
  sim: Simulation,
  order: OrderRecord,
  actor: UserRecord,
): void {
  requireOrderState(order, IN_PROGRESS);
  requireOfferingType(sim, order, [BASIC_TYPE]);
  setOrderState(sim, order, 'canceled', actor);
  const resource = sim.store.resources.get(
    order.resourceUuid,
  ) as ResourceRecord;
  setResourceState(
    sim,
    resource,
    order.type === 'Create' ? 'Terminated' : 'OK',
  );
}
