import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { agentRegistryPermissions } from '@cmp/plugin-agent-registry-common';
import {
  agentPermissionResourceRef,
  agentRegistryRules,
} from '@cmp/plugin-agent-registry-node';
import { randomUUID } from 'node:crypto';
import { AccessService } from './access/AccessService';
import { registerRegistryActions } from './actions';
import { AgentService } from './agents/AgentService';
import { toRegistryAgent } from './agents/agentView';
import { AgentChangeNotifier } from './catalog/AgentChangeNotifier';
import { CatalogAdoption } from './catalog/CatalogAdoption';
import { CatalogLookup } from './catalog/CatalogLookup';
import { ConfigService } from './config/ConfigService';
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
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
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
          newId: randomUUID,
        };
        const agents = new AgentService(ctx);
        const tenants = new TenantService(ctx);
        const adoption = new CatalogAdoption(ctx, deps.logger);
        const services = {
          agents,
          tenants,
          adoption,
          versions: new VersionService(ctx, agents),
          config: new ConfigService(ctx, agents, tenants),
          access: new AccessService(ctx, agents, tenants),
        };

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auth: deps.auth,
            userInfo: deps.userInfo,
            services,
            validateResponses: deps.config.getOptionalBoolean(
              'agentRegistry.api.validateResponses',
            ),
          }),
        );
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

        if (deps.config.getOptionalBoolean('agentRegistry.demo.seed')) {
          await seedDemoData(db, deps.logger);
        }
      },
    });
  },
});
