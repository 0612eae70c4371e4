import {
  divide,
  formatDecimal,
  multiply,
  parseDecimal,
  roundDecimal,
  sum,
  type Decimal,
} from './decimal';
import { formatPrice } from './render/offerings';
import type {
  InvoiceItemRecord,
  InvoiceRecord,
  JsonObject,
  OfferingRecord,
  PlanRecord,
  ResourceRecord,
  Store,
  UsageRecord,
} from './store';
import type { BillingUnit, InvoiceState } from './types';

/**
 * Invoicing as Waldur's marketplace registrators do it, reduced to what an
 * agent marketplace needs: one invoice per organization and month; fixed,
 * one-time ("one"), plan-switch ("few") and limit components are invoiced
 * when a resource becomes OK or switches plan; usage components get one item
 * per (resource, component, month) whose quantity follows the reported usage.
 */

export function monthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

function monthEnd(date: Date): Date {
  return new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) - 1,
  );
}

function daysInMonth(date: Date): number {
  return monthEnd(date).getUTCDate();
}

const DAY_MS = 86_400_000;

/** invoices.models.get_quantity: billing periods between start and end. */
function billingQuantity(unit: BillingUnit, start: Date, end: Date): Decimal {
  const elapsed = end.getTime() - start.getTime();
  if (unit === 'hour')
    return parseDecimal(String(Math.ceil(elapsed / 3_600_000)));
  if (unit === 'day')
    return parseDecimal(String(Math.floor(elapsed / DAY_MS) + 1));
  const monthDays = daysInMonth(start);
  if (unit === 'half_month') {
    const usedDays = Math.floor(elapsed / DAY_MS) + 1;
    return roundDecimal(
      divide(
        parseDecimal(String(usedDays)),
        parseDecimal(String(monthDays / 2)),
      ),
      2,
      'up',
    );
  }
  if (start.getUTCDate() === 1 && end.getUTCDate() === monthDays) {
    return parseDecimal('1');
  }
  const usedDays = Math.floor(elapsed / DAY_MS) + 1;
  return roundDecimal(
    divide(parseDecimal(String(usedDays)), parseDecimal(String(monthDays))),
    2,
    'up',
  );
}

function invoiceFor(
  store: Store,
  customerUuid: string,
  date: Date,
): InvoiceRecord {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const existing = [...store.invoices.values()].find(
    invoice =>
      invoice.customerUuid === customerUuid &&
      invoice.year === year &&
      invoice.month === month,
  );
  if (existing) return existing;
  const invoice: InvoiceRecord = {
    uuid: store.uuid(),
    number: store.nextInvoiceNumber(),
    customerUuid,
    year,
    month,
    created: store.now(),
  };
  store.invoices.set(invoice.uuid, invoice);
  return invoice;
}

/** Past months are finalized ("created") on the 1st; the current one is pending. */
export function invoiceState(
  store: Store,
  invoice: InvoiceRecord,
): InvoiceState {
  const now = store.now();
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  const own = invoice.year * 12 + (invoice.month - 1);
  return own < current ? 'created' : 'pending';
}

/** InvoiceItem.price: unit_price × quantity rounded up to cents. */
export function itemPrice(item: InvoiceItemRecord): Decimal {
  return roundDecimal(
    multiply(parseDecimal(item.unitPrice), parseDecimal(item.quantity)),
    2,
    'up',
  );
}

export function invoiceItems(
  store: Store,
  invoiceUuid: string,
): InvoiceItemRecord[] {
  return [...store.invoiceItems.values()].filter(
    item => item.invoiceUuid === invoiceUuid,
  );
}

export function invoicePrice(store: Store, invoice: InvoiceRecord): Decimal {
  return sum(invoiceItems(store, invoice.uuid).map(itemPrice));
}

interface Billable {
  resource: ResourceRecord;
  offering: OfferingRecord;
  plan: PlanRecord;
  customerUuid: string;
}

function billable(
  store: Store,
  resource: ResourceRecord,
): Billable | undefined {
  const offering = store.offerings.get(resource.offeringUuid);
  const plan = resource.planUuid
    ? store.plans.get(resource.planUuid)
    : undefined;
  const project = store.projects.get(resource.projectUuid);
  if (!offering || !plan || !project || offering.fields.billable === false) {
    return undefined;
  }
  return { resource, offering, plan, customerUuid: project.customerUuid };
}

function componentDetails(
  store: Store,
  { resource, offering, plan }: Billable,
  componentType: string,
): JsonObject {
  const component = offering.components.find(c => c.type === componentType);
  const provider = store.customers.get(offering.customerUuid);
  const serviceProvider = [...store.serviceProviders.values()].find(
    sp => sp.customerUuid === offering.customerUuid,
  );
  return {
    resource_name: resource.name,
    resource_uuid: resource.uuid,
    plan_name: plan.name,
    plan_uuid: plan.uuid,
    offering_type: offering.type,
    offering_name: String(offering.fields.name ?? ''),
    offering_uuid: offering.uuid,
    service_provider_name: String(provider?.fields.name ?? ''),
    ...(serviceProvider ? { service_provider_uuid: serviceProvider.uuid } : {}),
    offering_component_type: componentType,
    offering_component_name: component?.name ?? componentType,
  };
}

function addItem(store: Store, item: Omit<InvoiceItemRecord, 'uuid'>): void {
  const record = { ...item, uuid: store.uuid() };
  store.invoiceItems.set(record.uuid, record);
}

/**
 * Registers the non-usage components from `start` to the end of its month:
 * when a resource becomes OK (Create), switches plan (Update), or a new
 * month begins (Monthly: fixed and periodic limit components only).
 */
export function registerResourceItems(
  store: Store,
  resource: ResourceRecord,
  orderType: 'Create' | 'Update' | 'Monthly',
  start: Date,
): void {
  const context = billable(store, resource);
  if (!context) return;
  const { offering, plan, customerUuid } = context;
  const invoice = invoiceFor(store, customerUuid, start);
  const end = monthEnd(start);
  const offeringName = String(offering.fields.name ?? '');
  for (const planComponent of plan.components) {
    const component = offering.components.find(
      c => c.type === planComponent.type,
    );
    if (!component) continue;
    const billingType = component.billing_type;
    const price = parseDecimal(planComponent.price);
    let unit: BillingUnit = plan.unit;
    let unitPrice = price;
    let quantity: Decimal;
    if (billingType === 'fixed') {
      unitPrice = multiply(price, parseDecimal(String(planComponent.amount)));
      quantity = billingQuantity(plan.unit, start, end);
    } else if (
      (billingType === 'one' && orderType === 'Create') ||
      (billingType === 'few' && orderType === 'Update')
    ) {
      unit = 'quantity';
      quantity = parseDecimal('1');
    } else if (billingType === 'limit') {
      const limit = resource.limits[component.type] ?? 0;
      if (!limit || limit === -1) continue;
      if (component.limit_period === 'total') {
        if (orderType !== 'Create') continue;
        unit = 'quantity';
      }
      quantity = parseDecimal(String(limit));
    } else {
      continue;
    }
    addItem(store, {
      invoiceUuid: invoice.uuid,
      resourceUuid: resource.uuid,
      projectUuid: resource.projectUuid,
      name: `${resource.name} (${offeringName} / ${plan.name}) / ${component.name}`,
      unitPrice: formatPrice(unitPrice),
      unit,
      quantity: formatPrice(quantity),
      measuredUnit: String(component.measured_unit ?? ''),
      articleCode: String(component.article_code ?? '') || plan.articleCode,
      start,
      end,
      details: componentDetails(store, context, component.type),
      billingType,
    });
  }
}

const BILLED_STATES = ['OK', 'Updating', 'Terminating'];

/**
 * Waldur's monthly invoice run (1st of the month at midnight), done lazily:
 * before invoices are read, every running resource gets its fixed and limit
 * items for each month started since it was last billed.
 */
export function catchUpBilling(store: Store): void {
  const current = monthStart(store.now()).getTime();
  for (const resource of store.resources.values()) {
    if (!resource.billedThrough || !BILLED_STATES.includes(resource.state))
      continue;
    let month = resource.billedThrough;
    for (;;) {
      month = new Date(
        Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1),
      );
      if (month.getTime() > current) break;
      registerResourceItems(store, resource, 'Monthly', month);
      resource.billedThrough = month;
    }
  }
}

/**
 * Called when a resource is terminated or leaves a plan: its open
 * non-usage items stop at `end` and fixed quantities are prorated again.
 */
export function closeResourceItems(
  store: Store,
  resource: ResourceRecord,
  end: Date,
): void {
  for (const item of store.invoiceItems.values()) {
    if (item.resourceUuid !== resource.uuid || item.usageUuid) continue;
    if (item.end.getTime() <= end.getTime()) continue;
    item.end = end;
    if (item.billingType === 'fixed') {
      item.quantity = formatPrice(billingQuantity(item.unit, item.start, end));
    }
  }
}

/** Mirrors a usage-type ComponentUsage into its month's invoice item. */
export function registerUsage(store: Store, usage: UsageRecord): void {
  const resource = store.resources.get(usage.resourceUuid);
  const context = resource && billable(store, resource);
  if (!context) return;
  const component = context.offering.components.find(
    c => c.type === usage.componentType,
  );
  if (!component || component.billing_type !== 'usage') return;
  const existing = [...store.invoiceItems.values()].find(
    item => item.usageUuid === usage.uuid,
  );
  const quantity = formatPrice(parseDecimal(usage.usage));
  if (existing) {
    existing.quantity = quantity;
    return;
  }
  const planComponent = context.plan.components.find(
    c => c.type === component.type,
  );
  if (!planComponent) return;
  const start = new Date(
    Math.max(
      monthStart(usage.date).getTime(),
      context.resource.planPeriodStart.getTime(),
    ),
  );
  addItem(store, {
    invoiceUuid: invoiceFor(store, context.customerUuid, usage.date).uuid,
    resourceUuid: context.resource.uuid,
    projectUuid: context.resource.projectUuid,
    name: `${context.resource.name} / ${component.name}`,
    unitPrice: planComponent.price,
    unit: 'quantity',
    quantity,
    measuredUnit: String(component.measured_unit ?? ''),
    articleCode:
      String(component.article_code ?? '') || context.plan.articleCode,
    start:
      start.getTime() > usage.date.getTime() ? monthStart(usage.date) : start,
    end: monthEnd(usage.date),
    details: componentDetails(store, context, component.type),
    billingType: 'usage',
    usageUuid: usage.uuid,
  });
}

export function formatMoney(value: Decimal): string {
  return formatDecimal(value, 2);
}
