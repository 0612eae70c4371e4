import { ApiError } from './errors';
import {
  customerEventContext,
  emitEvent,
  projectEventContext,
  roleContext,
} from './events';
import { fullName } from './render/structure';
import type { Simulation } from './simulation';
import type {
  CategoryRecord,
  CustomerRecord,
  JsonObject,
  ProjectRecord,
  RoleRecord,
  ServiceProviderRecord,
  UserRecord,
} from './store';
import type { RoleName } from './types';

/**
 * Organizations, projects, users and roles (Waldur's "structure" app),
 * shared by the REST routes and the simulator's control surface.
 */

export function createCustomer(
  sim: Simulation,
  fields: JsonObject,
  actor?: UserRecord,
): CustomerRecord {
  const customer: CustomerRecord = {
    uuid: sim.store.uuid(),
    created: sim.store.now(),
    fields,
  };
  sim.store.customers.set(customer.uuid, customer);
  emitEvent(sim, {
    type: 'customer_creation_succeeded',
    message: 'Customer {customer_name} has been created.',
    context: customerEventContext(customer),
    scopes: [{ type: 'customer', uuid: customer.uuid }],
    actor,
  });
  return customer;
}

export function updateCustomer(
  sim: Simulation,
  customer: CustomerRecord,
  fields: JsonObject,
  actor: UserRecord,
): void {
  customer.fields = { ...customer.fields, ...fields };
  emitEvent(sim, {
    type: 'customer_update_succeeded',
    message: 'Customer {customer_name} has been updated.',
    context: customerEventContext(customer),
    scopes: [{ type: 'customer', uuid: customer.uuid }],
    actor,
  });
}

export function deleteCustomer(
  sim: Simulation,
  customer: CustomerRecord,
  actor: UserRecord,
): void {
  const { store } = sim;
  if (
    [...store.projects.values()].some(p => p.customerUuid === customer.uuid)
  ) {
    // Assumed wording; Waldur refuses to delete organizations with projects.
    throw new ApiError(409, {
      detail: 'Cannot delete organization with existing projects.',
    });
  }
  // The event is emitted while the organization still exists so its
  // members' hooks can see it.
  emitEvent(sim, {
    type: 'customer_deletion_succeeded',
    message: 'Customer {customer_name} has been deleted.',
    context: customerEventContext(customer),
    scopes: [{ type: 'customer', uuid: customer.uuid }],
    actor,
  });
  store.customers.delete(customer.uuid);
  store.structureVersion += 1;
  for (const [uuid, role] of store.roles) {
    if (role.scopeType === 'customer' && role.scopeUuid === customer.uuid) {
      store.roles.delete(uuid);
    }
  }
}

function projectScopes(project: ProjectRecord) {
  return [
    { type: 'project' as const, uuid: project.uuid },
    { type: 'customer' as const, uuid: project.customerUuid },
  ];
}

export function createProject(
  sim: Simulation,
  customerUuid: string,
  fields: JsonObject,
  actor?: UserRecord,
): ProjectRecord {
  const project: ProjectRecord = {
    uuid: sim.store.uuid(),
    created: sim.store.now(),
    customerUuid,
    fields,
  };
  sim.store.projects.set(project.uuid, project);
  sim.store.structureVersion += 1;
  emitEvent(sim, {
    type: 'project_creation_succeeded',
    message: 'Project {project_name} has been created.',
    context: projectEventContext(sim.store, project),
    scopes: projectScopes(project),
    actor,
  });
  return project;
}

export function updateProject(
  sim: Simulation,
  project: ProjectRecord,
  fields: JsonObject,
  actor: UserRecord,
): void {
  const changes = Object.keys(fields)
    .filter(
      key =>
        JSON.stringify(fields[key]) !== JSON.stringify(project.fields[key]),
    )
    .sort();
  const previous = project.fields;
  project.fields = { ...project.fields, ...fields };
  if (changes.length === 0) return;
  // handlers.log_project_save lists every changed field in the message.
  const details = changes
    .map(
      key =>
        ` ${key.charAt(0).toUpperCase()}${key.slice(
          1,
        )} has been changed from '${previous[key] ?? ''}' to '${
          fields[key] ?? ''
        }'.`,
    )
    .join('');
  emitEvent(sim, {
    type: 'project_update_succeeded',
    message: `Project {project_name} has been updated.${details}`,
    context: projectEventContext(sim.store, project),
    scopes: projectScopes(project),
    actor,
  });
}

export function deleteProject(
  sim: Simulation,
  project: ProjectRecord,
  actor: UserRecord,
): void {
  const { store } = sim;
  const active = [...store.resources.values()].some(
    resource =>
      resource.projectUuid === project.uuid && resource.state !== 'Terminated',
  );
  if (active) {
    // Assumed wording; Waldur keeps projects that still have resources.
    throw new ApiError(409, {
      detail: 'Cannot delete project with existing resources.',
    });
  }
  emitEvent(sim, {
    type: 'project_deletion_succeeded',
    message: 'Project {project_name} has been deleted.',
    context: projectEventContext(store, project),
    scopes: projectScopes(project),
    actor,
  });
  store.projects.delete(project.uuid);
  store.structureVersion += 1;
  for (const [uuid, role] of store.roles) {
    if (role.scopeType === 'project' && role.scopeUuid === project.uuid) {
      store.roles.delete(uuid);
    }
  }
}

export interface NewUser {
  username: string;
  password?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  organization?: string;
  isStaff?: boolean;
  isSupport?: boolean;
  /** Seconds; null = never expires. Waldur's default is one hour. */
  tokenLifetime?: number | null;
  /** Fixed token instead of a generated one (e.g. for demo configs). */
  token?: string;
}

export function createUser(sim: Simulation, input: NewUser): UserRecord {
  const { store } = sim;
  if (
    [...store.users.values()].some(user => user.username === input.username)
  ) {
    throw new ApiError(400, {
      username: ['A user with that username already exists.'],
    });
  }
  const now = store.now();
  const user: UserRecord = {
    uuid: store.uuid(),
    username: input.username,
    password: input.password,
    email: input.email ?? `${input.username}@example.com`,
    firstName: input.firstName ?? input.username,
    lastName: input.lastName ?? '',
    organization: input.organization ?? '',
    isStaff: input.isStaff ?? false,
    isSupport: input.isSupport ?? false,
    isActive: true,
    token: input.token ?? store.token(),
    tokenCreated: now,
    tokenLifetime:
      input.tokenLifetime === undefined ? 3600 : input.tokenLifetime,
    dateJoined: now,
  };
  store.users.set(user.uuid, user);
  return user;
}

export function grantRole(
  sim: Simulation,
  user: UserRecord,
  scopeType: 'customer' | 'project',
  scopeUuid: string,
  role: RoleName,
  actor?: UserRecord,
): RoleRecord {
  const record: RoleRecord = {
    uuid: sim.store.uuid(),
    userUuid: user.uuid,
    scopeType,
    scopeUuid,
    role,
    created: sim.store.now(),
    createdByUuid: actor?.uuid,
  };
  sim.store.roles.set(record.uuid, record);
  sim.store.structureVersion += 1;
  const context = roleContext(sim.store, record, actor);
  const customerUuid = String(context.customer_uuid);
  emitEvent(sim, {
    type: 'role_granted',
    message: `User ${
      fullName(user) || user.username
    } has gained role of ${role} in ${String(context.scope_name)}.`,
    context,
    scopes: [
      { type: scopeType, uuid: scopeUuid },
      { type: 'customer', uuid: customerUuid },
    ],
  });
  return record;
}

export function createServiceProvider(
  sim: Simulation,
  customerUuid: string,
  fields: { description?: string; enableNotifications?: boolean } = {},
): ServiceProviderRecord {
  const { store } = sim;
  if (
    [...store.serviceProviders.values()].some(
      sp => sp.customerUuid === customerUuid,
    )
  ) {
    throw new ApiError(400, {
      customer: ['service provider with this customer already exists.'],
    });
  }
  const provider: ServiceProviderRecord = {
    uuid: store.uuid(),
    created: store.now(),
    customerUuid,
    description: fields.description ?? '',
    enableNotifications: fields.enableNotifications ?? true,
  };
  store.serviceProviders.set(provider.uuid, provider);
  return provider;
}

export function createCategory(
  sim: Simulation,
  title: string,
  description = '',
): CategoryRecord {
  const category: CategoryRecord = {
    uuid: sim.store.uuid(),
    title,
    description,
  };
  sim.store.categories.set(category.uuid, category);
  return category;
}
