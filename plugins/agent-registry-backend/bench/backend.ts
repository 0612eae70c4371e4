/*
 * Benchmark child: a real Backstage backend (createBackend from @backstage/backend-defaults:
 * root HTTP router, httpRouter with its auth barrier, httpAuth, auth, database, logger,
 * scheduler, permissions, auditor...) running the Agent Registry plugin. Only services the
 * gateway's hot path never touches are replaced: the catalog (an empty stub) and
 * notifications (a no-op). Config comes from `--config <file>` like any Backstage backend.
 *
 * A bench-only module of the plugin seeds the world through the plugin's stores once the
 * backend has started, and answers the parent over IPC: memory peaks (measured in this
 * process), CPU profiles, usage-event counts.
 *
 * Environment: BENCH_PLAN (bench | unlimited), BENCH_ACCESSES (keys to issue),
 * BENCH_NULL_RUNTIME=1 (register a zero-latency runtime through the plugin's runtime
 * extension point instead of Langflow).
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { agentRuntimesExtensionPoint } from '@cmp/plugin-agent-registry-node';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import agentRegistryPlugin from '../src';
import { RegistryDatabase } from '../src/database/RegistryDatabase';
import { serveParent } from './lib/children';
import { describeDurability } from './lib/databases';
import { MemorySampler } from './lib/memory';
import { nullRuntime } from './lib/nullRuntime';
import { seedWorld } from './lib/world';

const memory = new MemorySampler();

/** Not on the gateway's path; anything else than these two reads fails loudly. */
const emptyCatalog = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory: () =>
    new Proxy(
      {
        getEntityByRef: async () => undefined,
        getEntities: async () => ({ items: [] }),
      } as Record<string, unknown>,
      {
        get(target, name) {
          if (name in target) return target[name as string];
          if (typeof name === 'symbol' || name === 'then') return undefined;
          return () => {
            throw new Error(`catalog.${String(name)} is not in the benchmark`);
          };
        },
      },
    ) as any,
});

const noNotifications = createServiceFactory({
  service: notificationService,
  deps: {},
  factory: () => ({ send: async () => {} }),
});

const nullRuntimeModule = createBackendModule({
  pluginId: 'agent-registry',
  moduleId: 'bench-null-runtime',
  register(env) {
    env.registerInit({
      deps: { runtimes: agentRuntimesExtensionPoint },
      async init({ runtimes }) {
        runtimes.addRuntime(nullRuntime);
      },
    });
  },
});

const harness = createBackendModule({
  pluginId: 'agent-registry',
  moduleId: 'bench-harness',
  register(env) {
    env.registerInit({
      deps: {
        database: coreServices.database,
        lifecycle: coreServices.lifecycle,
      },
      async init({ database, lifecycle }) {
        lifecycle.addStartupHook(async () => {
          // The same knex the plugin uses (Backstage caches one client per plugin).
          const db = await RegistryDatabase.create({ database });
          const world = await seedWorld(db, {
            plan: process.env.BENCH_PLAN,
            accesses: Number(process.env.BENCH_ACCESSES ?? 1),
          });
          let profiler: Session | undefined;
          serveParent({
            'mem-reset': () => memory.reset(),
            'mem-report': () => ({ memory: memory.report() }),
            'usage-count': async () => {
              const [row] = await db
                .client('usage_events')
                .where({ status: 'ok' })
                .count({ n: '*' });
              return { count: Number(row.n) };
            },
            'prof-start': async () => {
              profiler = new Session();
              profiler.connect();
              await profiler.post('Profiler.enable');
              await profiler.post('Profiler.start');
            },
            'prof-stop': async (message: { file: string }) => {
              const { profile } = await profiler!.post('Profiler.stop');
              profiler!.disconnect();
              fs.writeFileSync(message.file, JSON.stringify(profile));
            },
          });
          process.send?.({
            type: 'ready',
            world,
            durability: await describeDurability(db.client),
            pid: process.pid,
          });
        });
      },
    });
  },
});

const backend = createBackend();
backend.add(agentRegistryPlugin);
backend.add(emptyCatalog);
backend.add(noNotifications);
backend.add(harness);
if (process.env.BENCH_NULL_RUNTIME === '1') backend.add(nullRuntimeModule);
backend.start().catch(error => {
  console.error(error);
  process.exit(1);
});
