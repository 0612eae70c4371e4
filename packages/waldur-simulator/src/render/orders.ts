import { parseDecimal, toNumber } from '../decimal';
import type {
  CustomerRecord,
  OfferingRecord,
  OrderRecord,
  PlanRecord,
  ProjectRecord,
  ResourceRecord,
  Store,
} from '../store';
import type { WaldurOrder, WaldurResource } from '../types';
import { isoDateTime, paths } from '../urls';
import { planPrice, renderComponent, formatPrice } from './offerings';
import { fullName, link, slugify, type RenderContext } from './structure';

const TERMINAL_ORDER_STATES = ['done', 'erred', 'canceled', 'rejected'];

const when = (date: Date | null) => (date ? isoDateTime(date) : null);

/**
 * Offering, provider, category and plan fields shared by orders and
 * resources. Callers Object.assign() them onto their own literal: spreading
 * into a ~90-key literal is ~10x slower in V8, which shows when a site agent
 * polls thousands of orders.
 */
function offeringFields(
  ctx: RenderContext,
  offering: OfferingRecord,
  plan: PlanRecord | undefined,
) {
  const { store } = ctx;
  const provider = store.customers.get(offering.customerUuid) as CustomerRecord;
  const providerName = String(provider.fields.name ?? '');
  return {
    offering: link(ctx, paths.publicOffering(offering.uuid)),
    offering_name: String(offering.fields.name ?? ''),
    offering_uuid: offering.uuid,
    offering_description: String(offering.fields.description ?? ''),
    offering_type: offering.type,
    offering_shared: offering.fields.shared !== false,
    offering_billable: offering.fields.billable !== false,
    offering_plugin_options: offering.fields.plugin_options ?? {},
    provider_name: providerName,
    provider_uuid: provider.uuid,
    provider_slug: slugify(providerName),
    category_title: store.categories.get(offering.categoryUuid)?.title ?? '',
    category_uuid: offering.categoryUuid,
    // `plan` is a non-nullable URL in the schema, so it is omitted when unset.
    ...(plan
      ? { plan: link(ctx, paths.publicPlan(offering.uuid, plan.uuid)) }
      : {}),
    plan_unit: plan?.unit ?? null,
    plan_name: plan?.name ?? null,
    plan_uuid: plan?.uuid ?? null,
    plan_description: plan?.description ?? null,
  };
}

function reviewer(store: Store, userUuid: string | null, prefix: string) {
  const user = userUuid ? store.users.get(userUuid) : undefined;
  return {
    [prefix]: user?.uuid ?? null,
    [`${prefix}_full_name`]: user ? fullName(user) : null,
    [`${prefix}_username`]: user?.username ?? null,
  };
}

export function renderOrder(
  ctx: RenderContext,
  order: OrderRecord,
): WaldurOrder {
  const { store } = ctx;
  const offering = store.offerings.get(order.offeringUuid) as OfferingRecord;
  const plan = order.planUuid ? store.plans.get(order.planUuid) : undefined;
  const oldPlan = order.oldPlanUuid
    ? store.plans.get(order.oldPlanUuid)
    : undefined;
  const project = store.projects.get(order.projectUuid) as ProjectRecord;
  const customer = store.customers.get(project.customerUuid) as CustomerRecord;
  const resource = store.resources.get(order.resourceUuid) as ResourceRecord;
  const creator = store.users.get(order.createdByUuid);
  const projectName = String(project.fields.name ?? '');
  const customerName = String(customer.fields.name ?? '');
  const isUpdate = order.type === 'Update';
  const own = {
    attributes: order.attributes,
    limits: order.limits,
    uuid: order.uuid,
    created: isoDateTime(order.created),
    modified: isoDateTime(order.modified),
    resource_uuid: null,
    resource_type: null,
    resource_name: resource.name,
    cost: order.cost,
    state: order.state,
    output: '',
    marketplace_resource_uuid: resource.uuid,
    error_message: order.errorMessage,
    error_traceback: order.errorTraceback,
    callback_url: order.callbackUrl,
    completed_at: when(order.completedAt),
    request_comment: order.requestComment,
    attachment: null,
    type: order.type,
    start_date: order.startDate,
    slug: slugify(resource.name),
    url: link(ctx, paths.order(order.uuid)),
    ...reviewer(store, order.consumerReviewedByUuid, 'consumer_reviewed_by'),
    consumer_reviewed_at: when(order.consumerReviewedAt),
    ...reviewer(store, order.providerReviewedByUuid, 'provider_reviewed_by'),
    provider_reviewed_at: when(order.providerReviewedAt),
    created_by_username: creator?.username ?? '',
    created_by_full_name: creator ? fullName(creator) : '',
    created_by_civil_number: null,
    created_by_email: creator?.email || null,
    created_by_organization: creator?.organization ?? null,
    created_by_organization_registry_code: null,
    customer_name: customerName,
    customer_uuid: customer.uuid,
    customer_slug: slugify(customerName),
    project_name: projectName,
    project_uuid: project.uuid,
    project_description: String(project.fields.description ?? ''),
    project_slug: slugify(projectName),
    old_plan_name: isUpdate ? oldPlan?.name ?? null : null,
    new_plan_name: isUpdate ? plan?.name ?? null : null,
    old_plan_uuid: isUpdate ? oldPlan?.uuid ?? null : null,
    new_plan_uuid: isUpdate ? plan?.uuid ?? null : null,
    old_cost_estimate:
      isUpdate && oldPlan ? toNumber(planPrice(store, oldPlan, 'fixed')) : 0,
    new_cost_estimate:
      isUpdate && plan ? formatPrice(planPrice(store, plan, 'fixed')) : null,
    can_terminate:
      ['Marketplace.Basic', 'Support.OfferingTemplate'].includes(
        offering.type,
      ) &&
      ['pending-consumer', 'pending-provider', 'executing'].includes(
        order.state,
      ),
    fixed_price: plan ? toNumber(planPrice(store, plan, 'fixed')) : 0,
    activation_price: plan ? toNumber(planPrice(store, plan, 'one')) : 0,
    termination_comment: null,
    backend_id: order.backendId,
    order_subtype: null,
    provider_message: '',
    provider_message_attachment: null,
    consumer_message: '',
    consumer_message_attachment: null,
    consumer_rejection_comment: order.consumerRejectionComment,
    provider_rejection_comment: order.providerRejectionComment,
    issue: null,
  };
  return Object.assign(own, offeringFields(ctx, offering, plan));
}

/** BackendMetadata is a fixed serializer: other keys are not rendered. */
const BACKEND_METADATA_KEYS = [
  'state',
  'runtime_state',
  'action',
  'instance_name',
];

export function renderResource(
  ctx: RenderContext,
  resource: ResourceRecord,
): WaldurResource {
  const { store } = ctx;
  const offering = store.offerings.get(resource.offeringUuid) as OfferingRecord;
  const plan = resource.planUuid
    ? store.plans.get(resource.planUuid)
    : undefined;
  const project = store.projects.get(resource.projectUuid) as ProjectRecord;
  const customer = store.customers.get(project.customerUuid) as CustomerRecord;
  const orders = [...store.orders.values()].filter(
    order => order.resourceUuid === resource.uuid,
  );
  const inProgress = orders.find(
    order => !TERMINAL_ORDER_STATES.includes(order.state),
  );
  const creation = orders.find(order => order.type === 'Create');
  const billingTypes = offering.components.map(c => c.billing_type);
  const projectName = String(project.fields.name ?? '');
  const customerName = String(customer.fields.name ?? '');
  const currentUsages = Object.fromEntries(
    Object.entries(resource.currentUsages).map(([type, value]) => [
      type,
      toNumber(parseDecimal(value)),
    ]),
  );
  const own = {
    attributes: resource.attributes,
    limits: resource.limits,
    uuid: resource.uuid,
    created: isoDateTime(resource.created),
    modified: isoDateTime(resource.modified),
    url: link(ctx, paths.resource(resource.uuid)),
    description: resource.description,
    state: resource.state,
    resource_uuid: null,
    backend_id: resource.backendId,
    effective_id: '',
    resource_type: null,
    project: link(ctx, paths.project(project.uuid)),
    project_uuid: project.uuid,
    project_name: projectName,
    project_description: String(project.fields.description ?? ''),
    project_end_date: (project.fields.end_date as string | undefined) ?? null,
    customer_uuid: customer.uuid,
    customer_name: customerName,
    offering_slug: slugify(String(offering.fields.name ?? '')),
    offering_backend_id: String(offering.fields.backend_id ?? ''),
    backend_metadata: Object.fromEntries(
      Object.entries(resource.backendMetadata).filter(([key]) =>
        BACKEND_METADATA_KEYS.includes(key),
      ),
    ),
    is_usage_based: billingTypes.includes('usage'),
    is_limit_based: billingTypes.includes('limit'),
    name: resource.name,
    slug: slugify(resource.name),
    current_usages: currentUsages,
    can_terminate: ['OK', 'Erred'].includes(resource.state),
    report: resource.report,
    end_date: resource.endDate,
    end_date_requested_by: null,
    username: null,
    limit_usage: {},
    downscaled: false,
    restrict_member_access: false,
    paused: false,
    endpoints: [],
    error_message: resource.errorMessage,
    error_traceback: resource.errorTraceback,
    options: {},
    available_actions: [],
    last_sync: isoDateTime(resource.lastSync),
    order_in_progress: inProgress ? renderOrder(ctx, inProgress) : null,
    creation_order: creation ? renderOrder(ctx, creation) : null,
    project_slug: slugify(projectName),
    customer_slug: slugify(customerName),
    user_requires_reconsent: false,
    renewal_date: null,
    offering_state: offering.state,
    offering_components: offering.components.map(renderComponent),
  };
  return Object.assign(own, offeringFields(ctx, offering, plan));
}
