import { fieldError, incorrectState, validationError } from './errors';
import { createOrder } from './orderFlow';
import type { Simulation } from './simulation';
import type {
  JsonObject,
  OfferingRecord,
  OrderRecord,
  PlanRecord,
  ResourceRecord,
  UserRecord,
} from './store';
import type { ResourceState } from './types';

/**
 * Resource actions that create orders (HomePort's terminate, change plan and
 * change limits buttons): they check the resource state, then go through the
 * normal order flow as Terminate or Update orders.
 */

/** Resource actions that create orders require these resource states. */
export function requireResourceState(
  resource: ResourceRecord,
  valid: ResourceState[],
): void {
  if (!valid.includes(resource.state)) throw incorrectState(valid);
}

/** POST …/terminate/: a Terminate order for an OK or Erred resource. */
export function terminateResource(
  sim: Simulation,
  actor: UserRecord,
  resource: ResourceRecord,
  attributes: JsonObject = {},
): OrderRecord {
  requireResourceState(resource, ['OK', 'Erred']);
  return createOrder(sim, actor, {
    offering: sim.store.offerings.get(resource.offeringUuid) as OfferingRecord,
    plan: resource.planUuid
      ? sim.store.plans.get(resource.planUuid)
      : undefined,
    projectUuid: resource.projectUuid,
    type: 'Terminate',
    attributes,
    limits: {},
    resource,
  });
}

/** POST /api/marketplace-resources/{uuid}/switch_plan/: an Update order with a new plan. */
export function switchPlan(
  sim: Simulation,
  actor: UserRecord,
  resource: ResourceRecord,
  plan: PlanRecord,
): OrderRecord {
  requireResourceState(resource, ['OK']);
  if (plan.offeringUuid !== resource.offeringUuid) {
    throw fieldError('plan', 'Plan is not available for this offering.');
  }
  if (plan.archived) {
    throw fieldError(
      'plan',
      'Plan is not available because limit has been reached.',
    );
  }
  return createOrder(sim, actor, {
    offering: sim.store.offerings.get(resource.offeringUuid) as OfferingRecord,
    plan,
    projectUuid: resource.projectUuid,
    type: 'Update',
    attributes: {},
    limits: resource.limits,
    resource,
  });
}

/** POST /api/marketplace-resources/{uuid}/update_limits/: an Update order with new limits. */
export function updateLimits(
  sim: Simulation,
  actor: UserRecord,
  resource: ResourceRecord,
  limits: Record<string, number>,
): OrderRecord {
  requireResourceState(resource, ['OK']);
  if (JSON.stringify(limits) === JSON.stringify(resource.limits)) {
    throw validationError(
      'Impossible to create update orders with limits set to exactly the same.',
    );
  }
  return createOrder(sim, actor, {
    offering: sim.store.offerings.get(resource.offeringUuid) as OfferingRecord,
    plan: resource.planUuid
      ? sim.store.plans.get(resource.planUuid)
      : undefined,
    projectUuid: resource.projectUuid,
    type: 'Update',
    attributes: { old_limits: resource.limits },
    limits,
    resource,
  });
}
