/**
 * TypeScript shapes of the Waldur 8.0.5 objects this simulator serves.
 * Field names and value formats follow the OpenAPI schema: UUIDs are
 * 32-character hex strings, relations are absolute URLs, money is decimal
 * text. Only the fields the simulator renders are listed.
 */

export type OrderState =
  | 'pending-consumer'
  | 'pending-provider'
  | 'pending-project'
  | 'pending-start-date'
  | 'executing'
  | 'done'
  | 'erred'
  | 'canceled'
  | 'rejected';

export type OrderType = 'Create' | 'Update' | 'Terminate' | 'Restore';

export type ResourceState =
  | 'Creating'
  | 'OK'
  | 'Erred'
  | 'Updating'
  | 'Terminating'
  | 'Terminated';

export type OfferingState =
  | 'Draft'
  | 'Active'
  | 'Paused'
  | 'Archived'
  | 'Unavailable';

export type BillingType = 'fixed' | 'usage' | 'limit' | 'one' | 'few';

export type BillingUnit =
  | 'month'
  | 'quarter'
  | 'half_month'
  | 'day'
  | 'hour'
  | 'quantity';

export type InvoiceState =
  | 'pending'
  | 'pending_finalization'
  | 'created'
  | 'paid'
  | 'canceled';

export type CustomerRoleName =
  | 'CUSTOMER.OWNER'
  | 'CUSTOMER.MANAGER'
  | 'CUSTOMER.SUPPORT';

export type ProjectRoleName =
  | 'PROJECT.ADMIN'
  | 'PROJECT.MANAGER'
  | 'PROJECT.MEMBER';

export type RoleName = CustomerRoleName | ProjectRoleName;

export interface WaldurPermission {
  user_uuid: string;
  user_name: string;
  user_slug: string;
  created: string;
  expiration_time: string | null;
  created_by_full_name: string;
  created_by_username: string;
  role_name: RoleName;
  role_description: string;
  role_uuid: string;
  scope_type: 'customer' | 'project';
  scope_uuid: string;
  scope_name: string;
  customer_uuid: string;
  customer_name: string;
}

export interface WaldurUser {
  url: string;
  uuid: string;
  username: string;
  slug: string;
  full_name: string;
  first_name: string;
  last_name: string;
  email: string;
  organization: string;
  civil_number: string | null;
  is_staff: boolean;
  is_support: boolean;
  is_active: boolean;
  /** Only present when a user reads their own record. */
  token?: string;
  token_lifetime: number | null;
  token_expires_at: string | null;
  registration_method: string;
  date_joined: string;
  permissions: WaldurPermission[];
  [key: string]: unknown;
}

export interface WaldurCustomer {
  url: string;
  uuid: string;
  created: string;
  name: string;
  slug: string;
  abbreviation: string;
  native_name: string;
  display_name: string;
  /** Omitted when empty ("" would violate the schema's email format). */
  email?: string;
  is_service_provider: boolean;
  service_provider: string | null;
  service_provider_uuid: string | null;
  projects_count: number;
  users_count: number;
  [key: string]: unknown;
}

export interface WaldurProject {
  url: string;
  uuid: string;
  name: string;
  slug: string;
  customer: string;
  customer_uuid: string;
  customer_name: string;
  created: string;
  start_date: string | null;
  end_date: string | null;
  [key: string]: unknown;
}

export interface WaldurServiceProvider {
  url: string;
  uuid: string;
  created: string;
  customer: string;
  customer_uuid: string;
  customer_name: string;
  description: string;
  enable_notifications: boolean;
  offering_count: number;
  [key: string]: unknown;
}

export interface WaldurCategory {
  url: string;
  uuid: string;
  title: string;
  description: string;
  offering_count: number;
  available_offerings_count: number;
  [key: string]: unknown;
}

export interface WaldurOfferingComponent {
  uuid: string;
  type: string;
  name: string;
  billing_type: BillingType;
  measured_unit: string;
  description: string;
  limit_period: string | null;
  limit_amount: number | null;
  is_builtin: boolean;
  [key: string]: unknown;
}

export interface WaldurPlanComponent {
  type: string;
  name: string;
  measured_unit: string;
  amount: number;
  price: string;
  future_price: string | null;
}

export interface WaldurPlan {
  url: string;
  uuid: string;
  name: string;
  description: string;
  unit: BillingUnit;
  unit_price: string;
  archived: boolean;
  is_active: boolean;
  prices: Record<string, number>;
  future_prices: Record<string, number>;
  quotas: Record<string, number>;
  components: WaldurPlanComponent[];
  resources_count: number;
  plan_type: string;
  /** Only on /api/marketplace-plans/ (ProviderPlanDetails). */
  offering?: string;
  [key: string]: unknown;
}

export interface WaldurOffering {
  url: string;
  uuid: string;
  created: string;
  name: string;
  description: string;
  type: string;
  state: OfferingState;
  customer: string;
  customer_uuid: string;
  customer_name: string;
  category: string;
  category_uuid: string;
  category_title: string;
  components: WaldurOfferingComponent[];
  plans: WaldurPlan[];
  shared: boolean;
  billable: boolean;
  backend_id: string;
  paused_reason: string;
  [key: string]: unknown;
}

export interface WaldurOrder {
  url: string;
  uuid: string;
  created: string;
  modified: string;
  type: OrderType;
  state: OrderState;
  offering: string;
  offering_uuid: string;
  offering_name: string;
  offering_type: string;
  /** Public plan URL; absent when the order has no plan. */
  plan?: string;
  plan_uuid: string | null;
  plan_name: string | null;
  project_uuid: string;
  customer_uuid: string;
  marketplace_resource_uuid: string;
  resource_uuid: string | null;
  resource_name: string;
  attributes: Record<string, unknown>;
  limits: Record<string, number>;
  cost: string | null;
  backend_id: string;
  error_message: string;
  error_traceback: string;
  completed_at: string | null;
  [key: string]: unknown;
}

export interface WaldurResource {
  url: string;
  uuid: string;
  created: string;
  modified: string;
  name: string;
  state: ResourceState;
  backend_id: string;
  offering: string;
  offering_uuid: string;
  plan?: string;
  plan_uuid: string | null;
  project: string;
  project_uuid: string;
  customer_uuid: string;
  attributes: Record<string, unknown>;
  limits: Record<string, number>;
  current_usages: Record<string, number>;
  backend_metadata: Record<string, unknown>;
  [key: string]: unknown;
}

export interface WaldurComponentUsage {
  uuid: string;
  created: string;
  description: string;
  type: string;
  name: string;
  measured_unit: string;
  /** Decimal text with 2 places (the 8.0.5 schema wrongly says integer). */
  usage: string;
  date: string;
  recurring: boolean;
  resource_name: string;
  resource_uuid: string;
  offering_name: string;
  offering_uuid: string;
  project_name: string;
  project_uuid: string;
  customer_name: string;
  customer_uuid: string;
  billing_period: string;
}

export interface WaldurInvoiceItem {
  uuid: string;
  url: string;
  name: string;
  price: number;
  tax: string;
  total: string;
  unit_price: string;
  unit: BillingUnit;
  quantity: string;
  measured_unit: string;
  start: string;
  end: string;
  resource: string | null;
  resource_uuid: string;
  details: Record<string, unknown>;
  billing_type: string;
  [key: string]: unknown;
}

export interface WaldurInvoice {
  url: string;
  uuid: string;
  number: number;
  customer: string;
  state: InvoiceState;
  year: number;
  month: number;
  price: string;
  tax: string;
  total: string;
  items: WaldurInvoiceItem[];
  [key: string]: unknown;
}

export interface WaldurWebHook {
  url: string;
  uuid: string;
  is_active: boolean;
  author_uuid: string;
  author_fullname: string;
  author_username: string;
  author_email: string;
  event_types: string[];
  event_groups: string[];
  created: string;
  modified: string;
  hook_type: 'webhook';
  destination_url: string;
  content_type: 'json' | 'form';
}

export interface WaldurEvent {
  uuid: string;
  created: string;
  event_type: string;
  message: string;
  context: Record<string, unknown>;
}

/** What Waldur POSTs to a web hook's destination_url (unsigned, once). */
export interface WaldurWebhookPayload {
  /** Python isoformat, e.g. 2024-10-25T00:02:05.123456+00:00. */
  created: string;
  message: string;
  context: Record<string, unknown>;
  event_type: string;
}
