import type { FailureStatus } from './errors';

/*
 * The knobs that make the simulator misbehave on purpose: latency, failures
 * and outages. Everything random is drawn from seeded generators when a seed
 * is given, so a benchmark or test run can be replayed exactly.
 */

/**
 * How the simulator is "down":
 * - `unavailable`: Langflow routes answer 503;
 * - `reset`: Langflow requests get their connection destroyed without an answer;
 * - `refuse`: the listening socket is closed, new connections are refused.
 * The `/_simulator` control routes keep working in the first two modes.
 */
export type DownMode = 'unavailable' | 'reset' | 'refuse';

/**
 * Token usage in answers: `reported` (Langflow ≥ 1.9 with a provider that
 * reports usage), `null` (≥ 1.9, provider reports nothing), `absent` (< 1.9).
 */
export type TokenUsageMode = 'reported' | 'null' | 'absent';

export interface FailureSpec {
  /** 500 (default) or an upstream-classified status: 422, 429, 502, 504. */
  status?: FailureStatus;
  message?: string;
}

export const DEFAULT_FAILURE_MESSAGE =
  'Simulated component failure injected by langflow-simulator';

const FAILURE_STATUSES: ReadonlySet<number> = new Set([
  500, 422, 429, 502, 504,
]);

export interface BehaviourOptions {
  latencyMs?: number;
  jitterMs?: number;
  failureRate?: number;
  seed?: number;
  tokenUsage?: TokenUsageMode;
  /** Pause between streamed `token` events, to make streaming visible in demos. */
  streamChunkDelayMs?: number;
}

export interface BehaviourSnapshot {
  latencyMs: number;
  jitterMs: number;
  failureRate: number;
  seed: number | null;
  failNext: number;
  down: DownMode | false;
  tokenUsage: TokenUsageMode;
  streamChunkDelayMs: number;
  flowFailures: Record<string, Required<FailureSpec>>;
}

/** mulberry32: tiny, fast, good enough for reproducible coin flips. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a number >= 0, got ${value}`);
  }
  return value;
}

function normalizeFailure(
  spec: FailureSpec | undefined,
): Required<FailureSpec> {
  const status = spec?.status ?? 500;
  if (!FAILURE_STATUSES.has(status)) {
    throw new RangeError(
      `failure status must be one of ${[...FAILURE_STATUSES].join(', ')}`,
    );
  }
  return { status, message: spec?.message ?? DEFAULT_FAILURE_MESSAGE };
}

export class Behaviour {
  latencyMs = 0;
  jitterMs = 0;
  failureRate = 0;
  seed: number | null = null;
  down: DownMode | false = false;
  tokenUsage: TokenUsageMode = 'reported';
  streamChunkDelayMs = 0;
  private failNextCount = 0;
  private failNextSpec = normalizeFailure(undefined);
  private failureRandom: () => number = Math.random;
  private jitterRandom: () => number = Math.random;
  /** Keyed by flow id or endpoint name, as the caller named the flow. */
  private readonly flowFailures = new Map<string, Required<FailureSpec>>();

  constructor(options: BehaviourOptions = {}) {
    this.setLatency(options.latencyMs ?? 0, options.jitterMs ?? 0);
    this.setFailureRate(options.failureRate ?? 0, options.seed);
    this.setTokenUsage(options.tokenUsage ?? 'reported');
    this.setStreamChunkDelay(options.streamChunkDelayMs ?? 0);
  }

  setLatency(ms: number, jitterMs = 0): void {
    this.latencyMs = nonNegative('latencyMs', ms);
    this.jitterMs = nonNegative('jitterMs', jitterMs);
  }

  /** A seed makes both the failure draws and the latency jitter reproducible. */
  setFailureRate(rate: number, seed?: number): void {
    if (!(rate >= 0 && rate <= 1)) {
      throw new RangeError(`failureRate must be within 0..1, got ${rate}`);
    }
    this.failureRate = rate;
    if (seed !== undefined) {
      if (!Number.isInteger(seed)) {
        throw new RangeError(`seed must be an integer, got ${seed}`);
      }
      this.seed = seed;
      this.failureRandom = seededRandom(seed);
      this.jitterRandom = seededRandom(seed ^ 0x9e3779b9);
    }
  }

  /** The next `count` runs fail (0 cancels), before any other failure rule. */
  failNext(count: number, spec?: FailureSpec): void {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(
        `failNext count must be an integer >= 0, got ${count}`,
      );
    }
    this.failNextCount = count;
    this.failNextSpec = normalizeFailure(spec);
  }

  /** Every run of that flow fails until cleared with `false`. */
  setFlowFailure(flowIdOrName: string, failure: FailureSpec | boolean): void {
    const key = flowIdOrName.toLowerCase();
    if (failure === false) {
      this.flowFailures.delete(key);
    } else {
      this.flowFailures.set(
        key,
        normalizeFailure(failure === true ? undefined : failure),
      );
    }
  }

  setTokenUsage(mode: TokenUsageMode): void {
    if (!['reported', 'null', 'absent'].includes(mode)) {
      throw new RangeError(`tokenUsage must be reported, null or absent`);
    }
    this.tokenUsage = mode;
  }

  setStreamChunkDelay(ms: number): void {
    this.streamChunkDelayMs = nonNegative('streamChunkDelayMs', ms);
  }

  /**
   * Whether this run fails, in this order: a pending `failNext`, a failure
   * set for the flow, then one draw against `failureRate` (no draw at rate 0).
   */
  failureFor(
    flowId: string,
    endpointName: string | null,
  ): Required<FailureSpec> | undefined {
    if (this.failNextCount > 0) {
      this.failNextCount -= 1;
      return this.failNextSpec;
    }
    if (this.flowFailures.size > 0) {
      const failure =
        this.flowFailures.get(flowId) ??
        (endpointName
          ? this.flowFailures.get(endpointName.toLowerCase())
          : undefined);
      if (failure) {
        return failure;
      }
    }
    if (this.failureRate > 0 && this.failureRandom() < this.failureRate) {
      return normalizeFailure(undefined);
    }
    return undefined;
  }

  /** Latency for one run: fixed part plus a uniform integer jitter in [0, jitterMs]. */
  nextLatency(): number {
    if (this.jitterMs === 0) {
      return this.latencyMs;
    }
    return (
      this.latencyMs + Math.floor(this.jitterRandom() * (this.jitterMs + 1))
    );
  }

  snapshot(): BehaviourSnapshot {
    return {
      latencyMs: this.latencyMs,
      jitterMs: this.jitterMs,
      failureRate: this.failureRate,
      seed: this.seed,
      failNext: this.failNextCount,
      down: this.down,
      tokenUsage: this.tokenUsage,
      streamChunkDelayMs: this.streamChunkDelayMs,
      flowFailures: Object.fromEntries(this.flowFailures),
    };
  }
}
