import { ApiError, notFound } from './errors';
import { normalizeUuid } from './ids';
import type { Reply, RequestContext } from './router';

/**
 * Waldur's LinkHeaderPagination and django-filter conventions:
 * bare JSON arrays, `page` (1-based) and `page_size` (default 10, max 300),
 * `X-Result-Count` and an RFC 5988 `Link` header with first/prev/next/last,
 * repeated query keys for multi-value filters, `o=` ordering and `field=`
 * sparse fieldsets.
 */

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 300;

type Item = Record<string, unknown>;
export type Filter = (item: Item, values: string[]) => boolean;
export type Filters = Record<string, Filter>;

/** Matches when the item's field equals any of the given values. */
export function equals(field: string): Filter {
  return (item, values) => values.includes(String(item[field]));
}

/** UUID filter on a value derived from the item; validates input like django-filter. */
export function uuidOf(param: string, get: (item: Item) => unknown): Filter {
  return (item, values) => {
    const uuids = values.map(value => {
      const uuid = normalizeUuid(value);
      if (!uuid) throw new ApiError(400, { [param]: ['Enter a valid UUID.'] });
      return uuid;
    });
    const actual = get(item);
    return Array.isArray(actual)
      ? actual.some(value => uuids.includes(String(value)))
      : uuids.includes(String(actual));
  };
}

/** UUID filter on one of the item's fields. */
export function uuidEquals(field: string, param: string = field): Filter {
  return uuidOf(param, item => item[field]);
}

/** MultipleChoiceFilter: rejects values outside the enum like Waldur does. */
export function choice(field: string, choices: readonly string[]): Filter {
  return (item, values) => {
    for (const value of values) {
      if (!choices.includes(value)) {
        throw new ApiError(400, {
          [field]: [
            `Select a valid choice. ${value} is not one of the available choices.`,
          ],
        });
      }
    }
    return values.includes(String(item[field]));
  };
}

/** Case-insensitive substring match over some fields (`query`, `name`). */
export function contains(...fields: string[]): Filter {
  return (item, values) =>
    values.every(value =>
      fields.some(field =>
        String(item[field] ?? '')
          .toLowerCase()
          .includes(value.toLowerCase()),
      ),
    );
}

export function booleanEquals(field: string): Filter {
  return (item, values) =>
    values.every(value => String(item[field]) === String(value === 'true'));
}

/** Python's str ordering (by code point), unlike localeCompare. */
function codePointOrder(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return codePointOrder(String(a), String(b));
}

/** `o=-created,name`: comma-separated, `-` for descending. */
function order(items: Item[], ordering: string): Item[] {
  const keys = ordering
    .split(',')
    .map(key => key.trim())
    .filter(Boolean)
    .map(key =>
      key.startsWith('-')
        ? { field: key.slice(1), direction: -1 }
        : { field: key, direction: 1 },
    );
  return [...items].sort((a, b) => {
    for (const { field, direction } of keys) {
      const result = compare(a[field], b[field]);
      if (result !== 0) return result * direction;
    }
    return 0;
  });
}

/** `field=uuid&field=state`: keep only the requested fields. */
export function sparse(item: object, query: URLSearchParams): object {
  const fields = query.getAll('field');
  if (fields.length === 0) return item;
  return Object.fromEntries(
    Object.entries(item).filter(([key]) => fields.includes(key)),
  );
}

function linkWith(url: URL, page: number | undefined): string {
  const entries = [...url.searchParams.entries()].filter(
    ([key]) => key !== 'page',
  );
  if (page !== undefined) entries.push(['page', String(page)]);
  // DRF's replace_query_param/remove_query_param re-encode with sorted keys.
  entries.sort(([a], [b]) => codePointOrder(a, b));
  const query = new URLSearchParams(entries).toString();
  return `${url.origin}${url.pathname}${query ? `?${query}` : ''}`;
}

function positiveInt(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const parsed = Number(value);
  return parsed > 0 ? parsed : undefined;
}

export interface ListOptions {
  filters?: Filters;
  /** Default `o` when the client sends none. */
  ordering?: string;
}

/** Filters, orders and pages rendered items into a Waldur list response. */
export function listResponse(
  ctx: RequestContext,
  items: object[],
  options: ListOptions = {},
): Reply {
  let selected = items as Item[];
  for (const [param, filter] of Object.entries(options.filters ?? {})) {
    const values = ctx.query.getAll(param).filter(value => value !== '');
    if (values.length > 0) {
      selected = selected.filter(item => filter(item, values));
    }
  }
  const ordering = ctx.query.get('o') ?? options.ordering;
  if (ordering) selected = order(selected, ordering);

  const count = selected.length;
  if (ctx.method === 'HEAD') {
    // Waldur's *_count operations: only the count header, no body.
    return { status: 200, headers: { 'X-Result-Count': String(count) } };
  }

  const pageSize = Math.min(
    positiveInt(ctx.query.get('page_size')) ?? DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
  );
  const lastPage = Math.max(1, Math.ceil(count / pageSize));
  const pageParam = ctx.query.get('page');
  const page = pageParam === null ? 1 : positiveInt(pageParam);
  if (page === undefined || page > lastPage) throw notFound('Invalid page.');

  const links = [`<${linkWith(ctx.url, undefined)}>; rel="first"`];
  if (page > 1) {
    links.push(
      `<${linkWith(ctx.url, page === 2 ? undefined : page - 1)}>; rel="prev"`,
    );
  }
  if (page < lastPage) {
    links.push(`<${linkWith(ctx.url, page + 1)}>; rel="next"`);
  }
  links.push(
    `<${linkWith(ctx.url, lastPage === 1 ? undefined : lastPage)}>; rel="last"`,
  );

  const body = selected
    .slice((page - 1) * pageSize, page * pageSize)
    .map(item => sparse(item, ctx.query));
  return {
    status: 200,
    body,
    headers: { 'X-Result-Count': String(count), Link: links.join(', ') },
  };
}
