/**
 * Errors of the Waldur API, with Django REST framework's error bodies turned into one
 * readable sentence: `{"detail": "..."}`, `{"field": ["msg"]}` (nested for nested
 * serializers), `{"non_field_errors": [...]}` and bare lists (`["Offering state is invalid."]`).
 */

/** Waldur answered, and said no (4xx). Not retried: the same request would fail again. */
export class WaldurApiError extends Error {
  override readonly name = 'WaldurApiError';

  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(
      `Waldur ${method} ${path} answered ${status}: ${formatWaldurError(
        body,
        status,
      )}`,
    );
  }

  /** The part of the message Waldur wrote, without the request. */
  get waldurMessage(): string {
    return formatWaldurError(this.body, this.status);
  }
}

/**
 * Waldur could not be reached or failed (network error, timeout, 5xx, 429) even after the
 * client's retries. Callers leave their work for the next run. Named like Backstage's
 * ServiceUnavailableError so that REST handlers answer 503.
 */
export class WaldurUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';

  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number | undefined,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Waldur ${method} ${path} is unavailable: ${detail}`, options);
  }
}

export function isWaldurApiError(
  error: unknown,
  status?: number,
): error is WaldurApiError {
  return (
    error instanceof WaldurApiError &&
    (status === undefined || error.status === status)
  );
}

const MAX_MESSAGE = 500;

function flatten(value: unknown, prefix: string, out: string[]): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'string' || typeof value === 'number') {
    out.push(prefix ? `${prefix}: ${value}` : String(value));
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) flatten(item, prefix, out);
    return;
  }
  if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      // DRF's object-level keys say nothing a reader needs.
      let label = prefix;
      if (key !== 'non_field_errors' && key !== 'detail') {
        label = prefix ? `${prefix}.${key}` : key;
      }
      flatten(inner, label, out);
    }
  }
}

/** One line from a DRF error body; falls back to the status when the body is not JSON. */
export function formatWaldurError(body: unknown, status?: number): string {
  if (typeof body === 'string') {
    const text = body.trim();
    // Proxies answer HTML pages; they say nothing useful.
    if (!text || text.startsWith('<')) return `HTTP ${status ?? 'error'}`;
    return text.slice(0, MAX_MESSAGE);
  }
  const parts: string[] = [];
  flatten(body, '', parts);
  const message = parts.join('; ');
  return message ? message.slice(0, MAX_MESSAGE) : `HTTP ${status ?? 'error'}`;
}
