import { login } from '../auth';
import { connectedCustomers, seesEverything } from '../permissions';
import { renderUser } from '../render/structure';
import { route, type Route } from '../router';
import { detail, lookup, ok, renderContext, str } from './common';

/**
 * Authentication and "who am I". A buyer's token is validated with
 * GET /api/users/me/; its `permissions` list (scope_type "customer" or
 * "project", scope_uuid, customer_uuid, role_name) tells which organizations
 * the buyer belongs to.
 */
export const userRoutes: Route[] = [
  route(
    'POST',
    '/api-auth/password/',
    ctx => {
      const body = ctx.body();
      return ok({
        token: login(
          ctx.sim.store,
          str(body, 'username'),
          str(body, 'password'),
        ),
      });
    },
    { public: true },
  ),

  route('GET', '/api/users/me/', ctx =>
    detail(ctx, renderUser(renderContext(ctx), ctx.user, true)),
  ),

  route('GET', '/api/users/{uuid}/', ctx => {
    const { store } = ctx.sim;
    const mine = connectedCustomers(store, ctx.user);
    // Assumed visibility: yourself, staff/support, and members of your organizations.
    const user = lookup(
      ctx,
      store.users,
      candidate =>
        candidate.uuid === ctx.user.uuid ||
        seesEverything(ctx.user) ||
        [...connectedCustomers(store, candidate)].some(uuid => mine.has(uuid)),
    );
    return detail(
      ctx,
      renderUser(renderContext(ctx), user, user.uuid === ctx.user.uuid),
    );
  }),
];
