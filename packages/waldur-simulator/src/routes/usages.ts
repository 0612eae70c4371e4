import { ApiError } from '../errors';
import { normalizeUuid } from '../ids';
import { equals, listResponse, uuidEquals } from '../paging';
import { canActAsProvider, canSeeConsumerObject } from '../permissions';
import { renderUsage } from '../render/billing';
import { listRoutes, route, type RequestContext, type Route } from '../router';
import type { OfferingRecord, ResourceRecord, UsageRecord } from '../store';
import { setUsage, validateUsageReport, type UsageItem } from '../usage';
import { detail, lookup, ok, renderContext, requirePermission } from './common';

const BASE = '/api/marketplace-component-usages/';

function visible(ctx: RequestContext, usage: UsageRecord): boolean {
  const resource = ctx.sim.store.resources.get(usage.resourceUuid);
  return (
    !!resource &&
    canSeeConsumerObject(
      ctx.sim.store,
      ctx.user,
      resource.projectUuid,
      resource.offeringUuid,
    )
  );
}

/** `billing_period` may be sent as YYYY-MM-DD or YYYY-MM. */
function samePeriod(item: Record<string, unknown>, values: string[]): boolean {
  return values.some(value =>
    String(item.billing_period).startsWith(value.slice(0, 7)),
  );
}

export const usageRoutes: Route[] = [
  ...listRoutes(BASE, ctx => {
    const items = [...ctx.sim.store.usages.values()]
      .filter(usage => visible(ctx, usage))
      .map(usage => renderUsage(renderContext(ctx), usage));
    return listResponse(ctx, items, {
      ordering: '-date,type',
      filters: {
        resource_uuid: uuidEquals('resource_uuid'),
        offering_uuid: uuidEquals('offering_uuid'),
        project_uuid: uuidEquals('project_uuid'),
        customer_uuid: uuidEquals('customer_uuid'),
        type: equals('type'),
        billing_period: samePeriod,
        billing_period_year: (item, values) =>
          values.includes(String(item.billing_period).slice(0, 4)),
        billing_period_month: (item, values) =>
          values
            .map(Number)
            .includes(Number(String(item.billing_period).slice(5, 7))),
        date_after: (item, values) => values.every(v => String(item.date) >= v),
        date_before: (item, values) =>
          values.every(v => String(item.date) <= v),
      },
    });
  }),

  route('GET', `${BASE}{uuid}/`, ctx =>
    detail(
      ctx,
      renderUsage(
        renderContext(ctx),
        lookup(ctx, ctx.sim.store.usages, usage => visible(ctx, usage)),
      ),
    ),
  ),

  route('POST', `${BASE}set_usage/`, ctx => {
    const { store } = ctx.sim;
    const body = ctx.body();
    let resource: ResourceRecord | undefined;
    if (typeof body.plan_period === 'string') {
      // Plan periods are not modelled; every period lookup fails like an unknown UUID.
      throw new ApiError(400, {
        plan_period: [`Object with uuid=${body.plan_period} does not exist.`],
      });
    }
    if (typeof body.resource === 'string') {
      resource = store.resources.get(normalizeUuid(body.resource) ?? '');
      if (!resource) {
        throw new ApiError(400, {
          resource: [`Object with uuid=${body.resource} does not exist.`],
        });
      }
    }
    if (!resource) {
      throw new ApiError(400, {
        non_field_errors: [
          'Either plan_period or resource should be provided.',
        ],
      });
    }
    const usages = body.usages as UsageItem[];
    // Like Waldur: the serializer validates before the permission check.
    validateUsageReport(store, resource, usages);
    const offering = store.offerings.get(
      resource.offeringUuid,
    ) as OfferingRecord;
    requirePermission(canActAsProvider(store, ctx.user, offering.customerUuid));
    setUsage(
      ctx.sim,
      resource,
      usages,
      typeof body.date === 'string' ? new Date(body.date) : undefined,
    );
    return ok(undefined, 201);
  }),
];
