import type { IncomingHttpHeaders } from 'node:http';
import type { TokenUsage, Tweaks } from './types';

export type CallOutcome =
  | 'success'
  | 'simulated-failure'
  | 'auth-error'
  | 'not-found'
  | 'invalid-request';

/**
 * One `/api/v1/run` call as the simulator received and answered it. Calls
 * made while the simulator is down are only counted in `stats().requests`.
 */
export interface RecordedCall {
  /** 1-based position among all run calls since start (or the last reset). */
  seq: number;
  /** Epoch milliseconds when the request arrived. */
  time: number;
  method: string;
  path: string;
  /** Query parameters, without `x-api-key`. */
  query: Record<string, string>;
  flowIdOrName: string;
  flowId: string | null;
  flowName: string | null;
  stream: boolean;
  /** Request headers minus secrets (x-api-key, authorization, cookie, proxy-authorization). */
  headers: IncomingHttpHeaders;
  authenticated: boolean;
  /** `fingerprintApiKey(key)` of the key used, so tests can tell tenants apart. */
  apiKeyFingerprint: string | null;
  /** Parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  tweaks: Tweaks | null;
  sessionId: string | null;
  status: number;
  outcome: CallOutcome;
  answer: string | null;
  usage: TokenUsage | null;
  /** Simulated latency applied to this call. */
  latencyMs: number;
}

export interface CallStats {
  /** Every HTTP request received, control routes included. */
  requests: number;
  runCalls: number;
  /** Run calls by answered status code. */
  runsByStatus: Record<number, number>;
}

const SECRET_HEADERS = [
  'x-api-key',
  'authorization',
  'cookie',
  'proxy-authorization',
];

export function redactHeaders(
  headers: IncomingHttpHeaders,
): IncomingHttpHeaders {
  const copy = { ...headers };
  for (const name of SECRET_HEADERS) {
    delete copy[name];
  }
  return copy;
}

/**
 * Keeps only the last `capacity` calls in a fixed ring, so a million-request
 * benchmark costs constant memory. Capacity 0 turns recording off.
 */
export class CallLog {
  private ring: Array<RecordedCall | undefined>;
  private next = 0;
  private size = 0;
  private seq = 0;
  readonly stats: CallStats = { requests: 0, runCalls: 0, runsByStatus: {} };

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`maxCalls must be an integer >= 0, got ${capacity}`);
    }
    this.ring = new Array(capacity);
  }

  /** Counts a run call and returns its sequence number. */
  countRun(status: number): number {
    this.stats.runCalls += 1;
    this.stats.runsByStatus[status] =
      (this.stats.runsByStatus[status] ?? 0) + 1;
    this.seq += 1;
    return this.seq;
  }

  record(call: RecordedCall): void {
    if (this.capacity === 0) {
      return;
    }
    this.ring[this.next] = call;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** Oldest first; `limit` keeps only the newest ones. */
  list(limit?: number): RecordedCall[] {
    const start = (this.next - this.size + this.capacity) % this.capacity;
    const all: RecordedCall[] = [];
    for (let i = 0; i < this.size; i += 1) {
      all.push(this.ring[(start + i) % this.capacity] as RecordedCall);
    }
    return limit === undefined
      ? all
      : all.slice(Math.max(0, all.length - limit));
  }

  clear(): void {
    this.ring = new Array(this.capacity);
    this.next = 0;
    this.size = 0;
    this.seq = 0;
    this.stats.requests = 0;
    this.stats.runCalls = 0;
    this.stats.runsByStatus = {};
  }
}
