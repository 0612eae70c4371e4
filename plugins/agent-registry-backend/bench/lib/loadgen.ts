/*
 * A closed-loop HTTP load generator: N workers, each sending the next request as soon as
 * the previous answer has been read in full, over N keep-alive connections. Latencies go
 * into a preallocated array; percentiles are computed by sorting it.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentiles } from './common';

export type ClientKind = 'undici' | 'http';

export type LoadTarget = {
  name: string;
  origin: string;
  path: string;
  headers: Record<string, string>;
  /** Per-worker header variants (worker i uses entry i mod n), e.g. different API keys. */
  workerHeaders?: Record<string, string>[];
  body: string;
};

export type LoadResult = {
  name: string;
  /** Answered 200 during warm-up (not in the numbers). */
  warmupOk: number;
  warmupErrors: number;
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
};

type Send = (
  headers?: Record<string, string>,
) => Promise<{ status: number; body: string }>;

type Client = { send: Send; close(): Promise<void> };

function undiciClient(target: LoadTarget, connections: number): Client {
  // undici is what Node's own fetch is built on; it is in the repository's node_modules
  // through @backstage packages. Falls back to node:http (see --client).
  // eslint-disable-next-line @backstage/no-undeclared-imports
  const { Pool } = require('undici') as typeof import('undici');
  const pool = new Pool(target.origin, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
  });
  const options = {
    method: 'POST' as const,
    path: target.path,
    headers: target.headers,
    body: target.body,
  };
  return {
    send: async headers => {
      const res = await pool.request(
        headers
          ? { ...options, headers: { ...options.headers, ...headers } }
          : options,
      );
      return { status: res.statusCode, body: await res.body.text() };
    },
    close: () => pool.close(),
  };
}

function httpClient(target: LoadTarget, connections: number): Client {
  const url = new URL(target.origin);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const body = Buffer.from(target.body);
  const options: http.RequestOptions = {
    agent,
    host: url.hostname,
    port: url.port,
    method: 'POST',
    path: target.path,
    headers: { ...target.headers, 'content-length': String(body.length) },
  };
  return {
    send: headers =>
      new Promise((resolve, reject) => {
        const req = http.request(
          headers
            ? { ...options, headers: { ...options.headers, ...headers } }
            : options,
          res => {
            const chunks: Buffer[] = [];
            res.on('data', chunk => chunks.push(chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                body: Buffer.concat(chunks).toString('utf8'),
              }),
            );
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
    close: async () => agent.destroy(),
  };
}

export function availableClient(wanted: string | undefined): ClientKind {
  if (wanted === 'http') return 'http';
  try {
    require.resolve('undici');
    return 'undici';
  } catch {
    if (wanted === 'undici') throw new Error('undici is not installed');
    return 'http';
  }
}

/** Sends one request and returns the answer (for checks before the load). */
export async function sendOnce(target: LoadTarget, kind: ClientKind) {
  const client =
    kind === 'undici' ? undiciClient(target, 1) : httpClient(target, 1);
  try {
    return await client.send();
  } finally {
    await client.close();
  }
}

/**
 * Warms up for `warmupMs` (answers discarded), then measures for `durationMs` on the same
 * connections. Workers stop starting requests at the deadline; requests in flight are
 * finished and counted, and the elapsed time runs until the last of them.
 */
export async function runLoad(
  target: LoadTarget,
  options: {
    kind: ClientKind;
    concurrency: number;
    warmupMs: number;
    durationMs: number;
    /** Called between warm-up and measurement (e.g. to reset memory peaks). */
    onMeasureStart?: () => Promise<void>;
  },
): Promise<LoadResult> {
  const client =
    options.kind === 'undici'
      ? undiciClient(target, options.concurrency)
      : httpClient(target, options.concurrency);
  // 4M latencies (32 MB) is ~4x what the fastest target here reaches in 60 s.
  const capacity = Math.max(
    1_000_000,
    Math.min(16_000_000, Math.ceil((options.durationMs / 1000) * 100_000)),
  );
  const latencies = new Float64Array(capacity);
  let count = 0;
  let overflow = 0;
  let errors = 0;
  let warmupOk = 0;
  let warmupErrors = 0;
  const statuses: Record<string, number> = {};

  const loop = async (until: number, record: boolean, worker: number) => {
    const headers =
      target.workerHeaders?.[worker % target.workerHeaders.length];
    while (performance.now() < until) {
      const start = performance.now();
      let status: string;
      try {
        status = String((await client.send(headers)).status);
      } catch (error) {
        status = (error as NodeJS.ErrnoException).code ?? 'error';
      }
      const elapsed = performance.now() - start;
      if (!record) {
        if (status === '200') warmupOk++;
        else warmupErrors++;
        continue;
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status !== '200') {
        errors++;
        continue;
      }
      if (count < capacity) latencies[count++] = elapsed;
      else overflow++;
    }
  };
  const workers = (until: number, record: boolean) =>
    Promise.all(
      Array.from({ length: options.concurrency }, (_, i) =>
        loop(until, record, i),
      ),
    );

  try {
    if (options.warmupMs > 0)
      await workers(performance.now() + options.warmupMs, false);
    await options.onMeasureStart?.();
    const started = performance.now();
    await workers(started + options.durationMs, true);
    const seconds = (performance.now() - started) / 1000;
    if (overflow)
      throw new Error(`latency buffer too small (${overflow} dropped)`);
    let sum = 0;
    for (let i = 0; i < count; i++) sum += latencies[i];
    const [p50, p90, p99, max] = percentiles(
      latencies,
      count,
      [50, 90, 99, 100],
    );
    return {
      name: target.name,
      warmupOk,
      warmupErrors,
      requests: count,
      errors,
      statuses,
      seconds,
      rps: count / seconds,
      p50,
      p90,
      p99,
      max,
      mean: count ? sum / count : NaN,
    };
  } finally {
    await client.close();
  }
}
