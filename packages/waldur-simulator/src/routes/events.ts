import { canSeeEvent, groupsOf } from '../events';
import { contains, equals, listResponse } from '../paging';
import { renderEvent } from '../render/hooks';
import { listRoutes, type Route } from '../router';

/** The event log (/api/events/): events whose feed scopes the caller may see. */
export const eventRoutes: Route[] = [
  ...listRoutes('/api/events/', ctx => {
    const { store } = ctx.sim;
    const visible = [...store.events.values()].filter(event =>
      canSeeEvent(store, ctx.user, event),
    );
    const items = visible.map(renderEvent);
    const contextOf = (item: Record<string, unknown>) =>
      (item.context ?? {}) as Record<string, unknown>;
    // created_from/created_to are Unix timestamps in Waldur's event filter.
    const epoch = (item: Record<string, unknown>) =>
      new Date(String(item.created)).getTime() / 1000;
    return listResponse(ctx, items, {
      ordering: '-created',
      filters: {
        event_type: equals('event_type'),
        feature: (item, values) =>
          groupsOf(String(item.event_type)).some(group =>
            values.includes(group),
          ),
        customer_uuid: (item, values) =>
          values.includes(String(contextOf(item).customer_uuid)),
        project_uuid: (item, values) =>
          values.includes(String(contextOf(item).project_uuid)),
        user_uuid: (item, values) =>
          values.includes(String(contextOf(item).user_uuid)),
        message: contains('message'),
        created_from: (item, values) =>
          values.every(v => epoch(item) >= Number(v)),
        created_to: (item, values) =>
          values.every(v => epoch(item) <= Number(v)),
      },
    });
  }),
];
