/**
 * Failure injection for the Waldur API surface (never for /_simulator/):
 * a "down" switch, "fail the next N calls" rules and added latency.
 */

/**
 * How the API behaves while down: `refuse` closes the listening socket
 * (connection refused), `reset` drops connections without answering, a
 * number answers every call with that HTTP status (e.g. 503).
 */
export type DownMode = 'refuse' | 'reset' | number;

/** A glob over the request path (`*` matches anything, including `/`) or a RegExp. */
export type PathPattern = string | RegExp;

function toRegExp(pattern: PathPattern): RegExp {
  if (pattern instanceof RegExp) return pattern;
  const source = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

interface FailureRule {
  pattern: RegExp;
  method?: string;
  remaining: number;
  status: number;
  body: unknown;
}

interface LatencyRule {
  pattern?: RegExp;
  ms: number;
}

export interface FaultsSnapshot {
  down: DownMode | false;
  failures: Array<{
    pattern: string;
    method?: string;
    remaining: number;
    status: number;
  }>;
  latency: Array<{ pattern?: string; ms: number }>;
}

export class Faults {
  down: DownMode | false = false;
  private failures: FailureRule[] = [];
  private latency: LatencyRule[] = [];

  failNext(
    pattern: PathPattern,
    count: number,
    status = 500,
    options: { method?: string; body?: unknown } = {},
  ): void {
    this.failures.push({
      pattern: toRegExp(pattern),
      method: options.method?.toUpperCase(),
      remaining: count,
      status,
      body: options.body ?? { detail: `Simulated failure (waldur-simulator).` },
    });
  }

  addLatency(ms: number, pattern?: PathPattern): void {
    this.latency.push({ pattern: pattern ? toRegExp(pattern) : undefined, ms });
  }

  /** Consumes one matching failure, if any. */
  takeFailure(
    method: string,
    path: string,
  ): { status: number; body: unknown } | undefined {
    const rule = this.failures.find(
      candidate =>
        candidate.remaining > 0 &&
        (!candidate.method || candidate.method === method) &&
        candidate.pattern.test(path),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    this.failures = this.failures.filter(candidate => candidate.remaining > 0);
    return { status: rule.status, body: rule.body };
  }

  delayFor(path: string): number {
    return this.latency
      .filter(rule => !rule.pattern || rule.pattern.test(path))
      .reduce((total, rule) => total + rule.ms, 0);
  }

  clear(): void {
    this.down = false;
    this.failures = [];
    this.latency = [];
  }

  snapshot(): FaultsSnapshot {
    return {
      down: this.down,
      failures: this.failures.map(rule => ({
        pattern: rule.pattern.source,
        method: rule.method,
        remaining: rule.remaining,
        status: rule.status,
      })),
      latency: this.latency.map(rule => ({
        pattern: rule.pattern?.source,
        ms: rule.ms,
      })),
    };
  }
}
