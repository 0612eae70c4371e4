/*
 * The registry in this process, without HTTP: the plugin's database (through Backstage's
 * own DatabaseManager, so knex is configured exactly as in a backend) and the
 * GatewayService wired as plugin.ts wires it, with a zero-latency runtime.
 */
import { DatabaseManager } from '@backstage/backend-defaults/database';
import type {
  LifecycleService,
  LoggerService,
  RootLifecycleService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { timeOrderedId } from '../../src/database/timeOrderedId';
import { AgentService } from '../../src/agents/AgentService';
import { ConfigService } from '../../src/config/ConfigService';
import { RegistryDatabase } from '../../src/database/RegistryDatabase';
import { GatewayService } from '../../src/gateway/GatewayService';
import { RuntimeRegistry } from '../../src/runtime/RuntimeRegistry';
import type { RegistryContext } from '../../src/service/RegistryContext';
import { TenantService } from '../../src/tenancy/TenantService';
import type { LowBalanceNotifier } from '../../src/wallet/WalletService';
import { WalletService } from '../../src/wallet/WalletService';
import type { BenchDatabase } from './databases';
import { nullRuntime } from './nullRuntime';

const quietLogger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => quietLogger,
};

/** Stands in for a dependency the measured path must not touch; any use throws. */
function notOnThePath<T>(name: string): T {
  return new Proxy(
    {},
    {
      get(_, property) {
        if (property === 'then') return undefined;
        throw new Error(
          `${name}.${String(
            property,
          )} was used: it is not on the measured path`,
        );
      },
    },
  ) as T;
}

export async function openRegistry(db: BenchDatabase) {
  const shutdownHooks: (() => void | Promise<void>)[] = [];
  const lifecycle = {
    addStartupHook: () => {},
    addBeforeShutdownHook: () => {},
    addShutdownHook: (hook: () => void | Promise<void>) => {
      shutdownHooks.push(hook);
    },
  };
  // rootConfig from the test utilities is just a ConfigReader over this data.
  const config = mockServices.rootConfig({
    data: { backend: { database: db.config } },
  });
  const manager = DatabaseManager.fromConfig(config, {
    rootLogger: quietLogger as any,
    rootLifecycle: lifecycle as unknown as RootLifecycleService,
  });
  const database = manager.forPlugin('agent-registry', {
    logger: quietLogger,
    lifecycle: lifecycle as unknown as LifecycleService,
  });
  const registry = await RegistryDatabase.create({ database });
  return {
    registry,
    close: async () => {
      for (const hook of shutdownHooks) await hook();
      await registry.client.destroy();
    },
  };
}

/** The GatewayService as plugin.ts builds it; the runtime answers at once. */
export function createGateway(registry: RegistryDatabase): GatewayService {
  const ctx: RegistryContext = {
    db: registry,
    accessControl: notOnThePath('accessControl'),
    auditor: notOnThePath('auditor'),
    catalog: notOnThePath('catalog'),
    notifier: notOnThePath('notifier'),
    now: () => new Date(),
    newId: timeOrderedId,
  };
  const agents = new AgentService(ctx);
  const tenants = new TenantService(ctx);
  const config = new ConfigService(ctx, agents, tenants);
  const wallets = new WalletService(
    ctx,
    tenants,
    notOnThePath<LowBalanceNotifier>('lowBalanceNotifier'),
  );
  const runtimes = new RuntimeRegistry();
  runtimes.add(nullRuntime);
  return new GatewayService(ctx, config, wallets, runtimes, quietLogger);
}
