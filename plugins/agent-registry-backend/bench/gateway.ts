/*
 * Gateway benchmark: requests/s and latency of the registry gateway
 * (POST /api/agent-registry/v1/runtime/agents/{agent}/invoke with an API key) against a
 * bare node:http proxy in front of the same zero-latency Langflow simulator, with the same
 * load generator, connection counts, duration and keep-alive.
 *
 *   yarn bench:gateway [--concurrency=32,128] [--duration=15] [--warmup=5] [--rounds=3]
 *                      [--latency-rounds=<rounds>] [--latency-duration=10]
 *                      [--entrance=listener|backstage]
 *                      [--database=sqlite|pg] [--plan=bench|unlimited] [--keys=1]
 *                      [--client=undici|http]
 *                      [--log-level=info] [--null-runtime] [--profile]
 *                      [--profile-connections=<first concurrency>] [--keep]
 *
 * See bench/README.md.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/__testUtils__/network';
import { type Child, startChild } from './lib/children';
import {
  describeMachine,
  machineCpu,
  mb,
  numberArg,
  parseArgs,
  table,
} from './lib/common';
import {
  type BenchDatabase,
  createBenchDatabase,
  parseDbKinds,
} from './lib/databases';
import {
  availableClient,
  type ClientKind,
  type LoadResult,
  type LoadTarget,
  runLoad,
  sendOnce,
} from './lib/loadgen';
import type { MemoryReport } from './lib/memory';
import { summarizeProfile } from './lib/profile';
import {
  BENCH_INPUT,
  type BenchWorld,
  langflowRunBody,
  SIMULATOR_API_KEY,
} from './lib/world';

const TARGET_RATIO = 0.5;
const TARGET_ADDED_P50_MS = 1;

type Backend = {
  child: Child;
  url: string;
  /** The gateway's own listener (`agentRegistry.gateway.listen`). */
  listenerUrl: string;
  world: BenchWorld;
  durability: string;
  db: BenchDatabase;
};

async function startBackend(options: {
  name: string;
  tmpDir: string;
  db: BenchDatabase;
  simulatorUrl: string;
  plan: string;
  keys: number;
  logLevel: string;
  nullRuntime: boolean;
}): Promise<Backend> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const listenerPort = await freePort();
  const configFile = path.join(options.tmpDir, `${options.name}.config.json`);
  fs.writeFileSync(
    configFile,
    JSON.stringify(
      {
        backend: {
          baseUrl: url,
          listen: { host: '127.0.0.1', port },
          database: options.db.config,
        },
        agentRegistry: {
          runtimes: {
            langflow: {
              baseUrl: options.simulatorUrl,
              apiKey: SIMULATOR_API_KEY,
              timeoutSeconds: 30,
            },
          },
          catalogAdoption: { intervalSeconds: 3600 },
          gateway: { listen: { host: '127.0.0.1', port: listenerPort } },
        },
      },
      null,
      2,
    ),
  );
  const child = startChild({
    name: options.name,
    script: path.join(__dirname, 'backend.ts'),
    args: ['--config', configFile],
    logDir: options.tmpDir,
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: options.logLevel,
      BENCH_PLAN: options.plan,
      BENCH_ACCESSES: String(options.keys),
      BENCH_NULL_RUNTIME: options.nullRuntime ? '1' : '0',
    },
  });
  const ready = await child.waitFor('ready', 180_000);
  return {
    child,
    url,
    listenerUrl: `http://127.0.0.1:${listenerPort}`,
    world: ready.world,
    durability: ready.durability,
    db: options.db,
  };
}

export type Entrance = 'listener' | 'backstage';

function gatewayTarget(
  backend: Backend,
  entrance: Entrance,
  name = 'registry gateway',
): LoadTarget {
  return {
    name,
    origin: entrance === 'listener' ? backend.listenerUrl : backend.url,
    path: `/api/agent-registry/v1/runtime/agents/${backend.world.agent}/invoke`,
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${backend.world.accesses[0].secret}`,
    },
    workerHeaders:
      backend.world.accesses.length > 1
        ? backend.world.accesses.map(a => ({
            authorization: `Bearer ${a.secret}`,
          }))
        : undefined,
    body: JSON.stringify({ input: BENCH_INPUT }),
  };
}

function proxyTarget(proxyUrl: string, world: BenchWorld): LoadTarget {
  return {
    name: 'bare node:http proxy',
    origin: proxyUrl,
    path: `/api/v1/run/${world.flowId}`,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-api-key': SIMULATOR_API_KEY,
    },
    body: langflowRunBody(`${world.accesses[0].accessId}:${randomUUID()}`),
  };
}

/** One request through each path: both must succeed and carry the same answer text. */
async function checkEquivalence(
  gateway: LoadTarget,
  proxy: LoadTarget,
  kind: ClientKind,
): Promise<string> {
  const viaGateway = await sendOnce(gateway, kind);
  if (viaGateway.status !== 200)
    throw new Error(
      `gateway answered ${viaGateway.status}: ${viaGateway.body}`,
    );
  const viaProxy = await sendOnce(proxy, kind);
  if (viaProxy.status !== 200)
    throw new Error(`proxy answered ${viaProxy.status}: ${viaProxy.body}`);
  const gatewayText = JSON.parse(viaGateway.body).output;
  const proxyText = JSON.parse(viaProxy.body).outputs?.[0]?.outputs?.[0]
    ?.results?.message?.text;
  if (gatewayText !== proxyText) {
    throw new Error(
      `the two paths got different answers from the simulator:\n  gateway: ${gatewayText}\n  proxy:   ${proxyText}`,
    );
  }
  return `yes: both answered "${gatewayText.slice(0, 60)}…" (${
    viaGateway.body.length
  } B via gateway, ${
    viaProxy.body.length
  } B raw Langflow RunResponse via proxy)`;
}

const ms = (v: number) => v.toFixed(2);

function resultRows(results: LoadResult[]): string[][] {
  return [
    [
      'target',
      'requests',
      'req/s',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'max ms',
      'mean ms',
      'non-200',
    ],
    ...results.map(r => [
      r.name,
      String(r.requests),
      r.rps.toFixed(0),
      ms(r.p50),
      ms(r.p90),
      ms(r.p99),
      ms(r.max),
      ms(r.mean),
      String(r.errors),
    ]),
  ];
}

/** Peaks over several measured windows; the rest from the last one. */
function peakOf(reports: MemoryReport[]): MemoryReport {
  const last = reports[reports.length - 1];
  const max = (f: (m: MemoryReport) => number) => Math.max(...reports.map(f));
  return {
    ...last,
    peakRss: max(m => m.peakRss),
    peakHeapUsed: max(m => m.peakHeapUsed),
    peakHeapTotal: max(m => m.peakHeapTotal),
    peakExternal: max(m => m.peakExternal),
    samples: reports.reduce((n, m) => n + m.samples, 0),
  };
}

function memoryLines(label: string, m: MemoryReport): string {
  return `${label}: peak RSS ${mb(m.peakRss)}, peak heap used ${mb(
    m.peakHeapUsed,
  )}, peak heap total ${mb(m.peakHeapTotal)}, peak external ${mb(
    m.peakExternal,
  )} (${
    m.samples
  } samples @100 ms); after a forced GC at the end: heap used ${mb(
    m.afterGc.heapUsed,
  )}, RSS ${mb(m.afterGc.rss)}; kernel max RSS over the process lifetime ${mb(
    m.lifetimeMaxRss,
  )}`;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  // Connection counts: in production a call holds its connection for the runtime's
  // seconds, so calls in flight are many (rate x latency); a zero-latency simulator needs
  // more than a few dozen connections to show what the gateway can serve.
  const levels = (args.get('concurrency') ?? '32,128').split(',').map(raw => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1)
      throw new Error('--concurrency must be a list of positive integers');
    return n;
  });
  const concurrency = levels[0];
  const durationMs = numberArg(args, 'duration', 15) * 1000;
  const warmupMs = numberArg(args, 'warmup', 5) * 1000;
  const rounds = numberArg(args, 'rounds', 3);
  const [dbKind] = parseDbKinds(args.get('database'), ['sqlite']);
  const plan = args.get('plan') ?? 'bench';
  const keys = numberArg(args, 'keys', 1);
  const logLevel = args.get('log-level') ?? 'info';
  const kind = availableClient(args.get('client'));
  const withNullRuntime = args.has('null-runtime');
  const withProfile = args.has('profile');
  const profileConnections = numberArg(
    args,
    'profile-connections',
    concurrency,
  );
  const latencyRounds = numberArg(args, 'latency-rounds', rounds);
  const latencyMs = numberArg(args, 'latency-duration', 10) * 1000;
  const entrance = (args.get('entrance') ?? 'listener') as Entrance;
  if (!['listener', 'backstage'].includes(entrance))
    throw new Error(`--entrance must be listener or backstage`);

  const tmpDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'agent-registry-bench-'),
  );
  const children: Child[] = [];
  const databases: BenchDatabase[] = [];
  const cleanup = async () => {
    for (const child of children.reverse()) await child.stop();
    for (const db of databases) await db.cleanup().catch(() => {});
    if (!args.has('keep')) fs.rmSync(tmpDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup().finally(() => process.exit(130));
  });

  const out = (line = '') => process.stdout.write(`${line}\n`);
  out('Agent Registry gateway benchmark (bench/gateway.ts)');
  out('===================================================');
  out(describeMachine());
  out(
    `NOTE: ${os.availableParallelism()} cores are shared by the load generator (this process), the Langflow simulator and the proxy or gateway under test; each process is single-threaded, so numbers are CPU-bound and relative.`,
  );
  out();

  try {
    const simulator = startChild({
      name: 'simulator',
      script: path.join(__dirname, 'simulator.ts'),
      logDir: tmpDir,
    });
    children.push(simulator);
    const { url: simulatorUrl } = await simulator.waitFor('ready', 60_000);

    const proxy = startChild({
      name: 'proxy',
      script: path.join(__dirname, 'proxy.ts'),
      args: [simulatorUrl],
      logDir: tmpDir,
    });
    children.push(proxy);
    const { url: proxyUrl } = await proxy.waitFor('ready', 60_000);

    const db = await createBenchDatabase(dbKind, tmpDir);
    databases.push(db);
    const backend = await startBackend({
      name: 'backend',
      tmpDir,
      db,
      simulatorUrl,
      plan,
      keys,
      logLevel,
      nullRuntime: false,
    });
    children.push(backend.child);

    const gateway = gatewayTarget(backend, entrance);
    const bare = proxyTarget(proxyUrl, backend.world);
    const equivalent = await checkEquivalence(gateway, bare, kind);

    out('Setup');
    out(
      `  load generator: ${
        kind === 'undici' ? 'undici Pool' : 'node:http keep-alive Agent'
      }, ${levels.join(
        ' and ',
      )} keep-alive connections (closed loop, one worker per connection); warm-up ${
        warmupMs / 1000
      } s then ${
        durationMs / 1000
      } s measured, per target and connection count${
        rounds > 1
          ? `, ${rounds} rounds (each round: proxy then gateway at each count)`
          : ''
      }`,
    );
    out(
      `  simulator: @cmp/langflow-simulator, latency 0, call recording off (maxCalls 0), "Basic Prompting" flow, at ${simulatorUrl}`,
    );
    out(
      `  bare proxy: node:http server + keep-alive http.Agent, no logic: POST ${proxyUrl}${bare.path} -> simulator`,
    );
    out(
      `  gateway: Backstage backend (createBackend, @backstage/backend-defaults) + agent-registry plugin, NODE_ENV=production, LOG_LEVEL=${logLevel} (request log written to ${backend.child.logFile}); catalog and notifications stubbed`,
    );
    out(
      `    POST ${backend.url}${gateway.path}  (Authorization: Bearer agr_api_…)`,
    );
    out(
      `    plan "${plan}"${
        plan === 'bench'
          ? ' (monthly quota: every call takes the atomic quota counter)'
          : ' (no quota, no price)'
      }; ${
        keys === 1
          ? 'one access with one API key'
          : `${keys} accesses with one API key each, spread over the workers`
      }`,
    );
    out(`    database: ${backend.durability}`);
    out(`              ${db.location}`);
    out(`  same simulator work on both paths: ${equivalent}`);
    out();

    type Measured = {
      result: LoadResult;
      server: MemoryReport;
      simulator: MemoryReport;
      loadgenCpuMs: number;
      /** CPU of the whole machine in the measured window (busy and stolen, of total). */
      machine?: { busyMs: number; stealMs: number; totalMs: number };
    };
    /** Runs the load; resets the processes' peaks and CPU clocks when measuring starts. */
    const measure = async (
      target: LoadTarget,
      server: Child,
      connections = concurrency,
      window = { warmupMs, durationMs },
    ): Promise<Measured> => {
      let loadgenCpu = process.cpuUsage();
      let machineAtStart = machineCpu();
      const result = await runLoad(target, {
        kind,
        concurrency: connections,
        warmupMs: window.warmupMs,
        durationMs: window.durationMs,
        onMeasureStart: async () => {
          await server.call({ type: 'mem-reset' });
          await simulator.call({ type: 'mem-reset' });
          loadgenCpu = process.cpuUsage();
          machineAtStart = machineCpu();
        },
      });
      const used = process.cpuUsage(loadgenCpu);
      const machineAtEnd = machineCpu();
      const machine =
        machineAtStart && machineAtEnd
          ? {
              busyMs: machineAtEnd.busyMs - machineAtStart.busyMs,
              stealMs: machineAtEnd.stealMs - machineAtStart.stealMs,
              totalMs: machineAtEnd.totalMs - machineAtStart.totalMs,
            }
          : undefined;
      return {
        result,
        server: (await server.call({ type: 'mem-report' })).memory,
        simulator: (await simulator.call({ type: 'mem-report' })).memory,
        loadgenCpuMs: (used.user + used.system) / 1000,
        machine,
      };
    };

    const atLevel = levels.map(connections => ({
      connections,
      proxyRuns: [] as Measured[],
      gatewayRuns: [] as Measured[],
    }));
    const checks: string[] = [];

    // The connection counts take turns within a round, so that the VM's drift between
    // rounds reaches every count alike.
    for (let round = 1; round <= rounds; round++) {
      for (const level of atLevel) {
        const proxyRun = await measure(bare, proxy, level.connections);
        level.proxyRuns.push(proxyRun);

        const usageBefore = (await backend.child.call({ type: 'usage-count' }))
          .count;
        const simBefore = (await simulator.call({ type: 'stats' })).stats;
        const run = await measure(gateway, backend.child, level.connections);
        level.gatewayRuns.push(run);
        const usageAfter = (await backend.child.call({ type: 'usage-count' }))
          .count;
        const simAfter = (await simulator.call({ type: 'stats' })).stats;
        const answered = run.result.warmupOk + run.result.requests;
        const recorded = usageAfter - usageBefore;
        const ran = simAfter.runCalls - simBefore.runCalls;
        // Answers without their usage event (or extra runs) mean the numbers are wrong.
        if (recorded !== answered || ran !== answered) process.exitCode = 1;
        checks.push(
          `round ${round}, ${
            level.connections
          } connections: ${answered} gateway answers (warm-up + measured) -> ${recorded} usage events recorded, ${ran} simulator runs: ${
            recorded === answered && ran === answered
              ? 'consistent'
              : 'MISMATCH'
          }${
            run.result.warmupErrors
              ? `; ${run.result.warmupErrors} failed during warm-up`
              : ''
          }`,
        );
      }
    }

    // Added latency is judged one request at a time: under a saturating closed loop, p50
    // is connections / throughput, a throughput figure again.
    const latencyProxy: Measured[] = [];
    const latencyGateway: Measured[] = [];
    const latencyWindow = {
      warmupMs: Math.min(warmupMs, 3000),
      durationMs: latencyMs,
    };
    for (let round = 1; round <= latencyRounds; round++) {
      latencyProxy.push(await measure(bare, proxy, 1, latencyWindow));
      latencyGateway.push(
        await measure(gateway, backend.child, 1, latencyWindow),
      );
    }

    /** 10 s more load with the V8 profiler on in a backend; its summary. */
    const profile = async (
      target: LoadTarget,
      server: Child,
      name: string,
    ): Promise<string> => {
      const file = path.join(tmpDir, `${name}.cpuprofile`);
      await server.call({ type: 'prof-start' });
      await runLoad(target, {
        kind,
        concurrency: profileConnections,
        warmupMs: 0,
        durationMs: Math.min(durationMs, 10_000),
      });
      await server.call({ type: 'prof-stop', file }, 120_000);
      const kept = path.join(os.tmpdir(), `agent-registry-${name}.cpuprofile`);
      fs.copyFileSync(file, kept);
      return `${summarizeProfile(
        file,
      )}\n\n(full profile: ${kept}; open it in Chrome DevTools or speedscope)`;
    };
    const profiles: string[] = [];
    if (withProfile) {
      profiles.push(
        `CPU profile of the gateway backend (separate 10 s run with ${profileConnections} connection${
          profileConnections === 1 ? '' : 's'
        } after the measurements; not in the numbers above)\n${await profile(
          gateway,
          backend.child,
          'gateway',
        )}`,
      );
    }
    await backend.child.stop();

    let nullRun: Measured | undefined;
    let nullDurability = '';
    if (withNullRuntime) {
      const nullDb = await createBenchDatabase(
        dbKind,
        path.join(tmpDir, 'null-runtime'),
      );
      databases.push(nullDb);
      const nullBackend = await startBackend({
        name: 'backend-null-runtime',
        tmpDir,
        db: nullDb,
        simulatorUrl,
        plan,
        keys,
        logLevel,
        nullRuntime: true,
      });
      children.push(nullBackend.child);
      nullDurability = nullBackend.durability;
      const nullTarget = gatewayTarget(
        nullBackend,
        entrance,
        'gateway, null runtime',
      );
      nullRun = await measure(nullTarget, nullBackend.child);
      if (withProfile) {
        profiles.push(
          `CPU profile of the null-runtime backend (separate 10 s run)\n${await profile(
            nullTarget,
            nullBackend.child,
            'gateway-null-runtime',
          )}`,
        );
      }
      await nullBackend.child.stop();
    }

    // Throughput is what each path serves at its best: the median round of each target at
    // each connection count, and each target's best count. A gateway that writes every
    // call durably before answering waits on its commits, so with few connections it
    // leaves CPU idle that more calls in flight put to work; the bare proxy is saturated
    // at every count.
    const medianOf = <T>(items: T[], key: (item: T) => number): T =>
      [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)];
    const analysed = atLevel.map(level => {
      // Each gateway round against the proxy round just before it: a shared VM's speed
      // drifts between rounds (up to 1.5x), and neighbouring rounds share most of it.
      const pairs = level.gatewayRuns.map((run, i) => ({
        ratio: run.result.rps / level.proxyRuns[i].result.rps,
        proxy: level.proxyRuns[i],
        gateway: run,
        round: i + 1,
      }));
      return {
        ...level,
        pairs,
        medianPair: medianOf(pairs, pair => pair.ratio),
        proxy: medianOf(level.proxyRuns, run => run.result.rps),
        gateway: medianOf(level.gatewayRuns, run => run.result.rps),
      };
    });
    type Analysed = (typeof analysed)[number];
    const bestBy = (rps: (level: Analysed) => number) =>
      analysed.reduce((best, level) => (rps(level) > rps(best) ? level : best));
    const proxyBest = bestBy(level => level.proxy.result.rps);
    const gatewayBest = bestBy(level => level.gateway.result.rps);
    const pm = proxyBest.proxy;
    const gm = gatewayBest.gateway;
    const p = pm.result;
    const g = gm.result;
    const ratio = g.rps / p.rps;
    // Every process of the chain shares this machine's cores: CPU per request of the whole
    // machine bounds what either path could answer with all cores busy.
    const machineMsPerRequest = (run: Measured) =>
      run.machine && run.result.requests
        ? run.machine.busyMs / run.result.requests
        : undefined;
    const cores = os.availableParallelism();
    const atFullUse = (run: Measured) => {
      const perRequest = machineMsPerRequest(run);
      return perRequest ? (cores * 1000) / perRequest : undefined;
    };
    // One connection: the round with the median gateway p50, and its proxy round.
    const latencyMedian = latencyGateway.length
      ? medianOf(
          latencyGateway.map((run, i) => ({ run, i })),
          round => round.run.result.p50,
        )
      : undefined;
    const lg = latencyMedian?.run.result;
    const lp = latencyMedian && latencyProxy[latencyMedian.i].result;
    const addedP50Alone = lg && lp ? lg.p50 - lp.p50 : undefined;

    const named = (run: Measured, name: string): Measured => ({
      ...run,
      result: { ...run.result, name },
    });
    const shown: Measured[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const level of atLevel) {
        const suffix = `, ${level.connections} conn${
          rounds > 1 ? ` #${round + 1}` : ''
        }`;
        shown.push(
          named(level.proxyRuns[round], `${bare.name}${suffix}`),
          named(level.gatewayRuns[round], `${gateway.name}${suffix}`),
        );
      }
    }
    if (nullRun) shown.push(nullRun);

    out('Results');
    out(table(resultRows(shown.map(r => r.result))));
    out();
    const line = (r: LoadResult) =>
      `${r.rps.toFixed(0)} req/s, p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms`;
    for (const level of analysed) {
      const { proxy: lp0, gateway: lg0, medianPair } = level;
      out(
        `${level.connections} connections: median rounds: bare proxy ${line(
          lp0.result,
        )}; gateway ${line(lg0.result)}; ratio ${(
          lg0.result.rps / lp0.result.rps
        ).toFixed(3)}x${
          rounds > 1
            ? `; each gateway round against the proxy round just before it: ${level.pairs
                .map(pair => pair.ratio.toFixed(3))
                .join(', ')} (median ${medianPair.ratio.toFixed(3)}x)`
            : ''
        }; added latency p50 ${(
          medianPair.gateway.result.p50 - medianPair.proxy.result.p50
        ).toFixed(2)} ms, p99 ${(
          medianPair.gateway.result.p99 - medianPair.proxy.result.p99
        ).toFixed(2)} ms (saturated: p50 is about connections / throughput)`,
      );
    }
    out(
      `gateway / bare proxy throughput, each at its best connection count (median round): gateway ${g.rps.toFixed(
        0,
      )} req/s at ${gatewayBest.connections}, proxy ${p.rps.toFixed(
        0,
      )} req/s at ${proxyBest.connections}: ${ratio.toFixed(
        3,
      )}x  (target >= ${TARGET_RATIO}x: ${
        ratio >= TARGET_RATIO ? 'MET' : 'NOT MET'
      })`,
    );
    const gatewayBound = atFullUse(gm);
    const proxyPerRequest = machineMsPerRequest(pm);
    if (gatewayBound && proxyPerRequest) {
      out(
        `machine CPU per request (all processes, the database and the kernel; those rounds): proxy ${proxyPerRequest.toFixed(
          3,
        )} ms, gateway ${machineMsPerRequest(gm)!.toFixed(
          3,
        )} ms; with all ${cores} cores busy at that cost the gateway could answer at most ${gatewayBound.toFixed(
          0,
        )} req/s = ${(gatewayBound / p.rps).toFixed(
          3,
        )}x the proxy's measured throughput`,
      );
    }
    if (lg && lp && addedP50Alone !== undefined) {
      out();
      out(
        `One request at a time (1 connection, ${latencyRounds} alternating rounds of ${
          latencyMs / 1000
        } s):`,
      );
      out(
        table(
          resultRows(
            latencyProxy.flatMap((run, i) => [
              {
                ...run.result,
                name: `${run.result.name}, 1 conn #${i + 1}`,
              },
              {
                ...latencyGateway[i].result,
                name: `${latencyGateway[i].result.name}, 1 conn #${i + 1}`,
              },
            ]),
          ),
        ),
      );
      out(
        `added p50 latency (1 connection, median round #${
          latencyMedian.i + 1
        }): ${addedP50Alone.toFixed(
          2,
        )} ms  (target <= ${TARGET_ADDED_P50_MS} ms: ${
          addedP50Alone <= TARGET_ADDED_P50_MS ? 'MET' : 'NOT MET'
        }); added p99 ${(lg.p99 - lp.p99).toFixed(2)} ms`,
      );
    }
    if (nullRun) {
      out(
        `null runtime row: a zero-latency runtime registered through agentRuntimesExtensionPoint replaces Langflow (no simulator, no upstream HTTP); fresh database: ${nullDurability}`,
      );
    }
    out();
    out(
      'CPU time per answered request, by process (user+system, measured window; 1 core = 1000 ms/s)',
    );
    const cpuRows = [
      [
        'target',
        'server process',
        'simulator',
        'load generator',
        'server core use',
        'machine busy',
        'machine per request',
        'at full use',
        'rest of machine',
        'stolen',
      ],
    ];
    // The rounds with one connection too: on a VM a request after an idle moment costs
    // more CPU than the same request under load (cold caches, an idle vCPU woken up).
    const aloneRuns = latencyProxy.flatMap((run, i) =>
      [run, latencyGateway[i]].map(r => ({
        ...r,
        result: { ...r.result, name: `${r.result.name}, 1 conn #${i + 1}` },
      })),
    );
    for (const run of [...shown, ...aloneRuns]) {
      const n = run.result.requests || 1;
      const perRequest = machineMsPerRequest(run);
      const fullUse = atFullUse(run);
      cpuRows.push([
        run.result.name,
        `${(run.server.cpuMs / n).toFixed(3)} ms (${(
          (100 * run.server.cpuSystemMs) /
          run.server.cpuMs
        ).toFixed(0)}% sys)`,
        `${(run.simulator.cpuMs / n).toFixed(3)} ms`,
        `${(run.loadgenCpuMs / n).toFixed(3)} ms`,
        `${((100 * run.server.cpuMs) / run.server.wallMs).toFixed(0)}%`,
        run.machine
          ? `${((100 * run.machine.busyMs) / run.machine.totalMs).toFixed(0)}%`
          : '?',
        perRequest ? `${perRequest.toFixed(3)} ms` : '?',
        fullUse ? `${fullUse.toFixed(0)} req/s` : '?',
        run.machine
          ? `${(
              (100 *
                (run.machine.busyMs -
                  run.server.cpuMs -
                  run.simulator.cpuMs -
                  run.loadgenCpuMs)) /
              run.machine.totalMs
            ).toFixed(0)}%`
          : '?',
        run.machine
          ? `${((100 * run.machine.stealMs) / run.machine.totalMs).toFixed(0)}%`
          : '?',
      ]);
    }
    out(table(cpuRows));
    out(
      `  machine busy: all ${cores} cores together; machine per request: busy time of all cores per answered request; at full use: the requests per second all cores could answer at that cost; rest of machine: busy time not used by the load generator, simulator and server (PostgreSQL when used, the kernel, and any other work on the machine); stolen: time the VM's vCPUs were ready to run but the hypervisor ran other guests (high values make every figure here noisy)`,
    );
    out();
    out(
      'Memory (measured inside each process: peaks over the measured windows of all rounds)',
    );
    out(
      `  ${memoryLines(
        'gateway backend',
        peakOf(atLevel.flatMap(l => l.gatewayRuns).map(r => r.server)),
      )}`,
    );
    out(
      `  ${memoryLines(
        'bare proxy',
        peakOf(atLevel.flatMap(l => l.proxyRuns).map(r => r.server)),
      )}`,
    );
    if (nullRun)
      out(`  ${memoryLines('gateway, null runtime', nullRun.server)}`);
    out();
    out('Checks');
    for (const c of checks) out(`  ${c}`);
    for (const summary of profiles) {
      out();
      out(summary);
    }
  } finally {
    await cleanup();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
