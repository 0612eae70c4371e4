import type {
  CategoryRecord,
  CustomerRecord,
  ProjectRecord,
  RoleRecord,
  ServiceProviderRecord,
  Store,
  UserRecord,
} from '../store';
import type {
  RoleName,
  WaldurCategory,
  WaldurCustomer,
  WaldurPermission,
  WaldurProject,
  WaldurServiceProvider,
  WaldurUser,
} from '../types';
import { isoDateTime, paths } from '../urls';

/** What renderers need: the world and the host the client addressed. */
export interface RenderContext {
  store: Store;
  baseUrl: string;
}

export const link = (ctx: RenderContext, path: string) =>
  `${ctx.baseUrl}${path}`;

export function fullName(user: UserRecord): string {
  return `${user.firstName} ${user.lastName}`.trim();
}

export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return slug || 'item';
}

const EMPTY_ESTIMATE = {
  total: '0.00',
  current: '0.00',
  tax: '0.00',
  tax_current: '0.00',
};

/** System roles have fixed UUIDs in the simulator. */
const ROLES: Record<RoleName, { uuid: string; description: string }> = {
  'CUSTOMER.OWNER': {
    uuid: 'c0000000000040008000000000000001',
    description: 'Organization owner',
  },
  'CUSTOMER.MANAGER': {
    uuid: 'c0000000000040008000000000000002',
    description: 'Service provider manager',
  },
  'CUSTOMER.SUPPORT': {
    uuid: 'c0000000000040008000000000000003',
    description: 'Organization support',
  },
  'PROJECT.ADMIN': {
    uuid: 'c0000000000040008000000000000004',
    description: 'Project administrator',
  },
  'PROJECT.MANAGER': {
    uuid: 'c0000000000040008000000000000005',
    description: 'Project manager',
  },
  'PROJECT.MEMBER': {
    uuid: 'c0000000000040008000000000000006',
    description: 'Project member',
  },
};

function textField(fields: Record<string, unknown>, key: string): string {
  const value = fields[key];
  return typeof value === 'string' ? value : '';
}

export function customerName(store: Store, customerUuid: string): string {
  return textField(store.customers.get(customerUuid)?.fields ?? {}, 'name');
}

export function projectName(store: Store, projectUuid: string): string {
  return textField(store.projects.get(projectUuid)?.fields ?? {}, 'name');
}

function renderPermission(store: Store, role: RoleRecord): WaldurPermission {
  const user = store.users.get(role.userUuid) as UserRecord;
  const creator = role.createdByUuid
    ? store.users.get(role.createdByUuid)
    : undefined;
  const customerUuid =
    role.scopeType === 'customer'
      ? role.scopeUuid
      : (store.projects.get(role.scopeUuid) as ProjectRecord).customerUuid;
  return {
    user_uuid: user.uuid,
    user_name: fullName(user),
    user_slug: slugify(user.username),
    created: isoDateTime(role.created),
    expiration_time: null,
    created_by_full_name: creator ? fullName(creator) : '',
    created_by_username: creator?.username ?? '',
    role_name: role.role,
    role_description: ROLES[role.role].description,
    role_uuid: ROLES[role.role].uuid,
    scope_type: role.scopeType,
    scope_uuid: role.scopeUuid,
    scope_name:
      role.scopeType === 'customer'
        ? customerName(store, role.scopeUuid)
        : projectName(store, role.scopeUuid),
    customer_uuid: customerUuid,
    customer_name: customerName(store, customerUuid),
  };
}

/**
 * User (UserSerializer). `permissions` lists every role the user holds, which
 * is how a buyer's token maps to the organizations (customers) they belong to.
 * `token` is only included when users read their own record.
 */
export function renderUser(
  ctx: RenderContext,
  user: UserRecord,
  self: boolean,
): WaldurUser {
  const expiresAt =
    user.tokenLifetime === null
      ? null
      : isoDateTime(
          new Date(user.tokenCreated.getTime() + user.tokenLifetime * 1000),
        );
  return {
    url: link(ctx, paths.user(user.uuid)),
    uuid: user.uuid,
    username: user.username,
    slug: slugify(user.username),
    full_name: fullName(user),
    native_name: '',
    job_title: '',
    email: user.email,
    phone_number: '',
    organization: user.organization,
    civil_number: null,
    description: '',
    is_staff: user.isStaff,
    is_active: user.isActive,
    is_support: user.isSupport,
    ...(self ? { token: user.token } : {}),
    token_lifetime: user.tokenLifetime,
    token_expires_at: expiresAt,
    registration_method: 'default',
    date_joined: isoDateTime(user.dateJoined),
    agreement_date: null,
    notifications_enabled: true,
    preferred_language: '',
    permissions: [...ctx.store.roles.values()]
      .filter(role => role.userUuid === user.uuid)
      .map(role => renderPermission(ctx.store, role)),
    requested_email: null,
    affiliations: [],
    first_name: user.firstName,
    last_name: user.lastName,
    birth_date: null,
    identity_provider_name: '',
    identity_provider_label: '',
    identity_provider_management_url: '',
    identity_provider_fields: [],
    image: null,
    identity_source: '',
    has_active_session: false,
    ip_address: null,
    gender: null,
    personal_title: '',
    place_of_birth: '',
    country_of_residence: '',
    nationality: '',
    nationalities: [],
    organization_country: '',
    organization_type: '',
    organization_registry_code: '',
    eduperson_assurance: [],
    is_identity_manager: false,
    attribute_sources: {},
    managed_isds: [],
    active_isds: [],
  };
}

function serviceProviderOf(
  store: Store,
  customerUuid: string,
): ServiceProviderRecord | undefined {
  return [...store.serviceProviders.values()].find(
    provider => provider.customerUuid === customerUuid,
  );
}

/**
 * Customer (organization). Format-checked fields with no value (email,
 * homepage) are left out: Waldur renders them as "" which the schema's
 * `format: email/uri` would reject.
 */
export function renderCustomer(
  ctx: RenderContext,
  customer: CustomerRecord,
): WaldurCustomer {
  const { store } = ctx;
  const provider = serviceProviderOf(store, customer.uuid);
  const fields = customer.fields;
  const name = textField(fields, 'name');
  const users = new Set(
    [...store.roles.values()]
      .filter(
        role =>
          role.scopeType === 'customer' && role.scopeUuid === customer.uuid,
      )
      .map(role => role.userUuid),
  );
  return {
    url: link(ctx, paths.customer(customer.uuid)),
    uuid: customer.uuid,
    created: isoDateTime(customer.created),
    organization_groups: [],
    display_name: name,
    backend_id: '',
    image: null,
    blocked: false,
    archived: false,
    display_billing_info_in_projects: false,
    default_tax_percent: '0.00',
    accounting_start_date: isoDateTime(customer.created),
    projects_count: [...store.projects.values()].filter(
      project => project.customerUuid === customer.uuid,
    ).length,
    users_count: users.size,
    sponsor_number: null,
    country_name: '',
    max_service_accounts: null,
    project_metadata_checklist: null,
    grace_period_days: null,
    user_email_patterns: [],
    user_affiliations: [],
    user_identity_sources: [],
    slug: slugify(name),
    native_name: '',
    abbreviation: '',
    description: '',
    contact_details: '',
    agreement_number: '',
    phone_number: '',
    access_subnets: '',
    registration_code: '',
    domain: '',
    vat_code: '',
    postal: '',
    address: '',
    bank_name: '',
    latitude: null,
    longitude: null,
    bank_account: '',
    country: '',
    notification_emails: '',
    payment_profiles: [],
    customer_credit: null,
    customer_unallocated_credit: null,
    billing_price_estimate: EMPTY_ESTIMATE,
    ...fields,
    name,
    is_service_provider: !!provider,
    service_provider: provider
      ? link(ctx, paths.serviceProvider(provider.uuid))
      : null,
    service_provider_uuid: provider?.uuid ?? null,
    call_managing_organization_uuid: null,
  };
}

export function renderProject(
  ctx: RenderContext,
  project: ProjectRecord,
): WaldurProject {
  const { store } = ctx;
  const customer = store.customers.get(project.customerUuid) as CustomerRecord;
  const name = textField(project.fields, 'name');
  const resources = [...store.resources.values()].filter(
    resource =>
      resource.projectUuid === project.uuid && resource.state !== 'Terminated',
  );
  const resourceCount: Record<string, number> = {};
  for (const resource of resources) {
    const category = store.offerings.get(resource.offeringUuid)?.categoryUuid;
    if (category) resourceCount[category] = (resourceCount[category] ?? 0) + 1;
  }
  return {
    url: link(ctx, paths.project(project.uuid)),
    uuid: project.uuid,
    slug: slugify(name),
    customer_uuid: customer.uuid,
    customer_name: textField(customer.fields, 'name'),
    customer_slug: slugify(textField(customer.fields, 'name')),
    customer_native_name: textField(customer.fields, 'native_name'),
    customer_abbreviation: textField(customer.fields, 'abbreviation'),
    description: '',
    customer_display_billing_info_in_projects: false,
    created: isoDateTime(project.created),
    type: null,
    type_name: null,
    type_uuid: null,
    backend_id: '',
    start_date: null,
    end_date: null,
    end_date_requested_by: null,
    oecd_fos_2007_code: null,
    oecd_fos_2007_label: '',
    is_industry: false,
    image: null,
    resources_count: resources.length,
    max_service_accounts: null,
    kind: 'default',
    is_removed: false,
    termination_metadata: null,
    staff_notes: '',
    grace_period_days: null,
    user_email_patterns: [],
    user_affiliations: [],
    user_identity_sources: [],
    project_credit: null,
    marketplace_resource_count: resourceCount,
    billing_price_estimate: EMPTY_ESTIMATE,
    ...project.fields,
    name,
    customer: link(ctx, paths.customer(customer.uuid)),
  };
}

export function renderServiceProvider(
  ctx: RenderContext,
  provider: ServiceProviderRecord,
): WaldurServiceProvider {
  const customer = ctx.store.customers.get(
    provider.customerUuid,
  ) as CustomerRecord;
  const name = textField(customer.fields, 'name');
  return {
    url: link(ctx, paths.serviceProvider(provider.uuid)),
    uuid: provider.uuid,
    created: isoDateTime(provider.created),
    description: provider.description,
    enable_notifications: provider.enableNotifications,
    customer: link(ctx, paths.customer(customer.uuid)),
    customer_name: name,
    customer_uuid: customer.uuid,
    customer_abbreviation: textField(customer.fields, 'abbreviation'),
    customer_slug: slugify(name),
    customer_native_name: textField(customer.fields, 'native_name'),
    customer_country: textField(customer.fields, 'country'),
    image: null,
    organization_groups: [],
    offering_count: [...ctx.store.offerings.values()].filter(
      offering => offering.customerUuid === customer.uuid,
    ).length,
  };
}

export function renderCategory(
  ctx: RenderContext,
  category: CategoryRecord,
): WaldurCategory {
  const offerings = [...ctx.store.offerings.values()].filter(
    offering => offering.categoryUuid === category.uuid,
  );
  return {
    url: link(ctx, paths.category(category.uuid)),
    uuid: category.uuid,
    title: category.title,
    description: category.description,
    icon: null,
    default_vm_category: false,
    default_volume_category: false,
    default_tenant_category: false,
    offering_count: offerings.length,
    available_offerings_count: offerings.filter(
      offering => offering.state === 'Active',
    ).length,
    sections: [],
    columns: [],
    components: [],
    articles: [],
    group: null,
  };
}
