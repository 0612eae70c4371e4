import { canSeeScope } from './permissions';
import type { Simulation } from './simulation';
import type {
  CustomerRecord,
  EventRecord,
  JsonObject,
  OfferingRecord,
  OrderRecord,
  PlanRecord,
  ProjectRecord,
  ResourceRecord,
  RoleRecord,
  ScopeRef,
  Store,
  UserRecord,
} from './store';
import { pythonIsoFormat } from './urls';
import { fullName } from './render/structure';
import { toNumber, parseDecimal } from './decimal';

/**
 * Waldur's event log. Contexts are built like LoggableMixin._get_log_context:
 * every object contributes its get_log_fields() under `<field>_<name>`,
 * nested objects are flattened under their own field name, dates become
 * isoformat() text, decimals floats, dicts stay dicts and everything else
 * (including null relations) becomes str(), hence the string "None".
 */

type Context = Record<string, unknown>;

const py = (value: unknown): unknown => {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value instanceof Date) return pythonIsoFormat(value);
  if (typeof value === 'object') return value;
  return String(value);
};

function prefixed(prefix: string, fields: Record<string, unknown>): Context {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [`${prefix}_${key}`, value]),
  );
}

function userContext(user: UserRecord, prefix: string): Context {
  return prefixed(prefix, {
    uuid: user.uuid,
    full_name: fullName(user),
    native_name: '',
    username: user.username,
    is_staff: py(user.isStaff),
    is_support: py(user.isSupport),
    token_lifetime: py(user.tokenLifetime),
  });
}

function customerContext(customer: CustomerRecord): Context {
  return prefixed('customer', {
    uuid: customer.uuid,
    name: String(customer.fields.name ?? ''),
    abbreviation: String(customer.fields.abbreviation ?? ''),
    contact_details: String(customer.fields.contact_details ?? ''),
  });
}

function projectContext(store: Store, project: ProjectRecord): Context {
  const customer = store.customers.get(project.customerUuid);
  return {
    project_uuid: project.uuid,
    ...(customer ? customerContext(customer) : { project_customer: 'None' }),
    project_name: String(project.fields.name ?? ''),
    project_end_date: py(project.fields.end_date ?? null),
  };
}

function offeringContext(offering: OfferingRecord): Context {
  return {
    offering_uuid: offering.uuid,
    offering_name: String(offering.fields.name ?? ''),
  };
}

function planContext(store: Store, plan: PlanRecord): Context {
  const offering = store.offerings.get(plan.offeringUuid);
  return {
    plan_name: plan.name,
    plan_uuid: plan.uuid,
    ...(offering ? offeringContext(offering) : {}),
  };
}

function related<T>(
  value: T | undefined,
  key: string,
  build: (item: T) => Context,
): Context {
  return value ? build(value) : { [key]: 'None' };
}

export function resourceContext(
  store: Store,
  resource: ResourceRecord,
): Context {
  const project = store.projects.get(resource.projectUuid);
  const offering = store.offerings.get(resource.offeringUuid);
  const plan = resource.planUuid
    ? store.plans.get(resource.planUuid)
    : undefined;
  return {
    resource_uuid: resource.uuid,
    resource_name: resource.name,
    ...related(project, 'resource_project', p => projectContext(store, p)),
    ...related(offering, 'resource_offering', offeringContext),
    resource_created: py(resource.created),
    resource_modified: py(resource.modified),
    resource_attributes: resource.attributes,
    resource_cost: 'None',
    ...related(plan, 'resource_plan', p => planContext(store, p)),
    resource_limits: resource.limits,
    resource_get_state_display: resource.state,
    resource_backend_metadata: resource.backendMetadata,
    resource_backend_uuid: 'None',
    resource_backend_type: 'None',
  };
}

function reviewer(
  store: Store,
  userUuid: string | null,
  prefix: string,
): Context {
  const user = userUuid ? store.users.get(userUuid) : undefined;
  return user ? userContext(user, prefix) : { [`order_${prefix}`]: 'None' };
}

export function orderContext(store: Store, order: OrderRecord): Context {
  const offering = store.offerings.get(order.offeringUuid);
  const resource = store.resources.get(order.resourceUuid);
  const project = store.projects.get(order.projectUuid);
  const plan = order.planUuid ? store.plans.get(order.planUuid) : undefined;
  const creator = store.users.get(order.createdByUuid);
  return {
    order_uuid: order.uuid,
    order_created: py(order.created),
    order_modified: py(order.modified),
    order_cost:
      order.cost === null ? 'None' : toNumber(parseDecimal(order.cost)),
    order_limits: order.limits,
    order_attributes: order.attributes,
    ...related(offering, 'order_offering', offeringContext),
    ...related(resource, 'order_resource', r => resourceContext(store, r)),
    ...related(project, 'order_project', p => projectContext(store, p)),
    ...related(plan, 'order_plan', p => planContext(store, p)),
    order_get_state_display: order.state,
    order_get_type_display: order.type,
    ...(creator
      ? userContext(creator, 'created_by')
      : { order_created_by: 'None' }),
    ...reviewer(store, order.consumerReviewedByUuid, 'consumer_reviewed_by'),
    order_consumer_reviewed_at: py(order.consumerReviewedAt),
    ...reviewer(store, order.providerReviewedByUuid, 'provider_reviewed_by'),
    order_provider_reviewed_at: py(order.providerReviewedAt),
  };
}

export function customerEventContext(customer: CustomerRecord): Context {
  return customerContext(customer);
}

export function projectEventContext(
  store: Store,
  project: ProjectRecord,
): Context {
  return projectContext(store, project);
}

export function roleContext(
  store: Store,
  role: RoleRecord,
  actor: UserRecord | undefined,
): Context {
  const affected = store.users.get(role.userUuid) as UserRecord;
  const customerUuid =
    role.scopeType === 'customer'
      ? role.scopeUuid
      : (store.projects.get(role.scopeUuid) as ProjectRecord).customerUuid;
  const customer = store.customers.get(customerUuid) as CustomerRecord;
  const scopeContext =
    role.scopeType === 'customer'
      ? prefixed('scope', {
          uuid: customer.uuid,
          name: String(customer.fields.name ?? ''),
          abbreviation: String(customer.fields.abbreviation ?? ''),
          contact_details: String(customer.fields.contact_details ?? ''),
        })
      : Object.fromEntries(
          Object.entries(
            projectContext(
              store,
              store.projects.get(role.scopeUuid) as ProjectRecord,
            ),
          ).map(([key, value]) => [key.replace(/^project_/, 'scope_'), value]),
        );
  return {
    ...scopeContext,
    scope_type: role.scopeType,
    scope_uuid: role.scopeUuid,
    scope_name: String(scopeContext.scope_name ?? ''),
    ...customerContext(customer),
    ...userContext(affected, 'affected_user'),
    ...(actor ? userContext(actor, 'user') : {}),
    role_name: role.role,
  };
}

/** Event types each event group expands to (Meta.event_groups in Waldur). */
const ORDER_EVENTS = [
  'marketplace_order_created',
  'marketplace_order_approved',
  'marketplace_order_rejected',
  'marketplace_order_completed',
  'marketplace_order_terminated',
  'marketplace_order_failed',
];

const PROVIDER_RESOURCE_EVENTS = [
  'marketplace_resource_create_requested',
  'marketplace_resource_create_succeeded',
  'marketplace_resource_create_failed',
  'marketplace_resource_create_canceled',
  'marketplace_resource_update_requested',
  'marketplace_resource_update_failed',
  'marketplace_resource_update_limits_succeeded',
  'marketplace_resource_update_limits_failed',
  'marketplace_resource_terminate_requested',
  'marketplace_resource_terminate_succeeded',
  'marketplace_resource_terminate_failed',
];

const RESOURCE_EVENTS = [
  ...PROVIDER_RESOURCE_EVENTS,
  'marketplace_resource_update_succeeded',
  'marketplace_resource_update_canceled',
  'marketplace_resource_terminate_canceled',
  'marketplace_resource_update_end_date_succeeded',
  'marketplace_resource_downscaled',
  'marketplace_resource_paused',
  'marketplace_resource_erred_on_backend',
];

const EVENT_GROUPS: Record<string, string[]> = {
  resources: [...ORDER_EVENTS, ...RESOURCE_EVENTS],
  providers: PROVIDER_RESOURCE_EVENTS,
  customers: [
    'customer_deletion_succeeded',
    'customer_update_succeeded',
    'customer_creation_succeeded',
  ],
  projects: [
    'project_deletion_triggered',
    'project_deletion_succeeded',
    'project_update_succeeded',
    'project_creation_succeeded',
  ],
  permissions: ['role_granted', 'role_revoked', 'role_updated'],
};

/** Which group an event type belongs to, for /api/events/?feature=. */
export function groupsOf(eventType: string): string[] {
  return Object.entries(EVENT_GROUPS)
    .filter(([, types]) => types.includes(eventType))
    .map(([group]) => group);
}

export function expandGroups(groups: string[]): string[] {
  return groups.flatMap(group => EVENT_GROUPS[group] ?? []);
}

export interface EventInput {
  type: string;
  /** Message template with `{context_key}` placeholders, like Waldur's. */
  message: string;
  context: Context;
  scopes: ScopeRef[];
  /** The API caller; adds user_* and ip_address like Waldur's middleware. */
  actor?: UserRecord;
  ipAddress?: string;
}

/** Records an event and hands it to every hook whose author may see it. */
export function emitEvent(sim: Simulation, input: EventInput): EventRecord {
  const { store } = sim;
  const context: JsonObject = {
    ...(input.actor
      ? {
          ip_address: input.ipAddress ?? '127.0.0.1',
          ...userContext(input.actor, 'user'),
        }
      : {}),
    ...input.context,
  };
  const message = input.message.replace(/\{(\w+)\}/g, (_m, key: string) =>
    String(context[key] ?? ''),
  );
  const event: EventRecord = {
    uuid: store.uuid(),
    created: store.now(),
    eventType: input.type,
    message,
    context,
    scopes: input.scopes,
  };
  store.events.set(event.uuid, event);
  for (const hook of store.hooks.values()) {
    if (!hook.isActive || !hook.eventTypes.includes(event.eventType)) continue;
    const author = store.users.get(hook.authorUuid);
    if (
      !author ||
      !event.scopes.some(scope => canSeeScope(store, author, scope))
    ) {
      continue;
    }
    sim.deliverWebhook(hook, event);
  }
  return event;
}

export function canSeeEvent(
  store: Store,
  user: UserRecord,
  event: EventRecord,
): boolean {
  return event.scopes.some(scope => canSeeScope(store, user, scope));
}
