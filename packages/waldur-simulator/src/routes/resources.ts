import { fieldError } from '../errors';
import { logResourceEvent } from '../orderFlow';
import {
  requireResourceState,
  switchPlan,
  terminateResource,
  updateLimits,
} from '../resourceOrders';
import {
  booleanEquals,
  choice,
  contains,
  equals,
  listResponse,
  uuidEquals,
  type Filters,
} from '../paging';
import {
  canActAsProvider,
  canApproveAsConsumer,
  canOrderInProject,
  canSeeConsumerObject,
  connectedCustomers,
  seesEverything,
} from '../permissions';
import { renderResource } from '../render/orders';
import { listRoutes, route, type RequestContext, type Route } from '../router';
import type { JsonObject, OfferingRecord, ResourceRecord } from '../store';
import { parseRelation } from '../urls';
import {
  detail,
  lookup,
  ok,
  renderContext,
  requirePermission,
  str,
} from './common';

const CONSUMER = '/api/marketplace-resources/';
const PROVIDER = '/api/marketplace-provider-resources/';

const RESOURCE_STATES = [
  'Creating',
  'OK',
  'Erred',
  'Updating',
  'Terminating',
  'Terminated',
] as const;

const resourceFilters: Filters = {
  offering_uuid: uuidEquals('offering_uuid'),
  project_uuid: uuidEquals('project_uuid'),
  customer_uuid: uuidEquals('customer_uuid'),
  provider_uuid: uuidEquals('provider_uuid'),
  category_uuid: uuidEquals('category_uuid'),
  plan_uuid: uuidEquals('plan_uuid'),
  state: choice('state', RESOURCE_STATES),
  backend_id: equals('backend_id'),
  offering_type: equals('offering_type'),
  name: contains('name'),
  name_exact: equals('name'),
  query: contains('name', 'backend_id', 'uuid'),
  usage_based: booleanEquals('is_usage_based'),
  limit_based: booleanEquals('is_limit_based'),
};

function offeringOf(
  ctx: RequestContext,
  resource: ResourceRecord,
): OfferingRecord {
  return ctx.sim.store.offerings.get(resource.offeringUuid) as OfferingRecord;
}

/** filter_for_offering_customer: resources of offerings the caller provides. */
function providerVisible(
  ctx: RequestContext,
  resource: ResourceRecord,
): boolean {
  return (
    seesEverything(ctx.user) ||
    connectedCustomers(ctx.sim.store, ctx.user).has(
      offeringOf(ctx, resource).customerUuid,
    )
  );
}

function consumerVisible(
  ctx: RequestContext,
  resource: ResourceRecord,
): boolean {
  return canSeeConsumerObject(
    ctx.sim.store,
    ctx.user,
    resource.projectUuid,
    resource.offeringUuid,
  );
}

function isProvider(ctx: RequestContext, resource: ResourceRecord): boolean {
  return canActAsProvider(
    ctx.sim.store,
    ctx.user,
    offeringOf(ctx, resource).customerUuid,
  );
}

function list(
  visible: (ctx: RequestContext, resource: ResourceRecord) => boolean,
) {
  return (ctx: RequestContext) => {
    const items = [...ctx.sim.store.resources.values()]
      .filter(resource => visible(ctx, resource))
      .map(resource => renderResource(renderContext(ctx), resource));
    return listResponse(ctx, items, {
      ordering: '-created',
      filters: resourceFilters,
    });
  };
}

/** RESOURCE.UPDATE on project, project.customer, offering or offering.customer. */
function update(
  visible: (ctx: RequestContext, resource: ResourceRecord) => boolean,
) {
  return (ctx: RequestContext) => {
    const resource = lookup(ctx, ctx.sim.store.resources, item =>
      visible(ctx, item),
    );
    requirePermission(
      canApproveAsConsumer(ctx.sim.store, ctx.user, resource.projectUuid) ||
        isProvider(ctx, resource),
    );
    const body = ctx.body();
    if (typeof body.name === 'string') resource.name = body.name;
    if (typeof body.description === 'string')
      resource.description = body.description;
    if (body.end_date !== undefined)
      resource.endDate = body.end_date as string | null;
    resource.modified = ctx.sim.store.now();
    return ok({
      name: resource.name,
      description: resource.description,
      end_date: resource.endDate,
    });
  };
}

/** RESOURCE.TERMINATE on project, project.customer or offering.customer. */
function terminate(
  visible: (ctx: RequestContext, resource: ResourceRecord) => boolean,
) {
  return (ctx: RequestContext) => {
    const resource = lookup(ctx, ctx.sim.store.resources, item =>
      visible(ctx, item),
    );
    requirePermission(
      canOrderInProject(ctx.sim.store, ctx.user, resource.projectUuid) ||
        isProvider(ctx, resource),
    );
    requireResourceState(resource, ['OK', 'Erred']);
    const attributes = (ctx.body().attributes as JsonObject | undefined) ?? {};
    const order = terminateResource(ctx.sim, ctx.user, resource, attributes);
    return ok({ order_uuid: order.uuid });
  };
}

/** Provider-side actions need permissions on the offering's organization. */
function providerResource(ctx: RequestContext): ResourceRecord {
  const resource = lookup(ctx, ctx.sim.store.resources, item =>
    providerVisible(ctx, item),
  );
  requirePermission(isProvider(ctx, resource));
  return resource;
}

function consumerResource(ctx: RequestContext): ResourceRecord {
  const resource = lookup(ctx, ctx.sim.store.resources, item =>
    consumerVisible(ctx, item),
  );
  requirePermission(
    canOrderInProject(ctx.sim.store, ctx.user, resource.projectUuid),
  );
  return resource;
}

function status(text: string) {
  return ok({ status: text });
}

export const resourceRoutes: Route[] = [
  ...listRoutes(CONSUMER, list(consumerVisible)),
  route('GET', `${CONSUMER}{uuid}/`, ctx =>
    detail(
      ctx,
      renderResource(
        renderContext(ctx),
        lookup(ctx, ctx.sim.store.resources, item =>
          consumerVisible(ctx, item),
        ),
      ),
    ),
  ),
  route('PUT', `${CONSUMER}{uuid}/`, update(consumerVisible)),
  route('PATCH', `${CONSUMER}{uuid}/`, update(consumerVisible)),
  route('POST', `${CONSUMER}{uuid}/terminate/`, terminate(consumerVisible)),

  route('POST', `${CONSUMER}{uuid}/switch_plan/`, ctx => {
    const resource = consumerResource(ctx);
    requireResourceState(resource, ['OK']);
    const [, planUuid] = parseRelation('plan', ctx.body().plan, [
      'publicPlan',
    ]).uuids;
    const plan = ctx.sim.store.plans.get(planUuid);
    if (!plan)
      throw fieldError('plan', 'Invalid hyperlink - Object does not exist.');
    return ok({
      order_uuid: switchPlan(ctx.sim, ctx.user, resource, plan).uuid,
    });
  }),

  route('POST', `${CONSUMER}{uuid}/update_limits/`, ctx => {
    const resource = consumerResource(ctx);
    requireResourceState(resource, ['OK']);
    const limits = ctx.body().limits as Record<string, number>;
    return ok({
      order_uuid: updateLimits(ctx.sim, ctx.user, resource, limits).uuid,
    });
  }),

  ...listRoutes(PROVIDER, list(providerVisible)),
  route('GET', `${PROVIDER}{uuid}/`, ctx =>
    detail(
      ctx,
      renderResource(
        renderContext(ctx),
        lookup(ctx, ctx.sim.store.resources, item =>
          providerVisible(ctx, item),
        ),
      ),
    ),
  ),
  route('PUT', `${PROVIDER}{uuid}/`, update(providerVisible)),
  route('PATCH', `${PROVIDER}{uuid}/`, update(providerVisible)),
  route('POST', `${PROVIDER}{uuid}/terminate/`, terminate(providerVisible)),

  route('POST', `${PROVIDER}{uuid}/set_backend_id/`, ctx => {
    const resource = providerResource(ctx);
    const backendId = str(ctx.body(), 'backend_id');
    if (backendId === resource.backendId) {
      return status('Resource backend_id is not changed.');
    }
    resource.backendId = backendId;
    resource.modified = ctx.sim.store.now();
    return status('Resource backend_id has been changed.');
  }),

  route('POST', `${PROVIDER}{uuid}/set_backend_metadata/`, ctx => {
    const resource = providerResource(ctx);
    const metadata = ctx.body().backend_metadata;
    if (
      typeof metadata !== 'object' ||
      metadata === null ||
      Array.isArray(metadata)
    ) {
      throw fieldError('backend_metadata', 'Expected a dictionary of items.');
    }
    resource.backendMetadata = metadata as JsonObject;
    resource.modified = ctx.sim.store.now();
    return status('The backend metadata is updated');
  }),

  route('POST', `${PROVIDER}{uuid}/set_limits/`, ctx => {
    const resource = providerResource(ctx);
    const limits = ctx.body().limits;
    // The schema allows any JSON, but resources render limits as integers.
    const valid =
      typeof limits === 'object' &&
      limits !== null &&
      !Array.isArray(limits) &&
      Object.values(limits).every(Number.isInteger);
    if (!valid) {
      throw fieldError('limits', 'Expected a dictionary of integers.');
    }
    resource.limits = limits as Record<string, number>;
    resource.modified = ctx.sim.store.now();
    // Assumed wording; the 2024 source has no provider set_limits action.
    return status('Resource limits have been updated.');
  }),

  route('POST', `${PROVIDER}{uuid}/submit_report/`, ctx => {
    const resource = providerResource(ctx);
    resource.report = ctx.body().report as ResourceRecord['report'];
    return status('Report is submitted');
  }),

  route('POST', `${PROVIDER}{uuid}/set_as_ok/`, ctx => {
    const resource = providerResource(ctx);
    resource.state = 'OK';
    resource.modified = ctx.sim.store.now();
    return ok();
  }),

  route('POST', `${PROVIDER}{uuid}/set_as_erred/`, ctx => {
    const resource = providerResource(ctx);
    const body = ctx.body();
    resource.errorMessage = str(body, 'error_message');
    resource.errorTraceback = str(body, 'error_traceback');
    const wasOk = resource.state === 'OK';
    resource.state = 'Erred';
    resource.modified = ctx.sim.store.now();
    if (wasOk) {
      logResourceEvent(
        ctx.sim,
        resource,
        'marketplace_resource_erred_on_backend',
        'Resource {resource_name} has been erred on backend.',
        ctx.user,
      );
    }
    return ok();
  }),
];
