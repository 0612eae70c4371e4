/**
 * Waldur's LinkHeaderPagination: lists are bare JSON arrays; the total is in
 * `X-Result-Count` and the pages are linked by an RFC 5988 `Link` header whose `next`
 * entry is missing on the last page.
 */

/** The URLs of a `Link` header by relation (`first`, `prev`, `next`, `last`). */
export function parseLinkHeader(
  header: string | null | undefined,
): Record<string, string> {
  const links: Record<string, string> = {};
  if (!header) return links;
  // Entries look like `<https://host/api/x/?page=2>; rel="next"`, comma separated.
  const entry = /<([^>]*)>\s*((?:;\s*[^;,]+)*)/g;
  for (const match of header.matchAll(entry)) {
    const [, url, params] = match;
    const rel = /;\s*rel="?([^";]+)"?/i.exec(params ?? '');
    if (!rel) continue;
    for (const name of rel[1].trim().split(/\s+/)) links[name] = url;
  }
  return links;
}

/** The query of a `next` link as a query object (repeated keys become arrays). */
export function queryOfUrl(url: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URL(url).searchParams) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[key] = [existing, value];
  }
  return query;
}
