import { catchUpBilling } from '../billing';
import { choice, equals, listResponse, uuidEquals, uuidOf } from '../paging';
import { rolesOf, seesEverything } from '../permissions';
import { renderInvoice, renderInvoiceItemDetail } from '../render/billing';
import { listRoutes, route, type RequestContext, type Route } from '../router';
import type { InvoiceItemRecord, InvoiceRecord } from '../store';
import { detail, lookup, renderContext } from './common';

/** Invoices are visible to staff/support and the organization's owners and support. */
function canSeeInvoice(ctx: RequestContext, invoice: InvoiceRecord): boolean {
  return (
    seesEverything(ctx.user) ||
    rolesOf(ctx.sim.store, ctx.user, 'customer', invoice.customerUuid).some(
      role => role === 'CUSTOMER.OWNER' || role === 'CUSTOMER.SUPPORT',
    )
  );
}

function canSeeItem(ctx: RequestContext, item: InvoiceItemRecord): boolean {
  const invoice = ctx.sim.store.invoices.get(item.invoiceUuid);
  return !!invoice && canSeeInvoice(ctx, invoice);
}

const INVOICE_STATES = [
  'pending',
  'pending_finalization',
  'created',
  'paid',
  'canceled',
] as const;

export const invoiceRoutes: Route[] = [
  ...listRoutes('/api/invoices/', ctx => {
    const { store } = ctx.sim;
    catchUpBilling(store);
    const items = [...store.invoices.values()]
      .filter(invoice => canSeeInvoice(ctx, invoice))
      .map(invoice => renderInvoice(renderContext(ctx), invoice));
    return listResponse(ctx, items, {
      ordering: '-year,-month',
      filters: {
        customer_uuid: uuidOf(
          'customer_uuid',
          item => store.invoices.get(String(item.uuid))?.customerUuid,
        ),
        year: equals('year'),
        month: equals('month'),
        state: choice('state', INVOICE_STATES),
      },
    });
  }),

  route('GET', '/api/invoices/{uuid}/', ctx => {
    catchUpBilling(ctx.sim.store);
    const invoice = lookup(ctx, ctx.sim.store.invoices, item =>
      canSeeInvoice(ctx, item),
    );
    return detail(ctx, renderInvoice(renderContext(ctx), invoice));
  }),

  ...listRoutes('/api/invoice-items/', ctx => {
    const { store } = ctx.sim;
    catchUpBilling(store);
    const invoiceOf = (item: Record<string, unknown>) =>
      store.invoices.get(
        store.invoiceItems.get(String(item.uuid))?.invoiceUuid ?? '',
      );
    const items = [...store.invoiceItems.values()]
      .filter(item => canSeeItem(ctx, item))
      .map(item => renderInvoiceItemDetail(renderContext(ctx), item));
    return listResponse(ctx, items, {
      filters: {
        customer_uuid: uuidEquals('customer_uuid'),
        project_uuid: uuidEquals('project_uuid'),
        offering_uuid: uuidEquals('offering_uuid'),
        resource_uuid: uuidOf(
          'resource_uuid',
          item => store.invoiceItems.get(String(item.uuid))?.resourceUuid,
        ),
        year: (item, values) => values.includes(String(invoiceOf(item)?.year)),
        month: (item, values) =>
          values.map(Number).includes(Number(invoiceOf(item)?.month)),
      },
    });
  }),

  route('GET', '/api/invoice-items/{uuid}/', ctx => {
    catchUpBilling(ctx.sim.store);
    const item = lookup(ctx, ctx.sim.store.invoiceItems, candidate =>
      canSeeItem(ctx, candidate),
    );
    return detail(ctx, renderInvoiceItemDetail(renderContext(ctx), item));
  }),
];
