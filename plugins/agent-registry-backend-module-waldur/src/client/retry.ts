import { WaldurUnavailableError } from './errors';

/**
 * A fetch that retries what may succeed on a second try — network errors, timeouts, 5xx
 * and 429 — with bounded, fully jittered exponential backoff (honouring `Retry-After`).
 * 4xx answers are returned at once: Waldur said no, and would say it again.
 */

export type RetryPolicy = {
  /** Tries in total, the first included (default 4). */
  attempts: number;
  /** Backoff before the second try; doubles each time (default 500 ms). */
  baseDelayMs: number;
  /** Upper bound of one wait, `Retry-After` included (default 8 s). */
  maxDelayMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8000,
};

export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

function backoff(policy: RetryPolicy, attempt: number, response?: Response) {
  const retryAfter = Number(response?.headers.get('Retry-After'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) {
    return Math.min(policy.maxDelayMs, retryAfter * 1000);
  }
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** (attempt - 1),
  );
  return Math.random() * ceiling;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } })
      .cause;
    if (error.name === 'TimeoutError') return 'request timed out';
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}

export function createRetryingFetch(options: {
  policy: RetryPolicy;
  timeoutMs: number;
  fetch?: typeof fetch;
  onRetry?: (info: {
    request: Request;
    attempt: number;
    reason: string;
  }) => void;
}): (request: Request) => Promise<Response> {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const { policy } = options;
  return async (request: Request) => {
    const path = new URL(request.url).pathname;
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= policy.attempts;
      let response: Response | undefined;
      let reason: string;
      try {
        // Each try gets its own copy (the body can only be read once) and its own timeout.
        response = await baseFetch(
          new Request(request.clone(), {
            signal: AbortSignal.timeout(options.timeoutMs),
          }),
        );
        if (!isRetryableStatus(response.status) || last) return response;
        reason = `HTTP ${response.status}`;
        await response.body?.cancel().catch(() => undefined);
      } catch (error) {
        if (last) {
          throw new WaldurUnavailableError(
            request.method,
            path,
            undefined,
            `${describe(error)} (after ${attempt} tries)`,
            { cause: error },
          );
        }
        reason = describe(error);
      }
      options.onRetry?.({ request, attempt, reason });
      await sleep(backoff(policy, attempt, response));
    }
  };
}
