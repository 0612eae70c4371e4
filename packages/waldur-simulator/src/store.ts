import { createRandomSource, newToken, newUuid, RandomSource } from './ids';
import type {
  BillingUnit,
  OfferingState,
  OrderState,
  OrderType,
  ResourceState,
  RoleName,
} from './types';

/**
 * The simulator's in-memory world. Records hold what Waldur keeps in its
 * database; the render/ modules turn them into API representations.
 */

export type JsonObject = Record<string, unknown>;

export interface UserRecord {
  uuid: string;
  username: string;
  password?: string;
  email: string;
  firstName: string;
  lastName: string;
  organization: string;
  isStaff: boolean;
  isSupport: boolean;
  isActive: boolean;
  token: string;
  /** Refreshed on each authenticated call: Waldur token lifetimes slide. */
  tokenCreated: Date;
  /** Seconds; null means the token never expires. */
  tokenLifetime: number | null;
  dateJoined: Date;
}

export interface RoleRecord {
  uuid: string;
  userUuid: string;
  scopeType: 'customer' | 'project';
  scopeUuid: string;
  role: RoleName;
  created: Date;
  createdByUuid?: string;
}

export interface CustomerRecord {
  uuid: string;
  created: Date;
  /** Writable CustomerRequest fields as last sent. */
  fields: JsonObject;
}

export interface ProjectRecord {
  uuid: string;
  created: Date;
  customerUuid: string;
  /** Writable ProjectRequest fields except `customer`. */
  fields: JsonObject;
}

export interface ServiceProviderRecord {
  uuid: string;
  created: Date;
  customerUuid: string;
  description: string;
  enableNotifications: boolean;
}

export interface CategoryRecord {
  uuid: string;
  title: string;
  description: string;
}

export interface OfferingComponentRecord extends JsonObject {
  uuid: string;
  type: string;
  name: string;
  billing_type: string;
}

export interface PlanComponentRecord {
  type: string;
  /** Decimal text with 10 places, like Waldur's PlanComponent.price. */
  price: string;
  futurePrice: string | null;
  amount: number;
}

export interface PlanRecord {
  uuid: string;
  offeringUuid: string;
  created: Date;
  name: string;
  description: string;
  unit: BillingUnit;
  unitPrice: string;
  articleCode: string;
  maxAmount: number | null;
  archived: boolean;
  backendId: string;
  components: PlanComponentRecord[];
}

export interface OfferingRecord {
  uuid: string;
  created: Date;
  customerUuid: string;
  categoryUuid: string;
  state: OfferingState;
  pausedReason: string;
  type: string;
  /** Other writable fields (name, description, options, plugin_options, ...). */
  fields: JsonObject;
  components: OfferingComponentRecord[];
}

export interface ResourceRecord {
  uuid: string;
  created: Date;
  modified: Date;
  name: string;
  description: string;
  offeringUuid: string;
  planUuid: string | null;
  projectUuid: string;
  state: ResourceState;
  backendId: string;
  attributes: JsonObject;
  limits: Record<string, number>;
  currentUsages: Record<string, string>;
  backendMetadata: JsonObject;
  report: Array<{ header: string; body: string }>;
  errorMessage: string;
  errorTraceback: string;
  endDate: string | null;
  lastSync: Date;
  /** Set when the plan period started; used to clip invoice items. */
  planPeriodStart: Date;
  /** Month start up to which fixed/limit items are invoiced (null until OK). */
  billedThrough: Date | null;
}

export interface OrderRecord {
  uuid: string;
  created: Date;
  modified: Date;
  type: OrderType;
  state: OrderState;
  offeringUuid: string;
  planUuid: string | null;
  oldPlanUuid: string | null;
  projectUuid: string;
  resourceUuid: string;
  attributes: JsonObject;
  limits: Record<string, number>;
  createdByUuid: string;
  consumerReviewedByUuid: string | null;
  consumerReviewedAt: Date | null;
  providerReviewedByUuid: string | null;
  providerReviewedAt: Date | null;
  errorMessage: string;
  errorTraceback: string;
  backendId: string;
  callbackUrl: string | null;
  requestComment: string | null;
  startDate: string | null;
  completedAt: Date | null;
  providerRejectionComment: string;
  consumerRejectionComment: string;
  cost: string | null;
}

export interface UsageRecord {
  uuid: string;
  created: Date;
  resourceUuid: string;
  componentType: string;
  /** First day of the month, YYYY-MM-01. */
  billingPeriod: string;
  /** Decimal text with 2 places. */
  usage: string;
  date: Date;
  description: string;
  recurring: boolean;
}

export interface InvoiceRecord {
  uuid: string;
  number: number;
  customerUuid: string;
  year: number;
  month: number;
  created: Date;
}

export interface InvoiceItemRecord {
  uuid: string;
  invoiceUuid: string;
  resourceUuid: string;
  projectUuid: string;
  name: string;
  unitPrice: string;
  unit: BillingUnit;
  quantity: string;
  measuredUnit: string;
  articleCode: string;
  start: Date;
  end: Date;
  details: JsonObject;
  billingType: string;
  /** Usage items are keyed by the usage record they mirror. */
  usageUuid?: string;
}

export interface HookRecord {
  uuid: string;
  created: Date;
  modified: Date;
  authorUuid: string;
  isActive: boolean;
  eventTypes: string[];
  eventGroups: string[];
  destinationUrl: string;
  contentType: 'json' | 'form';
}

export interface ScopeRef {
  type: 'customer' | 'project' | 'order' | 'resource' | 'offering';
  uuid: string;
}

export interface EventRecord {
  uuid: string;
  created: Date;
  eventType: string;
  message: string;
  context: JsonObject;
  /** Waldur's "feed": objects whose visibility decides who may see the event. */
  scopes: ScopeRef[];
}

/** One outgoing HTTP call the simulator made (web hook or order callback). */
export interface DeliveryRecord {
  uuid: string;
  kind: 'webhook' | 'callback';
  url: string;
  hookUuid?: string;
  eventType?: string;
  orderUuid?: string;
  contentType: string;
  body: string;
  sentAt: string;
  /** HTTP status the receiver answered, if it answered. */
  status?: number;
  error?: string;
}

export class Store {
  readonly users = new Map<string, UserRecord>();
  readonly roles = new Map<string, RoleRecord>();
  readonly customers = new Map<string, CustomerRecord>();
  readonly projects = new Map<string, ProjectRecord>();
  readonly serviceProviders = new Map<string, ServiceProviderRecord>();
  readonly categories = new Map<string, CategoryRecord>();
  readonly offerings = new Map<string, OfferingRecord>();
  readonly plans = new Map<string, PlanRecord>();
  readonly resources = new Map<string, ResourceRecord>();
  readonly orders = new Map<string, OrderRecord>();
  readonly usages = new Map<string, UsageRecord>();
  readonly invoices = new Map<string, InvoiceRecord>();
  readonly invoiceItems = new Map<string, InvoiceItemRecord>();
  readonly hooks = new Map<string, HookRecord>();
  readonly events = new Map<string, EventRecord>();
  readonly deliveries: DeliveryRecord[] = [];
  /** Failed logins per username (Waldur keys on username and source IP). */
  readonly loginFailures = new Map<string, { count: number; since: Date }>();

  /** Bumped when roles or projects change; permission lookups cache on it. */
  structureVersion = 0;

  private random: RandomSource;
  private clockOffsetMs = 0;
  private invoiceNumber = 100000;

  constructor(private readonly seed?: string) {
    this.random = createRandomSource(seed);
  }

  /** The simulator's clock; tests can move it to cross month boundaries. */
  now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  setNow(date: Date | undefined): void {
    this.clockOffsetMs = date ? date.getTime() - Date.now() : 0;
  }

  uuid(): string {
    return newUuid(this.random);
  }

  token(): string {
    return newToken(this.random);
  }

  nextInvoiceNumber(): number {
    this.invoiceNumber += 1;
    return this.invoiceNumber;
  }

  reset(): void {
    for (const value of Object.values(this)) {
      if (value instanceof Map) value.clear();
    }
    this.deliveries.length = 0;
    this.structureVersion += 1;
    this.random = createRandomSource(this.seed);
    this.clockOffsetMs = 0;
    this.invoiceNumber = 100000;
  }
}
