import { applyHookChanges, createHook, type HookChanges } from '../hooks';
import {
  booleanEquals,
  choice,
  contains,
  equals,
  listResponse,
  uuidEquals,
} from '../paging';
import { renderHook } from '../render/hooks';
import { listRoutes, route, type RequestContext, type Route } from '../router';
import type { HookRecord, JsonObject } from '../store';
import { detail, lookup, ok, renderContext } from './common';

/** Web hooks (/api/hooks-web/), owned by their author. */

const BASE = '/api/hooks-web/';

function findHook(ctx: RequestContext): HookRecord {
  return lookup(
    ctx,
    ctx.sim.store.hooks,
    hook => ctx.user.isStaff || hook.authorUuid === ctx.user.uuid,
  );
}

function changesFrom(body: JsonObject): HookChanges {
  return {
    destinationUrl: body.destination_url as string | undefined,
    isActive: body.is_active as boolean | undefined,
    contentType: body.content_type as 'json' | 'form' | undefined,
    eventTypes: body.event_types as string[] | undefined,
    eventGroups: body.event_groups as string[] | undefined,
  };
}

function update(ctx: RequestContext) {
  const hook = findHook(ctx);
  const draft = { ...hook };
  applyHookChanges(draft, changesFrom(ctx.body()));
  Object.assign(hook, draft, { modified: ctx.sim.store.now() });
  return detail(ctx, renderHook(renderContext(ctx), hook));
}

export const hookRoutes: Route[] = [
  ...listRoutes(BASE, ctx => {
    const items = [...ctx.sim.store.hooks.values()]
      .filter(hook => ctx.user.isStaff || hook.authorUuid === ctx.user.uuid)
      .map(hook => renderHook(renderContext(ctx), hook));
    return listResponse(ctx, items, {
      ordering: '-created',
      filters: {
        author_uuid: uuidEquals('author_uuid'),
        author_username: equals('author_username'),
        is_active: booleanEquals('is_active'),
        destination_url: equals('destination_url'),
        content_type: choice('content_type', ['json', 'form']),
        query: contains('destination_url', 'author_username'),
      },
    });
  }),

  route('POST', BASE, ctx => {
    const hook = createHook(
      ctx.sim.store,
      ctx.user.uuid,
      changesFrom(ctx.body()),
    );
    return ok(renderHook(renderContext(ctx), hook), 201);
  }),

  route('GET', `${BASE}{uuid}/`, ctx =>
    detail(ctx, renderHook(renderContext(ctx), findHook(ctx))),
  ),
  route('PUT', `${BASE}{uuid}/`, update),
  route('PATCH', `${BASE}{uuid}/`, update),

  route('DELETE', `${BASE}{uuid}/`, ctx => {
    ctx.sim.store.hooks.delete(findHook(ctx).uuid);
    return ok(undefined, 204);
  }),
];
