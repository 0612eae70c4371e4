import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { agentRegistryPermissions } from '@cmp/plugin-agent-registry-common';
import {
  agentPermissionResourceRef,
  agentRegistryRules,
  agentRegistryMarketplaceExtensionPoint,
  agentRuntimesExtensionPoint,
} from '@cmp/plugin-agent-registry-node';
import { timeOrderedId } from './database/timeOrderedId';
import { AccessService } from './access/AccessService';
import { registerRegistryActions } from './actions';
import { AgentService } from './agents/AgentService';
import { toRegistryAgent } from './agents/agentView';
import { AgentChangeNotifier } from './catalog/AgentChangeNotifier';
import { CatalogAdoption } from './catalog/CatalogAdoption';
import { CatalogLookup } from './catalog/CatalogLookup';
import { ConfigService } from './config/ConfigService';
import { GATEWAY_BASE_PATH, GatewayListener } from './gateway/GatewayListener';
import { gatewayRoutes } from './gateway/gatewayRoutes';
import { GatewayService } from './gateway/GatewayService';
import { KeyService } from './keys/KeyService';
import { MarketplaceConnectors } from './marketplace/MarketplaceConnectors';
import { MarketplaceService } from './marketplace/MarketplaceService';
import { RegistryMarketplaceApi } from './marketplace/RegistryMarketplaceApi';
import { UsageService } from './metering/UsageService';
import { LangflowRuntime } from './runtime/LangflowRuntime';
import { RuntimeRegistry } from './runtime/RuntimeRegistry';
import { NotificationsLowBalanceNotifier } from './wallet/NotificationsLowBalanceNotifier';
import { WalletService } from './wallet/WalletService';
import { RegistryDatabase } from './database/RegistryDatabase';
import { seedDemoData } from './demo/seedDemoData';
import { resolveCaller } from './service/Caller';
import { RegistryAccessControl } from './service/RegistryAccessControl';
import type { RegistryContext } from './service/RegistryContext';
import { createRouter } from './service/router';
import { TenantService } from './tenancy/TenantService';
import { VersionService } from './versions/VersionService';

/**
 * The Agent Registry backend plugin: agents, versions, configuration, tenants and access,
 * served at /api/agent-registry and as actions (MCP tools, scaffolder steps).
 */
export const agentRegistryPlugin = createBackendPlugin({
  pluginId: 'agent-registry',
  register(env) {
    const runtimes = new RuntimeRegistry();
    env.registerExtensionPoint(agentRuntimesExtensionPoint, {
      addRuntime: runtime => runtimes.add(runtime),
    });
    const connectors = new MarketplaceConnectors();
    env.registerExtensionPoint(agentRegistryMarketplaceExtensionPoint, {
      addConnector: connector => connectors.add(connector),
    });

    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        lifecycle: coreServices.lifecycle,
        database: coreServices.database,
        logger: coreServices.logger,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const db = await RegistryDatabase.create({ database: deps.database });

        deps.permissionsRegistry.addPermissions(agentRegistryPermissions);
        deps.permissionsRegistry.addResourceType({
          resourceRef: agentPermissionResourceRef,
          permissions: agentRegistryPermissions.filter(
            p => p.type === 'resource',
          ),
          rules: Object.values(agentRegistryRules),
          getResources: async ids => {
            const records = await Promise.all(
              ids.map(id => db.stores.agents.get(id)),
            );
            return records.map(r => (r ? toRegistryAgent(r, []) : undefined));
          },
        });

        const ctx: RegistryContext = {
          db,
          accessControl: new RegistryAccessControl(
            deps.permissions,
            deps.permissionsRegistry,
            db.stores.tenants,
          ),
          auditor: deps.auditor,
          catalog: new CatalogLookup(deps.catalog, deps.auth),
          notifier: new AgentChangeNotifier(deps.events, deps.logger),
          now: () => new Date(),
          newId: timeOrderedId,
        };
        const agents = new AgentService(ctx);
        const tenants = new TenantService(ctx);
        const adoption = new CatalogAdoption(ctx, deps.logger);
        const config = new ConfigService(ctx, agents, tenants);
        const wallets = new WalletService(
          ctx,
          tenants,
          new NotificationsLowBalanceNotifier(deps.notifications),
        );

        const langflow = deps.config.getOptionalConfig(
          'agentRegistry.runtimes.langflow',
        );
        if (langflow && !runtimes.get('langflow')) {
          const runtime = new LangflowRuntime({
            baseUrl: langflow.getString('baseUrl'),
            apiKey: langflow.getOptionalString('apiKey'),
            timeoutMs:
              (langflow.getOptionalNumber('timeoutSeconds') ?? 60) * 1000,
          });
          runtimes.add(runtime);
          deps.lifecycle.addShutdownHook(() => runtime.close());
        }
        const gateway = new GatewayService(
          ctx,
          config,
          wallets,
          runtimes,
          deps.logger,
        );
        const services = {
          agents,
          tenants,
          adoption,
          config,
          wallets,
          gateway,
          versions: new VersionService(ctx, agents),
          access: new AccessService(ctx, agents, tenants),
          keys: new KeyService(ctx, agents),
          marketplace: new MarketplaceService(ctx, agents, connectors),
          connectors,
          usage: new UsageService(ctx, agents, tenants),
        };

        const listen = deps.config.getOptionalConfig(
          'agentRegistry.gateway.listen',
        );
        if (listen) {
          const listener = new GatewayListener(
            gatewayRoutes(gateway, ctx),
            deps.logger,
          );
          deps.lifecycle.addStartupHook(async () => {
            const address = await listener.start({
              port: listen.getNumber('port'),
              host: listen.getOptionalString('host'),
            });
            deps.logger.info(
              `Gateway listening on ${address.address}:${address.port}${GATEWAY_BASE_PATH}`,
            );
          });
          deps.lifecycle.addShutdownHook(() => listener.stop());
        }

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auth: deps.auth,
            userInfo: deps.userInfo,
            services,
            ctx,
            validateResponses: deps.config.getOptionalBoolean(
              'agentRegistry.api.validateResponses',
            ),
          }),
        );
        // Callers of these entrances present agent keys, which the gateway checks itself.
        deps.httpRouter.addAuthPolicy({
          path: '/v1/runtime',
          allow: 'unauthenticated',
        });
        deps.httpRouter.addAuthPolicy({
          path: '/v1/mcp',
          allow: 'unauthenticated',
        });
        // Tenant routes authenticate callers themselves: Backstage tokens or marketplace
        // buyers' tokens (see the router).
        deps.httpRouter.addAuthPolicy({
          path: '/v1/tenants',
          allow: 'unauthenticated',
        });
        deps.httpRouter.addAuthPolicy({
          path: '/v1/my',
          allow: 'unauthenticated',
        });
        registerRegistryActions({
          actionsRegistry: deps.actionsRegistry,
          services,
          callerOf: credentials => resolveCaller(credentials, deps),
        });

        const adoptionInterval =
          deps.config.getOptionalNumber(
            'agentRegistry.catalogAdoption.intervalSeconds',
          ) ?? 60;
        await deps.scheduler.scheduleTask({
          id: 'agent-registry-catalog-adoption',
          scope: 'global',
          frequency: { seconds: adoptionInterval },
          timeout: { minutes: 5 },
          initialDelay: { seconds: Math.min(10, adoptionInterval) },
          fn: async () => {
            await adoption.run();
          },
        });

        for (const connector of connectors.all()) {
          const marketplaceCaller = {
            credentials: await deps.auth.getOwnServiceCredentials(),
            actor: `marketplace:${connector.id}`,
            ownershipRefs: [],
          };
          await connector.start(
            new RegistryMarketplaceApi(ctx, marketplaceCaller),
          );
        }

        // Calls whose process died mid-call hold quota and credit; give them back.
        await deps.scheduler.scheduleTask({
          id: 'agent-registry-release-stale-calls',
          scope: 'global',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          fn: async () => {
            const released = await gateway.releaseStale(10 * 60 * 1000);
            if (released)
              deps.logger.warn(
                `Released ${released} calls left pending by a stopped process`,
              );
          },
        });

        if (deps.config.getOptionalBoolean('agentRegistry.demo.seed')) {
          await seedDemoData(db, deps.logger);
        }
      },
    });
  },
});
