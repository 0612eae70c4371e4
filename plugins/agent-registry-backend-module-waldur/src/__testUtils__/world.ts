import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RegistryAgent } from '@cmp/plugin-agent-registry-common';
import {
  seedDemoWorld,
  startWaldurSimulator,
  type DemoWorld,
  type WaldurSimulator,
} from '@cmp/waldur-simulator';
import { randomUUID } from 'node:crypto';
import { WaldurClient } from '../client/WaldurClient';
import type { WaldurConfig } from '../config';
import { WaldurConnector } from '../WaldurConnector';
import { FakeRegistry } from './FakeRegistry';

export const REGISTRY_API_URL = 'https://portal.example.com/api/agent-registry';

/** A logger that keeps what it was told, for assertions (and quiet test output). */
export function recordingLogger(): LoggerService & { lines: string[] } {
  const lines: string[] = [];
  const logger = {
    lines,
    error: (m: string) => lines.push(`error: ${m}`),
    warn: (m: string) => lines.push(`warn: ${m}`),
    info: (m: string) => lines.push(`info: ${m}`),
    debug: (m: string) => lines.push(`debug: ${m}`),
    child: () => logger,
  };
  return logger as LoggerService & { lines: string[] };
}

/** Fast retries so that outage tests do not wait. */
export const FAST_RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

export function testConfig(
  sim: WaldurSimulator,
  demo: DemoWorld,
  overrides: Partial<WaldurConfig> = {},
): WaldurConfig {
  return {
    url: sim.url,
    token: demo.registry.token,
    categoryName: 'AI Agents',
    offeringType: 'Marketplace.Slurm',
    backendIdPrefix: 'agent-registry-test',
    shared: true,
    schedule: {
      orders: {
        frequency: { minutes: 1 },
        timeout: { minutes: 5 },
        scope: 'global',
      },
      usage: {
        frequency: { minutes: 30 },
        timeout: { minutes: 5 },
        scope: 'global',
      },
    },
    usage: { closeAfterDays: 3 },
    requestTimeoutMs: 5000,
    retry: FAST_RETRY,
    buyerCacheMs: 60_000,
    ...overrides,
  };
}

export type TestWorld = {
  sim: WaldurSimulator;
  demo: DemoWorld;
  registry: FakeRegistry;
  connector: WaldurConnector;
  logger: ReturnType<typeof recordingLogger>;
  /** The registry's own client (its token), for reading Waldur in assertions. */
  waldur: WaldurClient;
  clock: { now?: Date };
  /** Publishes an agent as the registry would (publish, then setOffering). */
  publish(agent: RegistryAgent): Promise<string>;
  stop(): Promise<void>;
};

export async function startWorld(
  options: {
    config?: Partial<WaldurConfig>;
    registry?: FakeRegistry;
  } = {},
): Promise<TestWorld> {
  const sim = await startWaldurSimulator({
    seed: randomUUID(),
    log: () => {},
  });
  const demo = seedDemoWorld(sim);
  const registry = options.registry ?? new FakeRegistry();
  const logger = recordingLogger();
  const clock: { now?: Date } = {};
  const now = () => clock.now ?? new Date();
  registry.now = now;
  const connector = new WaldurConnector({
    config: testConfig(sim, demo, options.config),
    logger,
    registryApiUrl: async () => REGISTRY_API_URL,
    now,
  });
  await connector.start(registry);
  const waldur = new WaldurClient({
    url: sim.url,
    token: demo.registry.token,
    retry: FAST_RETRY,
  });
  return {
    sim,
    demo,
    registry,
    connector,
    logger,
    waldur,
    clock,
    async publish(agent) {
      const current = registry.agents.get(agent.id) ?? agent;
      const { offeringId } = await connector.publishAgent(current);
      await registry.setOffering(agent.id, offeringId);
      return offeringId;
    },
    async stop() {
      await sim.stop();
    },
  };
}

/** The Waldur plan of an offering standing for an agent plan (and cycle). */
export function planOf(
  world: TestWorld,
  offeringUuid: string,
  backendId: string,
) {
  const plan = world.sim
    .state()
    .plans.find(
      p =>
        p.backend_id === backendId &&
        String(p.offering).includes(`/${offeringUuid}/`) &&
        !p.archived,
    );
  if (!plan) throw new Error(`No plan ${backendId} in ${offeringUuid}`);
  return plan;
}

/** Places a Create order as alice (Buyer Org A), as she would in HomePort. */
export function orderAsAlice(
  world: TestWorld,
  offeringUuid: string,
  planBackendId = 'starter',
) {
  const buyer = world.demo.buyers[0];
  return world.sim.createOrder({
    user: buyer.user.username,
    offering: offeringUuid,
    plan: planOf(world, offeringUuid, planBackendId).uuid,
    project: buyer.project.uuid,
    attributes: { name: 'support-bot' },
  });
}

export function orderState(world: TestWorld, uuid: string) {
  return world.sim.state().orders.find(o => o.uuid === uuid)!;
}

export function resourceState(world: TestWorld, uuid: string) {
  return world.sim.state().resources.find(r => r.uuid === uuid)!;
}
