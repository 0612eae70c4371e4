import { fieldError } from '../errors';
import { canSeeCustomer, isCustomerOwner } from '../permissions';
import { contains, listResponse, uuidEquals } from '../paging';
import { renderCategory, renderServiceProvider } from '../render/structure';
import { listRoutes, route, type RequestContext, type Route } from '../router';
import { createCategory, createServiceProvider } from '../structure';
import { parseRelation } from '../urls';
import {
  detail,
  lookup,
  ok,
  renderContext,
  requirePermission,
  requireStaff,
  str,
} from './common';

/** Service providers and marketplace categories (both readable by every user). */

function updateProvider(ctx: RequestContext) {
  const provider = lookup(ctx, ctx.sim.store.serviceProviders);
  requirePermission(
    isCustomerOwner(ctx.sim.store, ctx.user, provider.customerUuid),
  );
  const body = ctx.body();
  if (typeof body.description === 'string')
    provider.description = body.description;
  if (typeof body.enable_notifications === 'boolean') {
    provider.enableNotifications = body.enable_notifications;
  }
  return detail(ctx, renderServiceProvider(renderContext(ctx), provider));
}

export const providerRoutes: Route[] = [
  ...listRoutes('/api/marketplace-service-providers/', ctx => {
    const items = [...ctx.sim.store.serviceProviders.values()].map(provider =>
      renderServiceProvider(renderContext(ctx), provider),
    );
    return listResponse(ctx, items, {
      ordering: '-created',
      filters: {
        customer_uuid: uuidEquals('customer_uuid'),
        customer: uuidEquals('customer_uuid', 'customer'),
        customer_keyword: contains('customer_name', 'customer_abbreviation'),
      },
    });
  }),

  route('POST', '/api/marketplace-service-providers/', ctx => {
    const { store } = ctx.sim;
    const body = ctx.body();
    const [customerUuid] = parseRelation('customer', body.customer, [
      'customer',
    ]).uuids;
    if (
      !store.customers.has(customerUuid) ||
      !canSeeCustomer(store, ctx.user, customerUuid)
    ) {
      throw fieldError(
        'customer',
        'Invalid hyperlink - Object does not exist.',
      );
    }
    requirePermission(isCustomerOwner(store, ctx.user, customerUuid));
    const provider = createServiceProvider(ctx.sim, customerUuid, {
      description: str(body, 'description'),
      enableNotifications: body.enable_notifications !== false,
    });
    return ok(renderServiceProvider(renderContext(ctx), provider), 201);
  }),

  route('GET', '/api/marketplace-service-providers/{uuid}/', ctx =>
    detail(
      ctx,
      renderServiceProvider(
        renderContext(ctx),
        lookup(ctx, ctx.sim.store.serviceProviders),
      ),
    ),
  ),
  route('PUT', '/api/marketplace-service-providers/{uuid}/', updateProvider),
  route('PATCH', '/api/marketplace-service-providers/{uuid}/', updateProvider),

  ...listRoutes('/api/marketplace-categories/', ctx => {
    const items = [...ctx.sim.store.categories.values()].map(category =>
      renderCategory(renderContext(ctx), category),
    );
    return listResponse(ctx, items, {
      ordering: 'title',
      filters: { title: contains('title') },
    });
  }),

  route('POST', '/api/marketplace-categories/', ctx => {
    requireStaff(ctx);
    const body = ctx.body();
    const category = createCategory(
      ctx.sim,
      str(body, 'title'),
      str(body, 'description'),
    );
    return ok(renderCategory(renderContext(ctx), category), 201);
  }),

  route('GET', '/api/marketplace-categories/{uuid}/', ctx =>
    detail(
      ctx,
      renderCategory(renderContext(ctx), lookup(ctx, ctx.sim.store.categories)),
    ),
  ),
];
