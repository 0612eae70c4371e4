import { fieldError } from '../errors';
import { canSeeCustomer, canSeeProject, isCustomerOwner } from '../permissions';
import { contains, equals, listResponse, uuidEquals } from '../paging';
import { renderProject } from '../render/structure';
import { pickDeclared } from '../requestValidation';
import { listRoutes, route, type RequestContext, type Route } from '../router';
import { createProject, deleteProject, updateProject } from '../structure';
import { parseRelation } from '../urls';
import { detail, lookup, ok, renderContext, requirePermission } from './common';

function findProject(ctx: RequestContext) {
  return lookup(ctx, ctx.sim.store.projects, project =>
    canSeeProject(ctx.sim.store, ctx.user, project.uuid),
  );
}

/** Writable fields minus `customer`, which is protected after creation. */
function projectFields(ctx: RequestContext) {
  const { customer: _customer, ...fields } = pickDeclared(
    ctx.method,
    ctx.path,
    ctx.body(),
  );
  return fields;
}

function update(ctx: RequestContext) {
  const project = findProject(ctx);
  requirePermission(
    isCustomerOwner(ctx.sim.store, ctx.user, project.customerUuid),
  );
  updateProject(ctx.sim, project, projectFields(ctx), ctx.user);
  return detail(ctx, renderProject(renderContext(ctx), project));
}

export const projectRoutes: Route[] = [
  ...listRoutes('/api/projects/', ctx => {
    const { store } = ctx.sim;
    const items = [...store.projects.values()]
      .filter(project => canSeeProject(store, ctx.user, project.uuid))
      .map(project => renderProject(renderContext(ctx), project));
    return listResponse(ctx, items, {
      ordering: 'name',
      filters: {
        customer: uuidEquals('customer_uuid', 'customer'),
        name: contains('name'),
        name_exact: equals('name'),
        query: contains('name', 'uuid'),
        backend_id: equals('backend_id'),
      },
    });
  }),

  route('POST', '/api/projects/', ctx => {
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
    const project = createProject(
      ctx.sim,
      customerUuid,
      projectFields(ctx),
      ctx.user,
    );
    return ok(renderProject(renderContext(ctx), project), 201);
  }),

  route('GET', '/api/projects/{uuid}/', ctx =>
    detail(ctx, renderProject(renderContext(ctx), findProject(ctx))),
  ),
  route('PUT', '/api/projects/{uuid}/', update),
  route('PATCH', '/api/projects/{uuid}/', update),

  route('DELETE', '/api/projects/{uuid}/', ctx => {
    const project = findProject(ctx);
    requirePermission(
      isCustomerOwner(ctx.sim.store, ctx.user, project.customerUuid),
    );
    deleteProject(ctx.sim, project, ctx.user);
    return ok(undefined, 204);
  }),
];
