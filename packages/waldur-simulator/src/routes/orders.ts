import { fieldError, incorrectState } from '../errors';
import {
  approveByConsumer,
  approveByProvider,
  cancelOrder,
  createOrder,
  rejectByConsumer,
  rejectByProvider,
  setStateDone,
  setStateErred,
  setStateExecuting,
} from '../orderFlow';
import {
  booleanEquals,
  choice,
  contains,
  equals,
  listResponse,
  uuidEquals,
} from '../paging';
import {
  canActAsProvider,
  canApproveAsConsumer,
  canOrderInProject,
  canSeeConsumerObject,
  canSeeProject,
} from '../permissions';
import { renderPublicOffering } from '../render/offerings';
import { renderOrder } from '../render/orders';
import { listRoutes, route, type RequestContext, type Route } from '../router';
import type { JsonObject, OfferingRecord, OrderRecord } from '../store';
import type { OrderType } from '../types';
import { parseRelation } from '../urls';
import {
  detail,
  lookup,
  ok,
  renderContext,
  requirePermission,
  str,
} from './common';

const BASE = '/api/marketplace-orders/';

const ORDER_STATES = [
  'pending-consumer',
  'pending-provider',
  'pending-project',
  'pending-start-date',
  'executing',
  'done',
  'erred',
  'canceled',
  'rejected',
] as const;
const ORDER_TYPES = ['Create', 'Update', 'Terminate', 'Restore'] as const;

function findOrder(ctx: RequestContext): OrderRecord {
  return lookup(ctx, ctx.sim.store.orders, order =>
    canSeeConsumerObject(
      ctx.sim.store,
      ctx.user,
      order.projectUuid,
      order.offeringUuid,
    ),
  );
}

function offeringOf(ctx: RequestContext, order: OrderRecord): OfferingRecord {
  return ctx.sim.store.offerings.get(order.offeringUuid) as OfferingRecord;
}

/** Provider actions: ORDER.APPROVE/REJECT on `offering.customer`. */
function providerOrder(ctx: RequestContext): OrderRecord {
  const order = findOrder(ctx);
  requirePermission(
    canActAsProvider(
      ctx.sim.store,
      ctx.user,
      offeringOf(ctx, order).customerUuid,
    ),
  );
  return order;
}

/** Consumer actions: ORDER.APPROVE on `project` or `project.customer`. */
function consumerOrder(ctx: RequestContext): OrderRecord {
  const order = findOrder(ctx);
  requirePermission(
    canApproveAsConsumer(ctx.sim.store, ctx.user, order.projectUuid),
  );
  return order;
}

function render(ctx: RequestContext, order: OrderRecord) {
  return renderOrder(renderContext(ctx), order);
}

function create(ctx: RequestContext) {
  const { store } = ctx.sim;
  const body = ctx.body();
  const [projectUuid] = parseRelation('project', body.project, [
    'project',
  ]).uuids;
  if (
    !store.projects.has(projectUuid) ||
    !canSeeProject(store, ctx.user, projectUuid)
  ) {
    throw fieldError('project', 'Invalid hyperlink - Object does not exist.');
  }
  // Orders need the public offering URL, as DRF checks the view name.
  const [offeringUuid] = parseRelation('offering', body.offering, [
    'publicOffering',
  ]).uuids;
  const offering = store.offerings.get(offeringUuid);
  if (!offering)
    throw fieldError('offering', 'Invalid hyperlink - Object does not exist.');
  let plan;
  if (body.plan !== undefined) {
    const [, planUuid] = parseRelation('plan', body.plan, ['publicPlan']).uuids;
    plan = store.plans.get(planUuid);
    if (!plan)
      throw fieldError('plan', 'Invalid hyperlink - Object does not exist.');
  }
  const type = (body.type as OrderType | undefined) ?? 'Create';
  if (type !== 'Create') {
    // Assumed: other types come from resource actions (terminate, switch_plan…).
    throw fieldError('type', 'Only Create orders can be submitted directly.');
  }
  if (!canOrderInProject(store, ctx.user, projectUuid)) {
    throw fieldError('project', 'Invalid hyperlink - Object does not exist.');
  }
  const order = createOrder(ctx.sim, ctx.user, {
    offering,
    plan,
    projectUuid,
    type,
    attributes: (body.attributes as JsonObject | undefined) ?? {},
    limits: (body.limits as Record<string, number> | undefined) ?? {},
    callbackUrl: (body.callback_url as string | null | undefined) ?? null,
    requestComment: (body.request_comment as string | null | undefined) ?? null,
    startDate: (body.start_date as string | null | undefined) ?? null,
  });
  return ok(render(ctx, order), 201);
}

export const orderRoutes: Route[] = [
  ...listRoutes(BASE, ctx => {
    const { store } = ctx.sim;
    const items = [...store.orders.values()]
      .filter(order =>
        canSeeConsumerObject(
          store,
          ctx.user,
          order.projectUuid,
          order.offeringUuid,
        ),
      )
      .map(order => render(ctx, order));
    return listResponse(ctx, items, {
      ordering: '-created',
      filters: {
        offering_uuid: uuidEquals('offering_uuid'),
        provider_uuid: uuidEquals('provider_uuid'),
        customer_uuid: uuidEquals('customer_uuid'),
        project_uuid: uuidEquals('project_uuid'),
        resource_uuid: uuidEquals('marketplace_resource_uuid', 'resource_uuid'),
        category_uuid: uuidEquals('category_uuid'),
        state: choice('state', ORDER_STATES),
        type: choice('type', ORDER_TYPES),
        offering_type: equals('offering_type'),
        resource_name: contains('resource_name'),
        query: contains('resource_name', 'offering_name', 'uuid'),
        can_approve_as_consumer: (item, values) =>
          values.every(
            value =>
              (value === 'true') ===
              (item.state === 'pending-consumer' &&
                canApproveAsConsumer(
                  store,
                  ctx.user,
                  String(item.project_uuid),
                )),
          ),
        can_approve_as_provider: (item, values) =>
          values.every(
            value =>
              (value === 'true') ===
              (item.state === 'pending-provider' &&
                canActAsProvider(store, ctx.user, String(item.provider_uuid))),
          ),
        offering_shared: booleanEquals('offering_shared'),
        created: (item, values) =>
          values.every(value => String(item.created) >= value),
        modified: (item, values) =>
          values.every(value => String(item.modified) >= value),
      },
    });
  }),

  route('POST', BASE, create),

  route('GET', `${BASE}{uuid}/`, ctx =>
    detail(ctx, render(ctx, findOrder(ctx))),
  ),

  route('DELETE', `${BASE}{uuid}/`, ctx => {
    const order = consumerOrder(ctx);
    if (!['pending-consumer', 'pending-provider'].includes(order.state)) {
      throw incorrectState(['pending-consumer', 'pending-provider']);
    }
    const { store } = ctx.sim;
    store.orders.delete(order.uuid);
    // Assumed: the resource created for a deleted Create order goes with it.
    if (order.type === 'Create') store.resources.delete(order.resourceUuid);
    return ok(undefined, 204);
  }),

  route('POST', `${BASE}{uuid}/approve_by_consumer/`, ctx => {
    approveByConsumer(ctx.sim, consumerOrder(ctx), ctx.user);
    return ok({ detail: 'Order has been approved.' });
  }),

  route('POST', `${BASE}{uuid}/reject_by_consumer/`, ctx => {
    const order = consumerOrder(ctx);
    const body = ctx.body();
    rejectByConsumer(
      ctx.sim,
      order,
      ctx.user,
      str(body, 'consumer_rejection_comment'),
    );
    return ok();
  }),

  route('POST', `${BASE}{uuid}/approve_by_provider/`, ctx => {
    const order = providerOrder(ctx);
    const body = ctx.body();
    approveByProvider(
      ctx.sim,
      order,
      ctx.user,
      body.attributes as JsonObject | undefined,
    );
    return ok({ detail: 'Order has been approved.' });
  }),

  route('POST', `${BASE}{uuid}/reject_by_provider/`, ctx => {
    const order = providerOrder(ctx);
    const body = ctx.body();
    rejectByProvider(
      ctx.sim,
      order,
      ctx.user,
      str(body, 'provider_rejection_comment'),
    );
    return ok();
  }),

  route('POST', `${BASE}{uuid}/cancel/`, ctx => {
    cancelOrder(ctx.sim, consumerOrder(ctx), ctx.user);
    return ok(undefined, 202);
  }),

  route('POST', `${BASE}{uuid}/set_state_executing/`, ctx => {
    setStateExecuting(ctx.sim, providerOrder(ctx), ctx.user);
    return ok();
  }),

  route('POST', `${BASE}{uuid}/set_state_done/`, ctx => {
    setStateDone(ctx.sim, providerOrder(ctx), ctx.user);
    return ok();
  }),

  route('POST', `${BASE}{uuid}/set_state_erred/`, ctx => {
    const order = providerOrder(ctx);
    const body = ctx.body();
    setStateErred(ctx.sim, order, ctx.user, {
      message: str(body, 'error_message'),
      traceback: str(body, 'error_traceback'),
    });
    return ok();
  }),

  route('POST', `${BASE}{uuid}/set_backend_id/`, ctx => {
    const order = providerOrder(ctx);
    const backendId = str(ctx.body(), 'backend_id');
    const changed = backendId !== order.backendId;
    order.backendId = backendId;
    order.modified = ctx.sim.store.now();
    return ok({
      status: changed
        ? 'Order backend_id has been changed.'
        : 'Order backend_id is not changed.',
    });
  }),

  route('GET', `${BASE}{uuid}/offering/`, ctx =>
    detail(
      ctx,
      renderPublicOffering(renderContext(ctx), offeringOf(ctx, findOrder(ctx))),
    ),
  ),
];
