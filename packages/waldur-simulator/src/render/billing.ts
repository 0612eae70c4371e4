import {
  formatMoney,
  invoiceItems,
  invoicePrice,
  invoiceState,
  itemPrice,
} from '../billing';
import { parseDecimal, toNumber } from '../decimal';
import type {
  CustomerRecord,
  InvoiceItemRecord,
  InvoiceRecord,
  OfferingRecord,
  ProjectRecord,
  ResourceRecord,
  UsageRecord,
} from '../store';
import type {
  WaldurComponentUsage,
  WaldurInvoice,
  WaldurInvoiceItem,
} from '../types';
import { isoDate, isoDateTime, paths } from '../urls';
import { link, type RenderContext } from './structure';

export function renderUsage(
  ctx: RenderContext,
  usage: UsageRecord,
): WaldurComponentUsage {
  const { store } = ctx;
  const resource = store.resources.get(usage.resourceUuid) as ResourceRecord;
  const offering = store.offerings.get(resource.offeringUuid) as OfferingRecord;
  const project = store.projects.get(resource.projectUuid) as ProjectRecord;
  const customer = store.customers.get(project.customerUuid) as CustomerRecord;
  const component = offering.components.find(
    c => c.type === usage.componentType,
  );
  return {
    uuid: usage.uuid,
    created: isoDateTime(usage.created),
    description: usage.description,
    type: usage.componentType,
    name: component?.name ?? usage.componentType,
    measured_unit: String(component?.measured_unit ?? ''),
    usage: usage.usage,
    date: isoDateTime(usage.date),
    recurring: usage.recurring,
    resource_name: resource.name,
    resource_uuid: resource.uuid,
    offering_name: String(offering.fields.name ?? ''),
    offering_uuid: offering.uuid,
    project_name: String(project.fields.name ?? ''),
    project_uuid: project.uuid,
    customer_name: String(customer.fields.name ?? ''),
    customer_uuid: customer.uuid,
    billing_period: usage.billingPeriod,
  };
}

function itemCommon(ctx: RenderContext, item: InvoiceItemRecord) {
  return {
    uuid: item.uuid,
    name: item.name,
    price: toNumber(itemPrice(item)),
    unit_price: item.unitPrice,
    unit: item.unit,
    quantity: item.quantity,
    measured_unit: item.measuredUnit,
    start: isoDateTime(item.start),
    end: isoDateTime(item.end),
    article_code: item.articleCode,
    details: item.details,
    resource: link(ctx, paths.resource(item.resourceUuid)),
  };
}

/** InvoiceItem as nested in an invoice (tax is 0: no VAT in the simulator). */
function renderInvoiceItem(
  ctx: RenderContext,
  item: InvoiceItemRecord,
): WaldurInvoiceItem {
  const resource = ctx.store.resources.get(item.resourceUuid);
  const project = ctx.store.projects.get(item.projectUuid);
  return {
    ...itemCommon(ctx, item),
    url: link(ctx, paths.invoiceItem(item.uuid)),
    tax: '0.00',
    total: formatMoney(itemPrice(item)),
    factor: 1,
    project_name: String(project?.fields.name ?? ''),
    project_uuid: item.projectUuid,
    resource_uuid: item.resourceUuid,
    resource_name: resource?.name ?? '',
    billing_type: item.billingType,
    backend_uuid: null,
    credit: false,
  };
}

/** InvoiceItemDetail, the shape of /api/invoice-items/. */
export function renderInvoiceItemDetail(
  ctx: RenderContext,
  item: InvoiceItemRecord,
): Record<string, unknown> {
  const { store } = ctx;
  const invoice = store.invoices.get(item.invoiceUuid) as InvoiceRecord;
  const customer = store.customers.get(invoice.customerUuid) as CustomerRecord;
  const project = store.projects.get(item.projectUuid);
  return {
    ...itemCommon(ctx, item),
    invoice: link(ctx, paths.invoice(invoice.uuid)),
    offering_uuid: String(item.details.offering_uuid),
    offering_name: String(item.details.offering_name),
    offering_component_type: String(item.details.offering_component_type),
    project_uuid: item.projectUuid,
    project_name: String(project?.fields.name ?? ''),
    customer_uuid: customer.uuid,
    customer_name: String(customer.fields.name ?? ''),
  };
}

const PAYMENT_INTERVAL_DAYS = 30;

export function renderInvoice(
  ctx: RenderContext,
  invoice: InvoiceRecord,
): WaldurInvoice {
  const { store } = ctx;
  const customer = store.customers.get(invoice.customerUuid) as CustomerRecord;
  const state = invoiceState(store, invoice);
  const price = invoicePrice(store, invoice);
  const taxPercent = parseDecimal(
    String(customer.fields.default_tax_percent ?? '0'),
  );
  const tax = (price * taxPercent) / parseDecimal('100');
  // A finalized invoice is dated the 1st of the following month.
  const invoiceDate =
    state === 'pending'
      ? null
      : new Date(Date.UTC(invoice.year, invoice.month, 1));
  return {
    url: link(ctx, paths.invoice(invoice.uuid)),
    uuid: invoice.uuid,
    number: invoice.number,
    customer: link(ctx, paths.customer(customer.uuid)),
    price: formatMoney(price),
    tax: formatMoney(tax),
    total: formatMoney(price + tax),
    state,
    year: invoice.year,
    month: invoice.month,
    issuer_details: { name: 'Waldur Simulator (not Waldur)' },
    invoice_date: invoiceDate ? isoDate(invoiceDate) : null,
    // due_date is a non-nullable date in the schema: omitted until finalized.
    ...(invoiceDate
      ? {
          due_date: isoDate(
            new Date(
              invoiceDate.getTime() + PAYMENT_INTERVAL_DAYS * 86_400_000,
            ),
          ),
        }
      : {}),
    customer_details: {
      name: String(customer.fields.name ?? ''),
      address: String(customer.fields.address ?? ''),
      country: String(customer.fields.country ?? ''),
      country_name: null,
      postal: String(customer.fields.postal ?? ''),
      phone_number: String(customer.fields.phone_number ?? ''),
      bank_name: String(customer.fields.bank_name ?? ''),
      bank_account: String(customer.fields.bank_account ?? ''),
      vat_code: String(customer.fields.vat_code ?? ''),
    },
    items: invoiceItems(store, invoice.uuid).map(item =>
      renderInvoiceItem(ctx, item),
    ),
    backend_id: '',
    reference_number: '',
    compensations: 0,
    incurred_costs: 0,
  };
}
