import {
  formatDecimal,
  multiply,
  parseDecimal,
  sum,
  toNumber,
  type Decimal,
} from '../decimal';
import type {
  OfferingComponentRecord,
  OfferingRecord,
  PlanRecord,
  Store,
} from '../store';
import type {
  BillingType,
  WaldurOffering,
  WaldurOfferingComponent,
  WaldurPlan,
} from '../types';
import { isoDateTime, paths } from '../urls';
import { link, slugify, type RenderContext } from './structure';

export function renderComponent(
  component: OfferingComponentRecord,
): WaldurOfferingComponent {
  return {
    description: '',
    measured_unit: '',
    unit_factor: 1,
    limit_period: null,
    limit_amount: null,
    article_code: '',
    max_value: null,
    min_value: null,
    max_available_limit: null,
    is_boolean: false,
    default_limit: null,
    is_prepaid: false,
    overage_component: null,
    min_prepaid_duration: null,
    max_prepaid_duration: null,
    ...component,
    billing_type: component.billing_type as BillingType,
    factor: null,
    is_builtin: false,
  };
}

function billingTypeOf(store: Store, plan: PlanRecord, type: string): string {
  return (
    store.offerings
      .get(plan.offeringUuid)
      ?.components.find(component => component.type === type)?.billing_type ??
    ''
  );
}

/** Sum of plan component prices of one billing type (times quota for fixed). */
export function planPrice(
  store: Store,
  plan: PlanRecord,
  billingType: string,
  limits: Record<string, number> = {},
): Decimal {
  return sum(
    plan.components
      .filter(item => billingTypeOf(store, plan, item.type) === billingType)
      .map(item => {
        const price = parseDecimal(item.price);
        if (billingType === 'fixed') {
          return multiply(price, parseDecimal(String(item.amount || 1)));
        }
        if (billingType === 'limit') {
          return multiply(price, parseDecimal(String(limits[item.type] ?? 0)));
        }
        return price;
      }),
  );
}

/** BasePlanSerializer.get_plan_type; "" where Waldur would return None. */
function planType(store: Store, plan: PlanRecord): string {
  const types = new Set(
    plan.components
      .filter(item => parseDecimal(item.price) !== 0n)
      .map(item => billingTypeOf(store, plan, item.type)),
  );
  if (types.size > 1) return 'mixed';
  const names: Record<string, string> = {
    usage: 'usage-based',
    fixed: 'fixed',
    one: 'one-time',
    few: 'on-plan-switch',
    limit: 'limit',
  };
  const [only] = [...types];
  return only ? names[only] ?? '' : '';
}

/** The three plan shapes: provider list item, ProviderPlanDetails, public plan. */
export type PlanView = 'provider' | 'details' | 'public';

export function renderPlan(
  ctx: RenderContext,
  plan: PlanRecord,
  view: PlanView,
): WaldurPlan {
  const { store } = ctx;
  const offering = store.offerings.get(plan.offeringUuid) as OfferingRecord;
  const componentsByType = new Map(offering.components.map(c => [c.type, c]));
  const prices: Record<string, number> = {};
  const futurePrices: Record<string, number> = {};
  const quotas: Record<string, number> = {};
  for (const item of plan.components) {
    prices[item.type] = toNumber(parseDecimal(item.price));
    // A null future price cannot be expressed in the schema's number map.
    if (item.futurePrice !== null) {
      futurePrices[item.type] = toNumber(parseDecimal(item.futurePrice));
    }
    quotas[item.type] = item.amount;
  }
  const url =
    view === 'public'
      ? paths.publicPlan(offering.uuid, plan.uuid)
      : paths.plan(plan.uuid);
  const minimal = sum([
    planPrice(store, plan, 'fixed'),
    planPrice(store, plan, 'one'),
    sum(
      plan.components
        .filter(item => billingTypeOf(store, plan, item.type) === 'limit')
        .map(item => parseDecimal(item.price)),
    ),
  ]);
  return {
    url: link(ctx, url),
    uuid: plan.uuid,
    name: plan.name,
    description: plan.description,
    article_code: plan.articleCode,
    max_amount: plan.maxAmount,
    archived: plan.archived,
    is_active: !plan.archived,
    unit_price: plan.unitPrice,
    unit: plan.unit,
    init_price: toNumber(planPrice(store, plan, 'one')),
    switch_price: toNumber(planPrice(store, plan, 'few')),
    backend_id: plan.backendId,
    organization_groups: [],
    components: plan.components.map(item => {
      const component = componentsByType.get(item.type);
      return {
        type: item.type,
        name: component?.name ?? item.type,
        measured_unit: String(component?.measured_unit ?? ''),
        amount: item.amount,
        price: item.price,
        future_price: item.futurePrice,
        discount_threshold: null,
        discount_rate: null,
      };
    }),
    ...(view === 'details'
      ? { offering: link(ctx, paths.providerOffering(offering.uuid)) }
      : {}),
    prices,
    future_prices: futurePrices,
    quotas,
    resources_count: [...store.resources.values()].filter(
      resource => resource.planUuid === plan.uuid,
    ).length,
    plan_type: planType(store, plan),
    minimal_price: toNumber(minimal),
  };
}

function plansOf(store: Store, offeringUuid: string): PlanRecord[] {
  return [...store.plans.values()].filter(
    plan => plan.offeringUuid === offeringUuid,
  );
}

function classification(offering: OfferingRecord): string {
  const types = new Set(offering.components.map(c => c.billing_type));
  if (types.size === 1 && types.has('limit')) return 'limit_only';
  if (types.size === 1 && types.has('usage')) return 'usage_only';
  return 'mixed';
}

const EMPTY_OPTIONS = { order: [], options: {} };

/**
 * Fields shared by ProviderOfferingDetails and PublicOfferingDetails.
 * URL-formatted fields without a value (access_url, privacy_policy_link)
 * are omitted rather than rendered as "" which `format: uri` rejects.
 */
function commonOffering(
  ctx: RenderContext,
  offering: OfferingRecord,
  planView: PlanView,
): WaldurOffering {
  const { store } = ctx;
  const customer = store.customers.get(offering.customerUuid);
  const category = store.categories.get(offering.categoryUuid);
  const fields = offering.fields;
  const name = String(fields.name ?? '');
  return {
    uuid: offering.uuid,
    url: link(
      ctx,
      planView === 'public'
        ? paths.publicOffering(offering.uuid)
        : paths.providerOffering(offering.uuid),
    ),
    created: isoDateTime(offering.created),
    slug: slugify(name),
    description: '',
    full_description: '',
    endpoints: [],
    software_catalogs: [],
    partitions: [],
    roles: [],
    project: null,
    project_uuid: null,
    project_name: null,
    attributes: {},
    options: EMPTY_OPTIONS,
    resource_options: EMPTY_OPTIONS,
    plugin_options: {},
    vendor_details: '',
    getting_started: '',
    integration_guide: '',
    thumbnail: null,
    screenshots: [],
    shared: true,
    billable: true,
    scope_uuid: null,
    scope_name: null,
    scope_state: null,
    scope_error_message: null,
    files: [],
    quotas: [],
    datacite_doi: '',
    citation_count: 0,
    latitude: null,
    longitude: null,
    country: '',
    backend_id: '',
    organization_groups: [],
    tags: [],
    image: null,
    total_customers: null,
    total_cost: null,
    total_cost_estimated: null,
    parent_description: null,
    parent_uuid: null,
    parent_name: null,
    backend_metadata: {},
    has_compliance_requirements: false,
    compliance_checklist: null,
    google_calendar_is_public: null,
    google_calendar_link: null,
    ...fields,
    name,
    type: offering.type,
    state: offering.state,
    paused_reason: offering.pausedReason,
    customer: link(ctx, paths.customer(offering.customerUuid)),
    customer_uuid: offering.customerUuid,
    customer_name: String(customer?.fields.name ?? ''),
    category: link(ctx, paths.category(offering.categoryUuid)),
    category_uuid: offering.categoryUuid,
    category_title: category?.title ?? '',
    components: offering.components.map(renderComponent),
    order_count: [...store.orders.values()].filter(
      order => order.offeringUuid === offering.uuid,
    ).length,
    plans: plansOf(store, offering.uuid).map(plan =>
      renderPlan(ctx, plan, planView),
    ),
    billing_type_classification: classification(offering),
  };
}

/** The write-only/provider-only fields a public view must not expose. */
const PROVIDER_ONLY = [
  'secret_options',
  'service_attributes',
  'backend_id_rules',
  'integration_status',
];

export function renderProviderOffering(
  ctx: RenderContext,
  offering: OfferingRecord,
): WaldurOffering {
  return {
    secret_options: {},
    service_attributes: {},
    backend_id_rules: {},
    integration_status: [],
    ...commonOffering(ctx, offering, 'provider'),
  };
}

export function renderPublicOffering(
  ctx: RenderContext,
  offering: OfferingRecord,
): WaldurOffering {
  const rendered = commonOffering(ctx, offering, 'public');
  for (const key of PROVIDER_ONLY) delete rendered[key];
  return {
    ...rendered,
    user_has_consent: true,
    is_accessible: true,
    promotion_campaigns: [],
  };
}

export function formatPrice(value: Decimal): string {
  return formatDecimal(value, 10);
}
