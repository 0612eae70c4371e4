import { monthStart, registerUsage } from './billing';
import { formatDecimal, parseDecimal, sum } from './decimal';
import { ApiError } from './errors';
import type { Simulation } from './simulation';
import type {
  OfferingComponentRecord,
  OfferingRecord,
  ResourceRecord,
  Store,
  UsageRecord,
} from './store';
import { isoDate } from './urls';

/**
 * ComponentUsageCreateSerializer: one record per (resource, component,
 * billing month). Reporting again in the same month overwrites the value —
 * agents must send cumulative month-to-date totals.
 */

export interface UsageItem {
  type: string;
  amount: string | number;
  description?: string;
  recurring?: boolean;
}

const VALID_STATES = ['OK', 'Updating', 'Terminating'];

/** The serializer's validate(): resource state and reportable component types. */
export function validateUsageReport(
  store: Store,
  resource: ResourceRecord,
  usages: UsageItem[],
): Map<string, OfferingComponentRecord> {
  if (!VALID_STATES.includes(resource.state)) {
    throw new ApiError(400, { resource: ['Resource is not in valid state.'] });
  }
  const offering = store.offerings.get(resource.offeringUuid) as OfferingRecord;
  const reportable = new Map(
    offering.components
      .filter(c => c.billing_type === 'usage' || c.billing_type === 'limit')
      .map(c => [c.type, c]),
  );
  const invalid = [...new Set(usages.map(u => u.type))]
    .filter(type => !reportable.has(type))
    .sort();
  if (invalid.length > 0) {
    throw new ApiError(400, {
      non_field_errors: [
        `These components are invalid: ${invalid.join(', ')}.`,
      ],
    });
  }
  return reportable;
}

export function setUsage(
  sim: Simulation,
  resource: ResourceRecord,
  usages: UsageItem[],
  date: Date | undefined,
): void {
  const { store } = sim;
  const reportable = validateUsageReport(store, resource, usages);

  // 8.0.5 accepts `date` from staff (and providers for limit components);
  // the simulator honours it for anyone allowed to report, so tests can
  // backfill earlier months. Without it Waldur uses "now".
  const when = date ?? store.now();
  const billingPeriod = isoDate(monthStart(when));
  for (const item of usages) {
    const component = reportable.get(item.type);
    const amount = parseDecimal(item.amount);
    const existing = [...store.usages.values()].find(
      usage =>
        usage.resourceUuid === resource.uuid &&
        usage.componentType === item.type &&
        usage.billingPeriod === billingPeriod,
    );
    if (
      component?.billing_type === 'usage' &&
      typeof component.limit_amount === 'number'
    ) {
      // OfferingComponent.validate_amount: the stored total plus the new amount.
      const total = sum([existing ? parseDecimal(existing.usage) : 0n, amount]);
      if (total > parseDecimal(String(component.limit_amount))) {
        throw new ApiError(400, [
          `Total amount exceeds limit. Total amount: ${formatDecimal(
            total,
            2,
          )}, limit: ${component.limit_amount}.`,
        ]);
      }
    }
    const record: UsageRecord = existing ?? {
      uuid: store.uuid(),
      created: store.now(),
      resourceUuid: resource.uuid,
      componentType: item.type,
      billingPeriod,
      usage: '0.00',
      date: when,
      description: '',
      recurring: false,
    };
    record.usage = formatDecimal(amount, 2);
    record.date = when;
    record.description = item.description ?? '';
    record.recurring = item.recurring ?? false;
    store.usages.set(record.uuid, record);
    registerUsage(store, record);
  }
  // Waldur replaces current_usages with this report's values.
  resource.currentUsages = Object.fromEntries(
    usages.map(item => [
      item.type,
      formatDecimal(parseDecimal(item.amount), 2),
    ]),
  );
}
