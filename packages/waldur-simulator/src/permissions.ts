import type { ScopeRef, Store, UserRecord } from './store';
import type { RoleName } from './types';

/**
 * A simplified version of Waldur's role model. Waldur checks named
 * permissions (ORDER.APPROVE, OFFERING.CREATE, ...) granted to roles; the
 * simulator hard-wires which system roles hold them:
 * - CUSTOMER.OWNER: everything within the organization and its projects;
 * - CUSTOMER.MANAGER (service provider manager): provider actions
 *   (offerings, plans, provider order actions, usage reporting);
 * - CUSTOMER.SUPPORT: read-only;
 * - PROJECT.ADMIN / PROJECT.MANAGER: order and approve within the project;
 * - PROJECT.MEMBER: order (the order then waits for consumer approval).
 * Staff may do everything; support users may read everything.
 */

export function rolesOf(
  store: Store,
  user: UserRecord,
  scopeType: 'customer' | 'project',
  scopeUuid: string,
): RoleName[] {
  return [...store.roles.values()]
    .filter(
      role =>
        role.userUuid === user.uuid &&
        role.scopeType === scopeType &&
        role.scopeUuid === scopeUuid,
    )
    .map(role => role.role);
}

function hasCustomerRole(
  store: Store,
  user: UserRecord,
  customerUuid: string,
  allowed: RoleName[],
): boolean {
  return rolesOf(store, user, 'customer', customerUuid).some(role =>
    allowed.includes(role),
  );
}

export function isCustomerOwner(
  store: Store,
  user: UserRecord,
  customerUuid: string,
): boolean {
  return (
    user.isStaff ||
    hasCustomerRole(store, user, customerUuid, ['CUSTOMER.OWNER'])
  );
}

/** Offering, plan, provider-side order/resource and usage permissions. */
export function canActAsProvider(
  store: Store,
  user: UserRecord,
  providerCustomerUuid: string,
): boolean {
  return (
    user.isStaff ||
    hasCustomerRole(store, user, providerCustomerUuid, [
      'CUSTOMER.OWNER',
      'CUSTOMER.MANAGER',
    ])
  );
}

/** ORDER.APPROVE on `project` or `project.customer`. */
export function canApproveAsConsumer(
  store: Store,
  user: UserRecord,
  projectUuid: string,
): boolean {
  const project = store.projects.get(projectUuid);
  if (!project) return false;
  return (
    isCustomerOwner(store, user, project.customerUuid) ||
    rolesOf(store, user, 'project', projectUuid).some(
      role => role === 'PROJECT.ADMIN' || role === 'PROJECT.MANAGER',
    )
  );
}

/** Who may submit an order (or a resource terminate/switch) in a project. */
export function canOrderInProject(
  store: Store,
  user: UserRecord,
  projectUuid: string,
): boolean {
  return (
    canApproveAsConsumer(store, user, projectUuid) ||
    rolesOf(store, user, 'project', projectUuid).includes('PROJECT.MEMBER')
  );
}

interface Connections {
  version: number;
  customers: Set<string>;
  projects: Set<string>;
}

const connectionCache = new WeakMap<UserRecord, Connections>();

/**
 * Organizations a user has a role in, and projects reachable through a
 * project role or an organization role. Cached per user until roles or
 * projects change, so large lists stay fast in benchmarks.
 */
function connections(store: Store, user: UserRecord): Connections {
  const cached = connectionCache.get(user);
  if (cached && cached.version === store.structureVersion) return cached;
  const customers = new Set<string>();
  const projects = new Set<string>();
  for (const role of store.roles.values()) {
    if (role.userUuid !== user.uuid) continue;
    (role.scopeType === 'customer' ? customers : projects).add(role.scopeUuid);
  }
  for (const project of store.projects.values()) {
    if (customers.has(project.customerUuid)) projects.add(project.uuid);
  }
  const result = { version: store.structureVersion, customers, projects };
  connectionCache.set(user, result);
  return result;
}

export function connectedCustomers(
  store: Store,
  user: UserRecord,
): Set<string> {
  return connections(store, user).customers;
}

function connectedProjects(store: Store, user: UserRecord): Set<string> {
  return connections(store, user).projects;
}

export function seesEverything(user: UserRecord): boolean {
  return user.isStaff || user.isSupport;
}

/** Customers listed by /api/customers/ for this user. */
export function canSeeCustomer(
  store: Store,
  user: UserRecord,
  customerUuid: string,
): boolean {
  if (
    seesEverything(user) ||
    connectedCustomers(store, user).has(customerUuid)
  ) {
    return true;
  }
  return [...connectedProjects(store, user)].some(
    uuid => store.projects.get(uuid)?.customerUuid === customerUuid,
  );
}

export function canSeeProject(
  store: Store,
  user: UserRecord,
  projectUuid: string,
): boolean {
  return (
    seesEverything(user) || connectedProjects(store, user).has(projectUuid)
  );
}

/**
 * Orders and resources are visible to the consumer (project or its
 * organization) and to the provider organization's members.
 */
export function canSeeConsumerObject(
  store: Store,
  user: UserRecord,
  projectUuid: string,
  offeringUuid: string,
): boolean {
  if (canSeeProject(store, user, projectUuid)) return true;
  const offering = store.offerings.get(offeringUuid);
  return (
    !!offering && connectedCustomers(store, user).has(offering.customerUuid)
  );
}

/**
 * Waldur delivers an event to a hook (and lists it in /api/events/) only if
 * the hook's author may see one of the event's feed scopes. For order and
 * resource events those scopes are consumer-side, so a plain provider
 * owner does not get other organizations' order events (waldur.md §6.2).
 */
export function canSeeScope(
  store: Store,
  user: UserRecord,
  scope: ScopeRef,
): boolean {
  if (seesEverything(user)) return true;
  switch (scope.type) {
    case 'customer':
      return connectedCustomers(store, user).has(scope.uuid);
    case 'project':
      return canSeeProject(store, user, scope.uuid);
    case 'order': {
      const order = store.orders.get(scope.uuid);
      return !!order && canSeeProject(store, user, order.projectUuid);
    }
    case 'resource': {
      const resource = store.resources.get(scope.uuid);
      return !!resource && canSeeProject(store, user, resource.projectUuid);
    }
    case 'offering': {
      const offering = store.offerings.get(scope.uuid);
      return (
        !!offering && connectedCustomers(store, user).has(offering.customerUuid)
      );
    }
    default:
      return false;
  }
}
