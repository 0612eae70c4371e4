import {
  archivePlan,
  createPlan,
  updatePlan,
  updatePrices,
  updateQuotas,
  type PlanFields,
} from '../catalog';
import { fieldError } from '../errors';
import { listResponse, uuidOf } from '../paging';
import {
  canActAsProvider,
  connectedCustomers,
  seesEverything,
} from '../permissions';
import { renderPlan } from '../render/offerings';
import { pickDeclared } from '../requestValidation';
import { listRoutes, route, type RequestContext, type Route } from '../router';
import type { OfferingRecord, PlanRecord } from '../store';
import { parseRelation } from '../urls';
import { detail, lookup, ok, renderContext, requirePermission } from './common';

const BASE = '/api/marketplace-plans/';

function offeringOf(ctx: RequestContext, plan: PlanRecord): OfferingRecord {
  return ctx.sim.store.offerings.get(plan.offeringUuid) as OfferingRecord;
}

/** Assumed: plans are listed for the offerings of the caller's organizations. */
function visible(ctx: RequestContext, plan: PlanRecord): boolean {
  return (
    seesEverything(ctx.user) ||
    connectedCustomers(ctx.sim.store, ctx.user).has(
      offeringOf(ctx, plan).customerUuid,
    )
  );
}

/** OFFERING.UPDATE_PLAN on `offering.customer`. */
function managedPlan(ctx: RequestContext): PlanRecord {
  const plan = lookup(ctx, ctx.sim.store.plans, candidate =>
    visible(ctx, candidate),
  );
  requirePermission(
    canActAsProvider(
      ctx.sim.store,
      ctx.user,
      offeringOf(ctx, plan).customerUuid,
    ),
  );
  return plan;
}

function update(ctx: RequestContext) {
  const plan = managedPlan(ctx);
  const { offering: _offering, ...fields } = pickDeclared(
    ctx.method,
    ctx.path,
    ctx.body(),
  );
  updatePlan(ctx.sim, plan, fields as Partial<PlanFields>, ctx.user);
  return detail(ctx, renderPlan(renderContext(ctx), plan, 'details'));
}

export const planRoutes: Route[] = [
  ...listRoutes(BASE, ctx => {
    const items = [...ctx.sim.store.plans.values()]
      .filter(plan => visible(ctx, plan))
      .map(plan => renderPlan(renderContext(ctx), plan, 'details'));
    return listResponse(ctx, items, {
      filters: {
        offering_uuid: uuidOf(
          'offering_uuid',
          item => ctx.sim.store.plans.get(String(item.uuid))?.offeringUuid,
        ),
      },
    });
  }),

  route('POST', BASE, ctx => {
    const { store } = ctx.sim;
    const { offering: offeringUrl, ...fields } = pickDeclared(
      ctx.method,
      ctx.path,
      ctx.body(),
    );
    const [offeringUuid] = parseRelation('offering', offeringUrl, [
      'providerOffering',
    ]).uuids;
    const offering = store.offerings.get(offeringUuid);
    if (!offering)
      throw fieldError(
        'offering',
        'Invalid hyperlink - Object does not exist.',
      );
    requirePermission(canActAsProvider(store, ctx.user, offering.customerUuid));
    const plan = createPlan(
      ctx.sim,
      offering,
      fields as unknown as PlanFields,
      ctx.user,
    );
    return ok(renderPlan(renderContext(ctx), plan, 'details'), 201);
  }),

  route('GET', `${BASE}{uuid}/`, ctx => {
    const plan = lookup(ctx, ctx.sim.store.plans, candidate =>
      visible(ctx, candidate),
    );
    return detail(ctx, renderPlan(renderContext(ctx), plan, 'details'));
  }),
  route('PUT', `${BASE}{uuid}/`, update),
  route('PATCH', `${BASE}{uuid}/`, update),

  route('POST', `${BASE}{uuid}/archive/`, ctx => {
    archivePlan(ctx.sim, managedPlan(ctx), ctx.user);
    return ok();
  }),

  route('POST', `${BASE}{uuid}/update_prices/`, ctx => {
    const plan = managedPlan(ctx);
    const body = ctx.body();
    updatePrices(
      ctx.sim,
      plan,
      body.prices as Record<string, string>,
      ctx.user,
    );
    return ok();
  }),

  route('POST', `${BASE}{uuid}/update_quotas/`, ctx => {
    const plan = managedPlan(ctx);
    const body = ctx.body();
    updateQuotas(
      ctx.sim,
      plan,
      body.quotas as Record<string, number>,
      ctx.user,
    );
    return ok();
  }),
];
