import { formatDecimal, multiply, parseDecimal, sum } from './decimal';
import { validationError } from './errors';
import { emitEvent } from './events';
import type { Simulation } from './simulation';
import type {
  JsonObject,
  OfferingComponentRecord,
  OfferingRecord,
  PlanRecord,
  ScopeRef,
  UserRecord,
} from './store';
import type { BillingUnit, OfferingState } from './types';

/**
 * Offerings, their components and plans (the provider's catalogue).
 * Offering and plan events are visible through the offering and its
 * organization, as in Waldur's MarketplaceOfferingLogger/PlanLogger.
 */

function offeringScopes(offering: OfferingRecord): ScopeRef[] {
  return [
    { type: 'offering', uuid: offering.uuid },
    { type: 'customer', uuid: offering.customerUuid },
  ];
}

function offeringEvent(
  sim: Simulation,
  offering: OfferingRecord,
  type: string,
  message: string,
  context: JsonObject,
  actor?: UserRecord,
): void {
  emitEvent(sim, {
    type,
    message,
    context: {
      offering_uuid: offering.uuid,
      offering_name: String(offering.fields.name ?? ''),
      ...context,
    },
    scopes: offeringScopes(offering),
    actor,
  });
}

export function addComponent(
  sim: Simulation,
  offering: OfferingRecord,
  fields: JsonObject,
  actor?: UserRecord,
): OfferingComponentRecord {
  if (offering.components.some(component => component.type === fields.type)) {
    // Assumed wording for the (offering, type) uniqueness constraint.
    throw validationError(
      `Component with type ${String(fields.type)} already exists.`,
    );
  }
  const component = {
    ...fields,
    uuid: sim.store.uuid(),
  } as OfferingComponentRecord;
  offering.components.push(component);
  offeringEvent(
    sim,
    offering,
    'marketplace_offering_component_created',
    `Offering component ${component.name} has been created.`,
    {
      offering_component_name: component.name,
      offering_component_type: component.type,
    },
    actor,
  );
  return component;
}

export function updateComponent(
  sim: Simulation,
  offering: OfferingRecord,
  component: OfferingComponentRecord,
  fields: JsonObject,
  actor: UserRecord,
): void {
  const previousType = component.type;
  Object.assign(component, fields, { uuid: component.uuid });
  for (const plan of plansOfOffering(sim, offering.uuid)) {
    for (const item of plan.components) {
      if (item.type === previousType) item.type = component.type;
    }
  }
  offeringEvent(
    sim,
    offering,
    'marketplace_offering_component_updated',
    `Offering component ${component.name} has been updated.`,
    {
      offering_component_name: component.name,
      offering_component_type: component.type,
    },
    actor,
  );
}

export function removeComponent(
  sim: Simulation,
  offering: OfferingRecord,
  component: OfferingComponentRecord,
  actor: UserRecord,
): void {
  offering.components = offering.components.filter(c => c !== component);
  for (const plan of plansOfOffering(sim, offering.uuid)) {
    plan.components = plan.components.filter(
      item => item.type !== component.type,
    );
  }
  offeringEvent(
    sim,
    offering,
    'marketplace_offering_component_deleted',
    `Offering component ${component.name} has been deleted.`,
    {
      offering_component_name: component.name,
      offering_component_type: component.type,
    },
    actor,
  );
}

export function plansOfOffering(
  sim: Simulation,
  offeringUuid: string,
): PlanRecord[] {
  return [...sim.store.plans.values()].filter(
    plan => plan.offeringUuid === offeringUuid,
  );
}

export interface PlanFields {
  name: string;
  description?: string;
  unit?: BillingUnit;
  unit_price?: string | number;
  article_code?: string;
  max_amount?: number | null;
  archived?: boolean;
  backend_id?: string;
}

/** serializers.create_plan: a zero-priced plan component per offering component. */
export function createPlan(
  sim: Simulation,
  offering: OfferingRecord,
  fields: PlanFields,
  actor?: UserRecord,
): PlanRecord {
  const plan: PlanRecord = {
    uuid: sim.store.uuid(),
    offeringUuid: offering.uuid,
    created: sim.store.now(),
    name: fields.name,
    description: fields.description ?? '',
    // UnitPriceMixin's default billing unit is "day".
    unit: fields.unit ?? 'day',
    unitPrice: formatDecimal(parseDecimal(fields.unit_price ?? '0'), 10),
    articleCode: fields.article_code ?? '',
    maxAmount: fields.max_amount ?? null,
    archived: fields.archived ?? false,
    backendId: fields.backend_id ?? '',
    components: offering.components.map(component => ({
      type: component.type,
      price: formatDecimal(0n, 10),
      futurePrice: null,
      amount: 0,
    })),
  };
  sim.store.plans.set(plan.uuid, plan);
  planEvent(
    sim,
    plan,
    'marketplace_plan_created',
    `Plan ${plan.name} has been created.`,
    actor,
  );
  return plan;
}

export function updatePlan(
  sim: Simulation,
  plan: PlanRecord,
  fields: Partial<PlanFields>,
  actor: UserRecord,
): void {
  if (fields.name !== undefined) plan.name = fields.name;
  if (fields.description !== undefined) plan.description = fields.description;
  if (fields.unit !== undefined) plan.unit = fields.unit;
  if (fields.unit_price !== undefined) {
    plan.unitPrice = formatDecimal(parseDecimal(fields.unit_price), 10);
  }
  if (fields.article_code !== undefined) plan.articleCode = fields.article_code;
  if (fields.max_amount !== undefined) plan.maxAmount = fields.max_amount;
  if (fields.backend_id !== undefined) plan.backendId = fields.backend_id;
  if (fields.archived !== undefined && fields.archived !== plan.archived) {
    archivePlan(sim, plan, actor, fields.archived);
    return;
  }
  planEvent(
    sim,
    plan,
    'marketplace_plan_updated',
    `Plan ${plan.name} has been updated.`,
    actor,
  );
}

export function archivePlan(
  sim: Simulation,
  plan: PlanRecord,
  actor: UserRecord,
  archived = true,
): void {
  plan.archived = archived;
  planEvent(
    sim,
    plan,
    'marketplace_plan_archived',
    `Plan ${plan.name} has been archived.`,
    actor,
  );
}

function planEvent(
  sim: Simulation,
  plan: PlanRecord,
  type: string,
  message: string,
  actor?: UserRecord,
): void {
  const offering = sim.store.offerings.get(plan.offeringUuid) as OfferingRecord;
  offeringEvent(
    sim,
    offering,
    type,
    message,
    { plan_name: plan.name, plan_uuid: plan.uuid },
    actor,
  );
}

/** Plan components for component types not yet on the plan (validate_components). */
function ensurePlanComponents(
  offering: OfferingRecord,
  plan: PlanRecord,
  types: string[],
  validTypes: string[],
): void {
  const invalid = types.filter(type => !validTypes.includes(type)).sort();
  if (invalid.length > 0) {
    throw validationError(`Invalid components ${invalid.join(', ')}.`);
  }
  for (const type of types) {
    if (!plan.components.some(item => item.type === type)) {
      plan.components.push({
        type,
        price: formatDecimal(0n, 10),
        futurePrice: null,
        amount: 0,
      });
    }
  }
  plan.components.sort(
    (a, b) =>
      offering.components.findIndex(c => c.type === a.type) -
      offering.components.findIndex(c => c.type === b.type),
  );
}

/** Fixed components make up the plan's unit price. */
function refreshUnitPrice(offering: OfferingRecord, plan: PlanRecord): void {
  const fixed = plan.components.filter(
    item =>
      offering.components.find(c => c.type === item.type)?.billing_type ===
      'fixed',
  );
  if (fixed.length === 0) return;
  plan.unitPrice = formatDecimal(
    sum(
      fixed.map(item =>
        multiply(parseDecimal(item.price), parseDecimal(String(item.amount))),
      ),
    ),
    10,
  );
}

/**
 * PricesUpdateSerializer: components left out are reset to 0; once resources
 * use the plan only `future_price` changes (applied next billing period).
 */
export function updatePrices(
  sim: Simulation,
  plan: PlanRecord,
  prices: Record<string, string | number>,
  actor: UserRecord,
): void {
  const offering = sim.store.offerings.get(plan.offeringUuid) as OfferingRecord;
  ensurePlanComponents(
    offering,
    plan,
    Object.keys(prices),
    offering.components.map(c => c.type),
  );
  const inUse = [...sim.store.resources.values()].some(
    resource => resource.planUuid === plan.uuid,
  );
  for (const item of plan.components) {
    const price = formatDecimal(parseDecimal(prices[item.type] ?? '0'), 10);
    if (inUse) {
      item.futurePrice = price;
    } else if (item.price !== price) {
      item.price = price;
      planEvent(
        sim,
        plan,
        'marketplace_plan_component_current_price_updated',
        `Current price of component ${item.type} in plan ${plan.name} has been updated.`,
        actor,
      );
    }
  }
  refreshUnitPrice(offering, plan);
}

/** QuotasUpdateSerializer: amounts of fixed components; others reset to 0. */
export function updateQuotas(
  sim: Simulation,
  plan: PlanRecord,
  quotas: Record<string, number>,
  actor: UserRecord,
): void {
  const offering = sim.store.offerings.get(plan.offeringUuid) as OfferingRecord;
  ensurePlanComponents(
    offering,
    plan,
    Object.keys(quotas),
    offering.components
      .filter(c => c.billing_type === 'fixed')
      .map(c => c.type),
  );
  for (const item of plan.components) {
    const isFixed =
      offering.components.find(c => c.type === item.type)?.billing_type ===
      'fixed';
    if (!isFixed) continue;
    const amount = quotas[item.type] ?? 0;
    if (item.amount !== amount) {
      item.amount = amount;
      planEvent(
        sim,
        plan,
        'marketplace_plan_component_quota_updated',
        `Quota of component ${item.type} in plan ${plan.name} has been updated.`,
        actor,
      );
    }
  }
  refreshUnitPrice(offering, plan);
}

interface Transition {
  from: OfferingState[] | '*';
  to: OfferingState;
  /** activate/unpause require at least one plan (offering_has_plans). */
  needsPlans?: boolean;
}

/**
 * Offering state actions. make_available/make_unavailable are not in the
 * 2024 source; assumed to toggle between Active/Paused and Unavailable.
 */
export const OFFERING_TRANSITIONS: Record<string, Transition> = {
  activate: { from: ['Draft', 'Paused'], to: 'Active', needsPlans: true },
  pause: { from: ['Active'], to: 'Paused' },
  unpause: { from: ['Paused'], to: 'Active', needsPlans: true },
  archive: { from: '*', to: 'Archived' },
  draft: { from: '*', to: 'Draft' },
  make_available: { from: ['Unavailable'], to: 'Active' },
  make_unavailable: { from: ['Active', 'Paused'], to: 'Unavailable' },
};

export function transitionOffering(
  sim: Simulation,
  offering: OfferingRecord,
  action: string,
  actor: UserRecord,
): void {
  const transition = OFFERING_TRANSITIONS[action];
  const allowed =
    transition.from === '*' || transition.from.includes(offering.state);
  const hasPlans = plansOfOffering(sim, offering.uuid).length > 0;
  if (!allowed || (transition.needsPlans && !hasPlans)) {
    // TransitionNotAllowed surfaces as a 400 with a bare list.
    throw validationError('Offering state is invalid.');
  }
  const previous = offering.state;
  offering.state = transition.to;
  offeringEvent(
    sim,
    offering,
    'marketplace_offering_updated',
    'Offering state has been updated.',
    { old_value: previous, new_value: offering.state },
    actor,
  );
}

export function createOffering(
  sim: Simulation,
  input: {
    customerUuid: string;
    categoryUuid: string;
    type: string;
    fields: JsonObject;
    components: JsonObject[];
    plans: PlanFields[];
    limits: Record<string, JsonObject>;
  },
  actor: UserRecord,
): OfferingRecord {
  const offering: OfferingRecord = {
    uuid: sim.store.uuid(),
    created: sim.store.now(),
    customerUuid: input.customerUuid,
    categoryUuid: input.categoryUuid,
    state: 'Draft',
    pausedReason: '',
    type: input.type,
    fields: input.fields,
    components: [],
  };
  sim.store.offerings.set(offering.uuid, offering);
  offeringEvent(
    sim,
    offering,
    'marketplace_offering_created',
    'Offering has been created.',
    {},
    actor,
  );
  for (const component of input.components) {
    const limit = input.limits[String(component.type)];
    addComponent(
      sim,
      offering,
      limit
        ? {
            ...component,
            min_value: limit.min,
            max_value: limit.max,
            max_available_limit: limit.max_available_limit,
          }
        : component,
      actor,
    );
  }
  for (const plan of input.plans) createPlan(sim, offering, plan, actor);
  return offering;
}
