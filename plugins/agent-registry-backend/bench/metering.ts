/*
 * Metering benchmark: usage events per second written durably and de-duplicated, through
 * the plugin's real write path for a completed call, on SQLite and PostgreSQL, with the
 * process's heap and RSS sampled as it goes.
 *
 *   yarn bench:metering [--events=20000] [--database=sqlite,pg] [--concurrency=32]
 *                       [--duplicates=0.1] [--modes=gateway,store] [--batched[=100]]
 *                       [--samples=20] [--plan=bench|unlimited] [--keys=1]
 *                       [--sqlite-journal=wal]
 *
 * Modes (each on its own accesses, so its rows can be counted):
 *   gateway  GatewayService.invoke() as plugin.ts wires it, with a zero-latency runtime:
 *            key, access and agent lookups, idempotency lookup, taking the quota and
 *            writing the pending event, completing it and adding it to the day's rollup,
 *            shared by the calls in flight (group commit). Everything but HTTP and the
 *            runtime. (headline)
 *   store    The metering store's single-call methods, one pair of transactions per call
 *            (no group commit): idempotency lookup, takeFromQuota + insertPending, complete.
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
import type { UsageEvent } from '../src/database/DatabaseMeteringStore';
import type { RegistryDatabase } from '../src/database/RegistryDatabase';
import { GatewayError } from '../src/gateway/GatewayError';
import { quotaFor, quotaPeriod } from '../src/gateway/quotaPeriod';
import {
  describeMachine,
  machineCpu,
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
import { collectGarbage } from './lib/memory';
import { createGateway, openRegistry } from './lib/registry';
import {
  BENCH_INPUT,
  BENCH_PLANS,
  type BenchAccess,
  type BenchWorld,
  seedWorld,
} from './lib/world';

const TARGET_EVENTS_PER_SECOND = 20_000;
/**
 * Memory counts as flat when the least-squares line through the post-GC heap samples
 * rises by less than this across the warm part of the run (for 1M events: < 1.3 B/event).
 */
const FLAT_HEAP_GROWTH = 1024 * 1024;
const metOrNot = (met: boolean) => (met ? 'MET' : 'NOT MET');

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

/** The metering store's single-call methods, one pair of transactions per call (no group commit). */
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
  const cpuAtStart = process.cpuUsage();
  const machineAtStart = machineCpu();
  // The samples' forced full GCs are the benchmark's instrument, not the product's work:
  // their time and CPU are taken out of the throughput and CPU figures.
  let samplingMs = 0;
  let samplingCpuMs = 0;
  const sample = () => {
    // A full GC first, so samples show what is retained.
    const t = performance.now();
    const cpuBefore = process.cpuUsage();
    collectGarbage();
    const m = process.memoryUsage();
    const gcCpu = process.cpuUsage(cpuBefore);
    samplingCpuMs += (gcCpu.user + gcCpu.system) / 1000;
    samplingMs += performance.now() - t;
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
  const seconds = (performance.now() - started - samplingMs) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  const machineAtEnd = machineCpu();
  return {
    machineBusy:
      machineAtStart && machineAtEnd
        ? (machineAtEnd.busyMs - machineAtStart.busyMs) /
          (machineAtEnd.totalMs - machineAtStart.totalMs)
        : undefined,
    machineStolen:
      machineAtStart && machineAtEnd
        ? (machineAtEnd.stealMs - machineAtStart.stealMs) /
          (machineAtEnd.totalMs - machineAtStart.totalMs)
        : undefined,
    outcomes,
    unique,
    resent,
    seconds,
    samplingSeconds: samplingMs / 1000,
    cpuMs: (cpu.user + cpu.system) / 1000 - samplingCpuMs,
  };
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
  const events = numberArg(args, 'events', 20_000);
  const concurrency = numberArg(args, 'concurrency', 32);
  const duplicates = numberArg(args, 'duplicates', 0.1);
  const samples = numberArg(args, 'samples', 20);
  const batchArg = args.get('batched');
  let batch = 0;
  if (batchArg !== undefined)
    batch = batchArg === 'true' ? 100 : Number(batchArg);
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
            `   (journal mode overridden by --sqlite-journal=${sqliteJournal}: NOT what the plugin sets, which is wal)`,
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
            call: {
              gateway: gatewayCall,
              store: storeCall,
              batched: undefined,
            }[mode]?.(registry, world, accesses),
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
          const warmSpan = warm.length
            ? warm[warm.length - 1].calls - warm[0].calls
            : 0;
          const flat =
            warm.length >= 3 && heapSlope * warmSpan < FLAT_HEAP_GROWTH;
          let verdict = flat ? 'flat' : 'GROWING';
          if (warm.length < 3) verdict = 'too few samples';
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
            ).toFixed(0)} calls/s incl. re-sent keys); this process used ${(
              run.cpuMs / events
            ).toFixed(3)} ms CPU per call, ${(
              (100 * run.cpuMs) /
              (run.seconds * 1000)
            ).toFixed(0)}% of one core; the whole machine was ${
              run.machineBusy === undefined
                ? '?'
                : (100 * run.machineBusy).toFixed(0)
            }% busy (all ${os.availableParallelism()} cores, incl. the database and other work) and ${
              run.machineStolen === undefined
                ? '?'
                : (100 * run.machineStolen).toFixed(0)
            }% stolen by the hypervisor; not counted: ${run.samplingSeconds.toFixed(
              1,
            )} s of forced full GCs for the memory samples`,
          );
          if (run.machineBusy !== undefined) {
            // The database shares the machine's cores: what all of them spent per call
            // bounds the calls per second this machine could make at all.
            const cores = os.availableParallelism();
            const machineMs =
              (run.machineBusy * cores * run.seconds * 1000) / events;
            const callsAtFullUse = (cores * 1000) / machineMs;
            out(
              `  all cores together: ${machineMs.toFixed(
                3,
              )} ms per call (this process ${(run.cpuMs / events).toFixed(
                3,
              )}, the rest ${(machineMs - run.cpuMs / events).toFixed(
                3,
              )}: the database, the kernel, other work); with all ${cores} cores busy at that cost: at most ${callsAtFullUse.toFixed(
                0,
              )} calls/s = ${(
                (callsAtFullUse * outcomes.written) /
                events
              ).toFixed(0)} events/s`,
            );
          }
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
            `  memory once warm (${warm.length} samples from ${
              warm[0]?.calls ?? '-'
            } calls on, post-GC): heap trend ${heapSlope.toFixed(
              2,
            )} B/event = ${mb(
              heapSlope * warmSpan,
            )} over ${warmSpan} calls, RSS trend ${rssSlope.toFixed(
              2,
            )} B/event = ${mb(rssSlope * warmSpan)}: ${verdict}${
              events < 100_000
                ? ' (short run; judge memory with --events=1000000)'
                : ''
            }`,
          );
          if (mode !== 'batched') {
            headlineMet &&=
              mode !== 'gateway' || eventsPerSecond >= TARGET_EVENTS_PER_SECOND;
            allFlat &&= flat;
          }
          summary.push([
            kind === 'sqlite' && sqliteJournal
              ? `sqlite (${sqliteJournal})`
              : kind,
            mode,
            String(outcomes.written),
            run.seconds.toFixed(1),
            eventsPerSecond.toFixed(0),
            (
              (outcomes.written + outcomes.replayed + outcomes.inProgress) /
              run.seconds
            ).toFixed(0),
            `${heapSlope.toFixed(2)} B/ev`,
            verdict,
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
  // A benchmark that lost or doubled events measured nothing: fail (CI runs a small one).
  if (summary.slice(1).some(row => row[row.length - 1] !== 'OK'))
    process.exitCode = 1;
  out();
  out(
    `target >= ${TARGET_EVENTS_PER_SECOND} events/s on the per-call path (mode gateway): ${
      modes.includes('gateway') ? metOrNot(headlineMet) : 'not measured'
    }`,
  );
  out(
    `target memory flat once warm (post-GC heap trend rises < ${mb(
      FLAT_HEAP_GROWTH,
    )} over the warm part of each run): ${metOrNot(allFlat)}`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
