import { canSeeCustomer, isCustomerOwner, rolesOf } from '../permissions';
import {
  booleanEquals,
  contains,
  equals,
  listResponse,
  uuidEquals,
} from '../paging';
import { renderCustomer } from '../render/structure';
import { pickDeclared } from '../requestValidation';
import { listRoutes, route, type RequestContext, type Route } from '../router';
import { createCustomer, deleteCustomer, updateCustomer } from '../structure';
import {
  detail,
  lookup,
  ok,
  renderContext,
  requirePermission,
  requireStaff,
} from './common';

function findCustomer(ctx: RequestContext) {
  return lookup(ctx, ctx.sim.store.customers, customer =>
    canSeeCustomer(ctx.sim.store, ctx.user, customer.uuid),
  );
}

function update(ctx: RequestContext) {
  const customer = findCustomer(ctx);
  requirePermission(isCustomerOwner(ctx.sim.store, ctx.user, customer.uuid));
  const fields = pickDeclared(ctx.method, ctx.path, ctx.body());
  updateCustomer(ctx.sim, customer, fields, ctx.user);
  return detail(ctx, renderCustomer(renderContext(ctx), customer));
}

export const customerRoutes: Route[] = [
  ...listRoutes('/api/customers/', ctx => {
    const { store } = ctx.sim;
    const items = [...store.customers.values()]
      .filter(customer => canSeeCustomer(store, ctx.user, customer.uuid))
      .map(customer => renderCustomer(renderContext(ctx), customer));
    return listResponse(ctx, items, {
      ordering: 'name',
      filters: {
        name: contains('name'),
        name_exact: equals('name'),
        abbreviation: contains('abbreviation'),
        query: contains('name', 'native_name', 'abbreviation', 'uuid'),
        is_service_provider: booleanEquals('is_service_provider'),
        service_provider_uuid: uuidEquals('service_provider_uuid'),
        owned_by_current_user: (item, values) =>
          values.every(
            value =>
              (value === 'true') ===
              rolesOf(store, ctx.user, 'customer', String(item.uuid)).includes(
                'CUSTOMER.OWNER',
              ),
          ),
        user_uuid: (item, values) =>
          [...store.roles.values()].some(
            role =>
              values.includes(role.userUuid) &&
              role.scopeType === 'customer' &&
              role.scopeUuid === item.uuid,
          ),
      },
    });
  }),

  route('POST', '/api/customers/', ctx => {
    requireStaff(ctx);
    const fields = pickDeclared(ctx.method, ctx.path, ctx.body());
    const customer = createCustomer(ctx.sim, fields, ctx.user);
    return ok(renderCustomer(renderContext(ctx), customer), 201);
  }),

  route('GET', '/api/customers/{uuid}/', ctx =>
    detail(ctx, renderCustomer(renderContext(ctx), findCustomer(ctx))),
  ),
  route('PUT', '/api/customers/{uuid}/', update),
  route('PATCH', '/api/customers/{uuid}/', update),

  route('DELETE', '/api/customers/{uuid}/', ctx => {
    const customer = findCustomer(ctx);
    requireStaff(ctx);
    deleteCustomer(ctx.sim, customer, ctx.user);
    return ok(undefined, 204);
  }),
];
