import { notFound, permissionDenied } from '../errors';
import { sparse } from '../paging';
import type { RenderContext } from '../render/structure';
import type { Reply, RequestContext } from '../router';

/** Render context for the host the client used (DRF builds absolute URLs per request). */
export function renderContext(ctx: RequestContext): RenderContext {
  return { store: ctx.sim.store, baseUrl: ctx.baseUrl };
}

/** Looks an object up by the `uuid` path parameter; invisible objects are 404 like in DRF. */
export function lookup<T>(
  ctx: RequestContext,
  map: Map<string, T>,
  visible: (item: T) => boolean = () => true,
  param = 'uuid',
): T {
  const item = map.get(ctx.params[param]);
  if (!item || !visible(item)) throw notFound();
  return item;
}

export function ok(body?: unknown, status = 200): Reply {
  return { status, body };
}

/** A retrieve response honouring `field=` sparse fieldsets. */
export function detail(ctx: RequestContext, item: object): Reply {
  return ok(sparse(item, ctx.query));
}

export function requirePermission(allowed: boolean): void {
  if (!allowed) throw permissionDenied();
}

export function requireStaff(ctx: RequestContext): void {
  requirePermission(ctx.user.isStaff);
}

/** Reads an optional string from a validated body. */
export function str(
  body: Record<string, unknown>,
  key: string,
  fallback = '',
): string {
  const value = body[key];
  return typeof value === 'string' ? value : fallback;
}
