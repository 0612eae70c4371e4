import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  agentRegistryMarketplaceExtensionPoint,
  type MarketplaceConnector,
} from '@cmp/plugin-agent-registry-node';
import {
  seedDemoWorld,
  startWaldurSimulator,
  type DemoWorld,
  type WaldurSimulator,
} from '@cmp/waldur-simulator';
import { randomUUID } from 'node:crypto';
import { agentRegistryModuleWaldur } from '../module';
import type { WaldurConnector } from '../WaldurConnector';
import { FakeRegistry } from './FakeRegistry';

export const HOOK_SECRET = 'hook-secret-0123456789abcdef';

/**
 * The module in a real (test) Backstage backend, with the registry's extension point
 * stubbed: the test plays the registry, starting the connector with a FakeRegistry.
 */
export async function startModuleBackend(
  options: {
    waldur?: (sim: WaldurSimulator, demo: DemoWorld) => object | undefined;
  } = {},
) {
  const sim = await startWaldurSimulator({
    seed: randomUUID(),
    log: () => {},
  });
  const demo = seedDemoWorld(sim);
  const connectors: MarketplaceConnector[] = [];
  const scheduler = mockServices.scheduler.mock();
  const waldur = options.waldur
    ? options.waldur(sim, demo)
    : {
        url: sim.url,
        token: demo.registry.token,
        categoryName: 'AI Agents',
        hookSecret: HOOK_SECRET,
        registryBaseUrl: 'https://portal.example.com/api/agent-registry',
        retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
      };
  const backend = await startTestBackend({
    extensionPoints: [
      [
        agentRegistryMarketplaceExtensionPoint,
        { addConnector: (c: MarketplaceConnector) => connectors.push(c) },
      ],
    ],
    features: [
      agentRegistryModuleWaldur,
      scheduler.factory,
      mockServices.rootConfig.factory({
        data: waldur ? { agentRegistry: { waldur } } : {},
      }),
    ],
  }).catch(async error => {
    await sim.stop();
    throw error;
  });
  const registry = new FakeRegistry();
  const baseUrl = `http://localhost:${backend.server.port()}/api/agent-registry`;
  return {
    sim,
    demo,
    backend,
    scheduler,
    connectors,
    registry,
    baseUrl,
    hookUrl: `${baseUrl}/v1/waldur/hooks/${HOOK_SECRET}`,
    connector: connectors[0] as WaldurConnector | undefined,
    /** Runs a task the module scheduled, as the scheduler would. */
    async runTask(id: string) {
      const call = scheduler.scheduleTask.mock.calls.find(
        ([task]) => task.id === id,
      );
      if (!call) throw new Error(`No task ${id}`);
      await call[0].fn(new AbortController().signal);
    },
    async stop() {
      await backend.stop();
      await sim.stop();
    },
  };
}
