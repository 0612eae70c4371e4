/*
 * Metering benchmark: usage events per second written durably and de-duplicated, through
 * the plugin's real write path for a completed call, on SQLite and PostgreSQL, with the
 * process's heap and RSS sampled as it goes.
 *
 *   yarn bench:metering [--events=200000] [--database=sqlite,pg] [--concurrency=32]
 *                       [--duplicates=0.1] [--modes=gateway,store] [--batched[=100]]
 *                       [--samples=20] [--plan=bench|unlimited] [--keys=1]
 *                       [--sqlite-journal=wal]
 *
 * Modes (each on its own accesses, so its rows can be counted):
 *   gateway  GatewayService.invoke() as plugin.ts wires it, with a zero-latency runtime:
 *            key, access and agent lookups, idempotency lookup, one transaction to take the
 *            quota and write the pending event, one to complete it and add it to the
 *            day's rollup. Everything but HTTP and the runtime. (headline)
 *   store    Only the metering store's calls, in the gateway's transactions: idempotency
 *            lookup, takeFromQuota + insertPending, complete.
 *   batched  (--batched) NOT the product's path: the same store calls for many events in
 *            one transaction, to show what one commit per event costs.
 *
 * See bench/README.md.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { UsageEvent } from '../src/database/DatabaseMeteringStore';
import type { RegistryDatabase } from '../src/database/RegistryDatabase';
import { GatewayError } from '../src/gateway/GatewayError';
import { quotaFor, quotaPeriod } from '../src/gateway/quotaPeriod';
import {
  describeMachine,
  mb,
  numberArg,
  parseArgs,
  prng,
  slope,
  table,
} from './lib/common';
import {
  type BenchDatabase,
  createBenchDatabase,
  describeDurability,
  type DbKind,
  parseDbKinds,
} from './lib/databases';
import { createGateway, openRegistry } from './lib/registry';
import {
  BENCH_INPUT,
  BENCH_PLANS,
  type BenchAccess,
  type BenchWorld,
  seedWorld,
} from './lib/world';

const TARGET_EVENTS_PER_SECOND = 20_000;
/** Heap growth per event, once warm, below which memory counts as flat. */
const FLAT_BYTES_PER_EVENT = 4;

// A full GC before each memory sample, so samples show what is retained.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

type Mode = 'gateway' | 'store' | 'batched';

type Outcomes = {
  written: number;
  replayed: number;
  inProgress: number;
  failed: number;
  firstError?: string;
};

type Sample = {
  calls: number;
  seconds: number;
  heapUsed: number;
  rss: number;
  external: number;
};

/** `index` numbers the unique key, so a re-sent key goes to the same access. */
type Key = { index: number; key: string };
type Call = (key: Key) => Promise<keyof Outcomes>;
type BatchCall = (keys: Key[]) => Promise<(keyof Outcomes)[]>;

/** What a completed call stores as its replayable answer (about the gateway's size). */
function answerFor(event: UsageEvent) {
  return {
    id: event.id,
    agent: 'agent:default/bench-bot',
    version: '1.0.0',
    sessionId: `${event.accessId}:${event.id}`,
    output: `[null runtime] You said: ${BENCH_INPUT}`,
    usage: { inputTokens: 10, outputTokens: 20, computeMs: 0 },
  };
}

/** GatewayService.invoke with a zero-latency runtime. */
function gatewayCall(
  registry: RegistryDatabase,
  world: BenchWorld,
  accesses: BenchAccess[],
): Call {
  const gateway = createGateway(registry);
  return async ({ index, key: idempotencyKey }) => {
    const access = accesses[index % accesses.length];
    try {
      const { replayed } = await gateway.invoke({
        token: access.secret,
        agentRef: world.agent,
        input: BENCH_INPUT,
        idempotencyKey,
        kinds: ['api', 'widget'],
      });
      return replayed ? 'replayed' : 'written';
    } catch (error) {
      if (error instanceof GatewayError && error.code === 'request_in_progress')
        return 'inProgress';
      throw error;
    }
  };
}

/** The metering store's calls in the gateway's two transactions. */
function storeCall(
  registry: RegistryDatabase,
  world: BenchWorld,
  accesses: BenchAccess[],
): Call {
  const plan = BENCH_PLANS.find(p => p.name === world.plan)!;
  const { metering } = registry.stores;
  return async ({ index, key: idempotencyKey }) => {
    const access = accesses[index % accesses.length];
    const previous = await metering.findByIdempotencyKey(
      access.accessId,
      idempotencyKey,
    );
    if (previous) return previous.status === 'ok' ? 'replayed' : 'inProgress';
    const now = new Date();
    const { period } = quotaPeriod(now, 'monthly');
    const quota = quotaFor(plan.includedCalls, 'monthly');
    const event: UsageEvent = {
      id: randomUUID(),
      tenantId: world.tenantId,
      accessId: access.accessId,
      keyId: access.keyId,
      idempotencyKey,
      status: 'pending',
      countedInQuota: false,
      chargedMicros: 0,
      occurredAt: now.toISOString(),
    };
    try {
      await registry.transaction(async stores => {
        if (quota !== undefined) {
          const counted = await stores.metering.takeFromQuota(
            world.tenantId,
            access.accessId,
            period,
            quota,
          );
          if (!counted) throw new Error('quota exhausted');
          event.countedInQuota = true;
          event.quotaPeriod = period;
        }
        await stores.metering.insertPending(event);
      });
    } catch (error) {
      if (await metering.findByIdempotencyKey(access.accessId, idempotencyKey))
        return 'inProgress';
      throw error;
    }
    await registry.transaction(stores =>
      stores.metering.complete(event, {
        inputTokens: 10,
        outputTokens: 20,
        computeMs: 0,
        response: answerFor(event),
      }),
    );
    return 'written';
  };
}

/** NOT the product's path: the same store calls for a batch of events in one transaction. */
function batchedCall(
  registry: RegistryDatabase,
  world: BenchWorld,
  accesses: BenchAccess[],
): BatchCall {
  const plan = BENCH_PLANS.find(p => p.name === world.plan)!;
  return keys =>
    registry.transaction(async stores => {
      const outcomes: (keyof Outcomes)[] = [];
      const now = new Date();
      const { period } = quotaPeriod(now, 'monthly');
      const quota = quotaFor(plan.includedCalls, 'monthly');
      for (const { index, key: idempotencyKey } of keys) {
        const access = accesses[index % accesses.length];
        if (
          await stores.metering.findByIdempotencyKey(
            access.accessId,
            idempotencyKey,
          )
        ) {
          outcomes.push('replayed');
          continue;
        }
        const event: UsageEvent = {
          id: randomUUID(),
          tenantId: world.tenantId,
          accessId: access.accessId,
          keyId: access.keyId,
          idempotencyKey,
          status: 'pending',
          countedInQuota: quota !== undefined,
          quotaPeriod: quota !== undefined ? period : undefined,
          chargedMicros: 0,
          occurredAt: now.toISOString(),
        };
        if (
          quota !== undefined &&
          !(await stores.metering.takeFromQuota(
            world.tenantId,
            access.accessId,
            period,
            quota,
          ))
        )
          throw new Error('quota exhausted');
        await stores.metering.insertPending(event);
        await stores.metering.complete(event, {
          inputTokens: 10,
          outputTokens: 20,
          computeMs: 0,
          response: answerFor(event),
        });
        outcomes.push('written');
      }
      return outcomes;
    });
}

/**
 * Sends `events` calls from `concurrency` workers. A `duplicates` share of the calls re-send
 * the idempotency key of an earlier call (at least `lag` calls back, so usually completed);
 * the others use new keys. Keys are derived from counters, so nothing grows in memory.
 */
async function drive(options: {
  events: number;
  concurrency: number;
  duplicates: number;
  batch: number;
  sampleEvery: number;
  call?: Call;
  batchCall?: BatchCall;
  onSample: (s: Sample) => void;
}) {
  const prefix = randomUUID();
  const random = prng(42);
  const lag = 2 * options.concurrency * options.batch;
  let assigned = 0;
  let unique = 0;
  let resent = 0;
  let completed = 0;
  let nextSample = options.sampleEvery;
  const outcomes: Outcomes = {
    written: 0,
    replayed: 0,
    inProgress: 0,
    failed: 0,
  };
  const nextKey = (): Key => {
    assigned++;
    let index: number;
    if (unique > lag && random() < options.duplicates) {
      resent++;
      index = Math.floor(random() * (unique - lag));
    } else {
      index = unique++;
    }
    return { index, key: `${prefix}:${index}` };
  };
  const started = performance.now();
  const sample = () => {
    gc();
    const m = process.memoryUsage();
    options.onSample({
      calls: completed,
      seconds: (performance.now() - started) / 1000,
      heapUsed: m.heapUsed,
      rss: m.rss,
      external: m.external,
    });
  };
  const count = (results: (keyof Outcomes)[]) => {
    for (const r of results) outcomes[r]++;
    completed += results.length;
    if (completed >= nextSample) {
      nextSample += options.sampleEvery;
      sample();
    }
  };
  const fail = (error: unknown, n: number) => {
    outcomes.failed += n;
    completed += n;
    outcomes.firstError ??= (error as Error)?.stack ?? String(error);
  };
  sample();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (assigned < options.events) {
        if (options.batchCall) {
          const keys: Key[] = [];
          while (keys.length < options.batch && assigned < options.events)
            keys.push(nextKey());
          try {
            count(await options.batchCall(keys));
          } catch (error) {
            fail(error, keys.length);
          }
        } else {
          const key = nextKey();
          try {
            count([await options.call!(key)]);
          } catch (error) {
            fail(error, 1);
          }
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { outcomes, unique, resent, seconds };
}

async function countRows(registry: RegistryDatabase, accesses: BenchAccess[]) {
  const ids = accesses.map(a => a.accessId);
  const db = registry.client;
  const n = async (q: any, column = 'n') => Number((await q)[0]?.[column] ?? 0);
  return {
    rows: await n(
      db('usage_events').whereIn('access_id', ids).count({ n: '*' }),
    ),
    ok: await n(
      db('usage_events')
        .whereIn('access_id', ids)
        .where({ status: 'ok' })
        .count({ n: '*' }),
    ),
    distinctKeys: await n(
      db('usage_events')
        .whereIn('access_id', ids)
        .countDistinct({ n: 'idempotency_key' }),
    ),
    quotaUsed: await n(
      db('quota_counters').whereIn('access_id', ids).sum({ n: 'used' }),
    ),
    rollupCalls: await n(
      db('usage_rollups').whereIn('access_id', ids).sum({ n: 'calls' }),
    ),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const events = numberArg(args, 'events', 200_000);
  const concurrency = numberArg(args, 'concurrency', 32);
  const duplicates = numberArg(args, 'duplicates', 0.1);
  const samples = numberArg(args, 'samples', 20);
  const batchArg = args.get('batched');
  const batch =
    batchArg === undefined ? 0 : batchArg === 'true' ? 100 : Number(batchArg);
  const modes = (args.get('modes') ?? 'gateway').split(',') as Mode[];
  if (batch) modes.push('batched');
  for (const m of modes)
    if (!['gateway', 'store', 'batched'].includes(m))
      throw new Error(`Unknown mode ${m}`);
  const kinds: DbKind[] = parseDbKinds(args.get('database'), ['sqlite', 'pg']);
  const plan = args.get('plan') ?? 'bench';
  const keys = numberArg(args, 'keys', 1);
  const sqliteJournal = args.get('sqlite-journal');
  const sampleEvery = Math.max(1, Math.ceil(events / samples));

  const out = (line = '') => process.stdout.write(`${line}\n`);
  out('Agent Registry metering benchmark (bench/metering.ts)');
  out('=====================================================');
  out(describeMachine());
  out(
    `NOTE: ${os.availableParallelism()} cores; this process (single-threaded) drives the calls; PostgreSQL runs on the same machine.`,
  );
  out(
    `run: ${events} calls per mode and database, ${concurrency} concurrent, ${(
      duplicates * 100
    ).toFixed(0)}% re-sent idempotency keys, plan "${plan}"${
      plan === 'bench' ? ' (quota counter taken on every call)' : ''
    }, ${
      keys === 1
        ? 'one access (one API key)'
        : `${keys} accesses (API keys) round-robin`
    } per mode; memory sampled after a forced GC every ${sampleEvery} calls`,
  );
  out();

  const tmpDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'agent-registry-metering-'),
  );
  const summary: string[][] = [
    [
      'database',
      'mode',
      'events written',
      'seconds',
      'events/s',
      'calls/s',
      'heap slope',
      'memory',
      'dedup',
    ],
  ];
  let headlineMet = true;
  let allFlat = true;
  try {
    for (const kind of kinds) {
      const db: BenchDatabase = await createBenchDatabase(kind, tmpDir);
      const { registry, close } = await openRegistry(db);
      try {
        if (kind === 'sqlite' && sqliteJournal) {
          await registry.client.raw(`PRAGMA journal_mode=${sqliteJournal}`);
        }
        const durability = await describeDurability(registry.client);
        const world = await seedWorld(registry, {
          plan,
          accesses: modes.length * keys,
        });
        out(`## ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: ${durability}`);
        if (kind === 'sqlite' && sqliteJournal)
          out(
            `   (journal mode set by --sqlite-journal=${sqliteJournal}: NOT what Backstage configures)`,
          );
        out(`   ${db.location}`);
        for (const [i, mode] of modes.entries()) {
          const accesses = world.accesses.slice(i * keys, (i + 1) * keys);
          const collected: Sample[] = [];
          out();
          out(
            `### ${mode}${
              mode === 'batched'
                ? ` (${batch} events per transaction; NOT the product's per-call path)`
                : ''
            }`,
          );
          const run = await drive({
            events,
            concurrency,
            duplicates,
            batch: mode === 'batched' ? batch : 1,
            sampleEvery,
            call:
              mode === 'gateway'
                ? gatewayCall(registry, world, accesses)
                : mode === 'store'
                ? storeCall(registry, world, accesses)
                : undefined,
            batchCall:
              mode === 'batched'
                ? batchedCall(registry, world, accesses)
                : undefined,
            onSample: s => {
              const prev = collected[collected.length - 1];
              collected.push(s);
              const rate = prev
                ? (s.calls - prev.calls) / (s.seconds - prev.seconds)
                : NaN;
              out(
                `  ${String(s.calls).padStart(9)} calls  ${s.seconds
                  .toFixed(1)
                  .padStart(7)} s  ${
                  Number.isNaN(rate)
                    ? '          '
                    : `${rate.toFixed(0).padStart(6)} /s`
                }  heap used ${mb(s.heapUsed).padStart(9)}  RSS ${mb(
                  s.rss,
                ).padStart(9)}  external ${mb(s.external).padStart(8)}`,
              );
            },
          });
          const { outcomes } = run;
          const rows = await countRows(registry, accesses);
          const eventsPerSecond = outcomes.written / run.seconds;
          // "Warm": from the sample at 20% of the run on.
          const warm = collected.filter(s => s.calls >= events * 0.2);
          const heapSlope = slope(
            warm.map(s => s.calls),
            warm.map(s => s.heapUsed),
          );
          const rssSlope = slope(
            warm.map(s => s.calls),
            warm.map(s => s.rss),
          );
          const flat = warm.length >= 3 && heapSlope < FLAT_BYTES_PER_EVENT;
          const dedupOk =
            rows.rows === run.unique &&
            rows.ok === run.unique &&
            rows.distinctKeys === run.unique &&
            rows.rollupCalls === run.unique &&
            (plan !== 'bench' || rows.quotaUsed === run.unique) &&
            outcomes.written === run.unique &&
            outcomes.failed === 0;
          out(
            `  ${outcomes.written} events written in ${run.seconds.toFixed(
              1,
            )} s = ${eventsPerSecond.toFixed(0)} events/s (${(
              (outcomes.written + outcomes.replayed + outcomes.inProgress) /
              run.seconds
            ).toFixed(0)} calls/s incl. re-sent keys)`,
          );
          out(
            `  de-duplication: ${events} calls, ${run.resent} re-sent an earlier key (${outcomes.replayed} replayed, ${outcomes.inProgress} refused as in progress), ${outcomes.failed} failed`,
          );
          out(
            `                  usage_events rows ${rows.rows} (status ok ${
              rows.ok
            }, distinct keys ${rows.distinctKeys}), rollup calls ${
              rows.rollupCalls
            }, quota used ${rows.quotaUsed}; unique keys sent ${run.unique}: ${
              dedupOk ? 'OK, no duplicate events' : 'MISMATCH'
            }`,
          );
          if (outcomes.firstError) out(`  first error: ${outcomes.firstError}`);
          out(
            `  memory once warm (samples from ${
              warm[0]?.calls ?? '-'
            } calls on): heap ${heapSlope.toFixed(2)} B/event (${mb(
              heapSlope * 1e6,
            )} per 1M events), RSS ${rssSlope.toFixed(2)} B/event (${mb(
              rssSlope * 1e6,
            )} per 1M events): ${
              flat ? 'flat' : warm.length < 3 ? 'too few samples' : 'GROWING'
            }`,
          );
          if (mode !== 'batched') {
            headlineMet &&=
              mode !== 'gateway' || eventsPerSecond >= TARGET_EVENTS_PER_SECOND;
            allFlat &&= flat;
          }
          summary.push([
            kind,
            mode,
            String(outcomes.written),
            run.seconds.toFixed(1),
            eventsPerSecond.toFixed(0),
            (
              (outcomes.written + outcomes.replayed + outcomes.inProgress) /
              run.seconds
            ).toFixed(0),
            `${heapSlope.toFixed(2)} B/ev`,
            flat ? 'flat' : warm.length < 3 ? 'too few samples' : 'GROWING',
            dedupOk ? 'OK' : 'MISMATCH',
          ]);
        }
      } finally {
        await close();
        await db.cleanup();
      }
      out();
    }
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }

  out('Summary');
  out(table(summary));
  out();
  out(
    `target >= ${TARGET_EVENTS_PER_SECOND} events/s on the per-call path (mode gateway): ${
      !modes.includes('gateway')
        ? 'not measured'
        : headlineMet
        ? 'MET'
        : 'NOT MET'
    }`,
  );
  out(
    `target memory flat once warm (< ${FLAT_BYTES_PER_EVENT} B/event heap growth): ${
      allFlat ? 'MET' : 'NOT MET'
    }`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
