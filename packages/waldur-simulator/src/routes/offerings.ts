import {
  addComponent,
  createOffering,
  OFFERING_TRANSITIONS,
  plansOfOffering,
  removeComponent,
  transitionOffering,
  updateComponent,
  type PlanFields,
} from '../catalog';
import {
  ApiError,
  fieldError,
  permissionDenied,
  validationError,
} from '../errors';
import { SUPPORTED_OFFERING_TYPES } from '../orderFlow';
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
  canSeeConsumerObject,
  connectedCustomers,
  seesEverything,
} from '../permissions';
import {
  renderProviderOffering,
  renderPublicOffering,
} from '../render/offerings';
import { renderOrder } from '../render/orders';
import { pickDeclared } from '../requestValidation';
import { listRoutes, route, type RequestContext, type Route } from '../router';
import type { JsonObject, OfferingRecord } from '../store';
import { parseRelation } from '../urls';
import {
  detail,
  lookup,
  ok,
  renderContext,
  requirePermission,
  str,
} from './common';

const STATES = [
  'Draft',
  'Active',
  'Paused',
  'Archived',
  'Unavailable',
] as const;
const BASE = '/api/marketplace-provider-offerings/';

const offeringFilters = {
  customer_uuid: uuidEquals('customer_uuid'),
  customer: uuidEquals('customer_uuid', 'customer'),
  category_uuid: uuidEquals('category_uuid'),
  state: choice('state', STATES),
  type: equals('type'),
  name: contains('name'),
  name_exact: equals('name'),
  query: contains('name', 'description', 'uuid'),
  shared: booleanEquals('shared'),
  billable: booleanEquals('billable'),
  uuid_list: (item: Record<string, unknown>, values: string[]) =>
    values.some(value => value.split(',').includes(String(item.uuid))),
};

/** Assumed: provider views show the offerings of the caller's organizations. */
function visibleToProvider(
  ctx: RequestContext,
  offering: OfferingRecord,
): boolean {
  return (
    seesEverything(ctx.user) ||
    connectedCustomers(ctx.sim.store, ctx.user).has(offering.customerUuid)
  );
}

/** Public catalogue: shared offerings that can be ordered, plus your own. */
function visiblePublicly(
  ctx: RequestContext,
  offering: OfferingRecord,
): boolean {
  return (
    visibleToProvider(ctx, offering) ||
    (offering.fields.shared !== false &&
      (offering.state === 'Active' || offering.state === 'Paused'))
  );
}

function findOffering(ctx: RequestContext): OfferingRecord {
  return lookup(ctx, ctx.sim.store.offerings, offering =>
    visibleToProvider(ctx, offering),
  );
}

/** Provider actions need OFFERING.* permissions on the offering's organization. */
function managedOffering(ctx: RequestContext): OfferingRecord {
  const offering = findOffering(ctx);
  requirePermission(
    canActAsProvider(ctx.sim.store, ctx.user, offering.customerUuid),
  );
  return offering;
}

function createFromBody(ctx: RequestContext) {
  const { store } = ctx.sim;
  const body = ctx.body();
  if (body.customer === undefined || body.customer === null) {
    // The schema marks it optional, but Waldur's validator reads attrs["customer"].
    throw fieldError('customer', 'This field is required.');
  }
  const [customerUuid] = parseRelation('customer', body.customer, [
    'customer',
  ]).uuids;
  if (!store.customers.has(customerUuid)) {
    throw fieldError('customer', 'Invalid hyperlink - Object does not exist.');
  }
  const [categoryUuid] = parseRelation('category', body.category, [
    'category',
  ]).uuids;
  if (!store.categories.has(categoryUuid)) {
    throw fieldError('category', 'Invalid hyperlink - Object does not exist.');
  }
  if (!canActAsProvider(store, ctx.user, customerUuid))
    throw permissionDenied();
  if (
    ![...store.serviceProviders.values()].some(
      sp => sp.customerUuid === customerUuid,
    )
  ) {
    // Assumed wording: only service provider organizations may own offerings.
    throw fieldError('customer', 'Organization is not a service provider.');
  }
  const type = str(body, 'type');
  if (!SUPPORTED_OFFERING_TYPES.includes(type)) {
    // Only the Basic and site-agent plugin types are registered here.
    throw fieldError('type', 'Invalid value.');
  }
  const declared = pickDeclared(ctx.method, ctx.path, body);
  const {
    components = [],
    plans,
    limits = {},
    customer: _customer,
    category: _category,
    type: _type,
    image: _image,
    thumbnail: _thumbnail,
    ...fields
  } = declared;
  if (Array.isArray(plans) && plans.length === 0) {
    throw fieldError('plans', 'At least one plan should be specified.');
  }
  return createOffering(
    ctx.sim,
    {
      customerUuid,
      categoryUuid,
      type,
      fields,
      components: components as JsonObject[],
      plans: (plans ?? []) as PlanFields[],
      limits: limits as Record<string, JsonObject>,
    },
    ctx.user,
  );
}

/** An action that edits some offering fields and answers 200 without a body. */
function fieldUpdate(
  action: string,
  apply: (
    offering: OfferingRecord,
    body: JsonObject,
    ctx: RequestContext,
  ) => void,
): Route {
  return route('POST', `${BASE}{uuid}/${action}/`, ctx => {
    const offering = managedOffering(ctx);
    apply(offering, pickDeclared(ctx.method, ctx.path, ctx.body()), ctx);
    return ok();
  });
}

function componentByUuid(offering: OfferingRecord, uuid: unknown) {
  const component = offering.components.find(c => c.uuid === uuid);
  // Assumed wording for an unknown component UUID.
  if (!component)
    throw fieldError('uuid', 'Offering component does not exist.');
  return component;
}

const stateRoutes = Object.keys(OFFERING_TRANSITIONS).map(action =>
  route('POST', `${BASE}{uuid}/${action}/`, ctx => {
    const offering = managedOffering(ctx);
    const body = action === 'pause' ? ctx.body() : undefined;
    transitionOffering(ctx.sim, offering, action, ctx.user);
    if (body && typeof body.paused_reason === 'string') {
      offering.pausedReason = body.paused_reason;
    }
    if (offering.state === 'Active') offering.pausedReason = '';
    return ok({ detail: 'Offering state updated.', state: offering.state });
  }),
);

export const offeringRoutes: Route[] = [
  ...listRoutes(BASE, ctx => {
    const items = [...ctx.sim.store.offerings.values()]
      .filter(offering => visibleToProvider(ctx, offering))
      .map(offering => renderProviderOffering(renderContext(ctx), offering));
    return listResponse(ctx, items, {
      ordering: '-created',
      filters: offeringFilters,
    });
  }),

  route('POST', BASE, ctx =>
    ok(renderProviderOffering(renderContext(ctx), createFromBody(ctx)), 201),
  ),

  route('GET', `${BASE}{uuid}/`, ctx =>
    detail(ctx, renderProviderOffering(renderContext(ctx), findOffering(ctx))),
  ),

  route('DELETE', `${BASE}{uuid}/`, ctx => {
    const offering = managedOffering(ctx);
    if (offering.state !== 'Draft') {
      throw permissionDenied(
        'Offering was not deleted since offering is not in draft state.',
      );
    }
    for (const plan of plansOfOffering(ctx.sim, offering.uuid)) {
      ctx.sim.store.plans.delete(plan.uuid);
    }
    ctx.sim.store.offerings.delete(offering.uuid);
    return ok(undefined, 204);
  }),

  ...stateRoutes,

  fieldUpdate('update_overview', (offering, body) => {
    Object.assign(offering.fields, body);
  }),
  fieldUpdate('update_description', (offering, body, ctx) => {
    const [categoryUuid] = parseRelation('category', body.category, [
      'category',
    ]).uuids;
    if (!ctx.sim.store.categories.has(categoryUuid)) {
      throw fieldError(
        'category',
        'Invalid hyperlink - Object does not exist.',
      );
    }
    offering.categoryUuid = categoryUuid;
  }),
  fieldUpdate('update_options', (offering, body) => {
    offering.fields.options = body.options;
  }),
  fieldUpdate('update_resource_options', (offering, body) => {
    offering.fields.resource_options = body.resource_options;
  }),
  fieldUpdate('update_integration', (offering, body) => {
    Object.assign(offering.fields, body);
  }),
  fieldUpdate('set_backend_metadata', (offering, body) => {
    offering.fields.backend_metadata = body.backend_metadata ?? {};
  }),

  route('POST', `${BASE}{uuid}/update_attributes/`, ctx => {
    const offering = managedOffering(ctx);
    // The request body is the attributes object itself.
    offering.fields.attributes = ctx.body();
    return ok();
  }),

  route('POST', `${BASE}{uuid}/create_offering_component/`, ctx => {
    const offering = managedOffering(ctx);
    addComponent(
      ctx.sim,
      offering,
      pickDeclared(ctx.method, ctx.path, ctx.body()),
      ctx.user,
    );
    return ok(undefined, 201);
  }),

  route('POST', `${BASE}{uuid}/update_offering_component/`, ctx => {
    const offering = managedOffering(ctx);
    const { uuid, ...fields } = pickDeclared(ctx.method, ctx.path, ctx.body());
    const component = componentByUuid(offering, String(uuid).replace(/-/g, ''));
    if (
      fields.type !== component.type &&
      offering.components.some(c => c.type === fields.type)
    ) {
      throw validationError(
        `Component with type ${String(fields.type)} already exists.`,
      );
    }
    updateComponent(ctx.sim, offering, component, fields, ctx.user);
    return ok();
  }),

  route('POST', `${BASE}{uuid}/remove_offering_component/`, ctx => {
    const offering = managedOffering(ctx);
    const body = ctx.body();
    const component = componentByUuid(
      offering,
      String(body.uuid).replace(/-/g, ''),
    );
    const used = [...ctx.sim.store.usages.values()].some(
      usage =>
        usage.componentType === component.type &&
        ctx.sim.store.resources.get(usage.resourceUuid)?.offeringUuid ===
          offering.uuid,
    );
    if (used) {
      // Assumed: Waldur protects components that already have usage records.
      throw new ApiError(400, ['Component with usages cannot be removed.']);
    }
    removeComponent(ctx.sim, offering, component, ctx.user);
    return ok();
  }),

  route('GET', `${BASE}{uuid}/orders/`, ctx => {
    const offering = managedOffering(ctx);
    const items = [...ctx.sim.store.orders.values()]
      .filter(order => order.offeringUuid === offering.uuid)
      .map(order => renderOrder(renderContext(ctx), order));
    return listResponse(ctx, items, { ordering: '-created' });
  }),

  route('GET', `${BASE}{uuid}/orders/{order_uuid}/`, ctx => {
    const offering = managedOffering(ctx);
    const order = lookup(
      ctx,
      ctx.sim.store.orders,
      candidate =>
        candidate.offeringUuid === offering.uuid &&
        canSeeConsumerObject(
          ctx.sim.store,
          ctx.user,
          candidate.projectUuid,
          offering.uuid,
        ),
      'order_uuid',
    );
    return detail(ctx, renderOrder(renderContext(ctx), order));
  }),

  ...listRoutes('/api/marketplace-public-offerings/', ctx => {
    const items = [...ctx.sim.store.offerings.values()]
      .filter(offering => visiblePublicly(ctx, offering))
      .map(offering => renderPublicOffering(renderContext(ctx), offering));
    return listResponse(ctx, items, {
      ordering: '-created',
      filters: offeringFilters,
    });
  }),

  route('GET', '/api/marketplace-public-offerings/{uuid}/', ctx => {
    const offering = lookup(ctx, ctx.sim.store.offerings, candidate =>
      visiblePublicly(ctx, candidate),
    );
    return detail(ctx, renderPublicOffering(renderContext(ctx), offering));
  }),
];
