import { fieldError } from './errors';
import { normalizeUuid } from './ids';

/** API paths of the objects the simulator serves; relations are absolute URLs. */
export const paths = {
  user: (uuid: string) => `/api/users/${uuid}/`,
  customer: (uuid: string) => `/api/customers/${uuid}/`,
  project: (uuid: string) => `/api/projects/${uuid}/`,
  serviceProvider: (uuid: string) =>
    `/api/marketplace-service-providers/${uuid}/`,
  category: (uuid: string) => `/api/marketplace-categories/${uuid}/`,
  providerOffering: (uuid: string) =>
    `/api/marketplace-provider-offerings/${uuid}/`,
  publicOffering: (uuid: string) =>
    `/api/marketplace-public-offerings/${uuid}/`,
  plan: (uuid: string) => `/api/marketplace-plans/${uuid}/`,
  publicPlan: (offeringUuid: string, planUuid: string) =>
    `/api/marketplace-public-offerings/${offeringUuid}/plans/${planUuid}/`,
  order: (uuid: string) => `/api/marketplace-orders/${uuid}/`,
  resource: (uuid: string) => `/api/marketplace-resources/${uuid}/`,
  invoice: (uuid: string) => `/api/invoices/${uuid}/`,
  invoiceItem: (uuid: string) => `/api/invoice-items/${uuid}/`,
  hook: (uuid: string) => `/api/hooks-web/${uuid}/`,
};

export type RelationKind =
  | 'customer'
  | 'project'
  | 'category'
  | 'providerOffering'
  | 'publicOffering'
  | 'plan'
  | 'publicPlan';

const UUID = '([0-9a-fA-F-]{32,36})';

const RELATION_PATTERNS: Record<RelationKind, RegExp> = {
  customer: new RegExp(`^/api/customers/${UUID}/$`),
  project: new RegExp(`^/api/projects/${UUID}/$`),
  category: new RegExp(`^/api/marketplace-categories/${UUID}/$`),
  providerOffering: new RegExp(
    `^/api/marketplace-provider-offerings/${UUID}/$`,
  ),
  publicOffering: new RegExp(`^/api/marketplace-public-offerings/${UUID}/$`),
  plan: new RegExp(`^/api/marketplace-plans/${UUID}/$`),
  publicPlan: new RegExp(
    `^/api/marketplace-public-offerings/${UUID}/plans/${UUID}/$`,
  ),
};

/**
 * Resolves a hyperlinked relation the way DRF does: only the URL path counts
 * (scheme and host are ignored) and it must match one of the expected views.
 * Returns the UUIDs captured from the path (offering and plan for publicPlan).
 */
export function parseRelation(
  field: string,
  value: unknown,
  kinds: RelationKind[],
): { kind: RelationKind; uuids: string[] } {
  if (typeof value !== 'string') {
    throw fieldError(
      field,
      `Incorrect type. Expected URL string, received ${typeof value}.`,
    );
  }
  let path: string;
  try {
    path = new URL(value, 'http://placeholder').pathname;
  } catch {
    throw fieldError(field, 'Invalid hyperlink - No URL match.');
  }
  for (const kind of kinds) {
    const match = RELATION_PATTERNS[kind].exec(path);
    if (!match) continue;
    const uuids = match.slice(1).map(normalizeUuid);
    if (uuids.some(uuid => uuid === undefined)) {
      throw fieldError(field, 'Invalid hyperlink - Object does not exist.');
    }
    return { kind, uuids: uuids as string[] };
  }
  const knownPath = Object.values(RELATION_PATTERNS).some(pattern =>
    pattern.test(path),
  );
  throw fieldError(
    field,
    knownPath
      ? 'Invalid hyperlink - Incorrect URL match.'
      : 'Invalid hyperlink - No URL match.',
  );
}

/** ISO-8601 with `Z`, how DRF renders datetimes in Waldur. */
export function isoDateTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Python `datetime.isoformat()` for an aware UTC datetime. */
export function pythonIsoFormat(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
