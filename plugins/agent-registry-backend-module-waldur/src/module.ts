import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { agentRegistryMarketplaceExtensionPoint } from '@cmp/plugin-agent-registry-node';
import { readWaldurConfig } from './config';
import { createHookRouter, HOOK_PATH } from './hooks/hookRouter';
import { WaldurConnector } from './WaldurConnector';

/**
 * Sells the Agent Registry's agents on Waldur. Configured under `agentRegistry.waldur`
 * (see config.d.ts); without that section it does nothing but say so once.
 */
export const agentRegistryModuleWaldur = createBackendModule({
  pluginId: 'agent-registry',
  moduleId: 'waldur',
  register(reg) {
    reg.registerInit({
      deps: {
        marketplace: agentRegistryMarketplaceExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        discovery: coreServices.discovery,
      },
      async init({
        marketplace,
        config,
        logger,
        scheduler,
        httpRouter,
        discovery,
      }) {
        const waldur = readWaldurConfig(config);
        if (!waldur) {
          logger.info(
            'Waldur connector not configured (agentRegistry.waldur); agents are not sold on Waldur',
          );
          return;
        }
        const connector = new WaldurConnector({
          config: waldur,
          logger,
          scheduler,
          registryApiUrl: async () =>
            waldur.registryBaseUrl?.replace(/\/+$/, '') ??
            (await discovery.getExternalBaseUrl('agent-registry')),
        });
        marketplace.addConnector(connector);

        if (waldur.hookSecret) {
          httpRouter.use(
            createHookRouter({
              secret: waldur.hookSecret,
              handler: () => (connector.started ? connector.hooks : undefined),
              logger,
            }),
          );
          // Waldur cannot authenticate to Backstage; the secret path protects the hooks.
          httpRouter.addAuthPolicy({
            path: HOOK_PATH,
            allow: 'unauthenticated',
          });
        } else {
          logger.info(
            'No agentRegistry.waldur.hookSecret: Waldur web hooks are off, orders are polled',
          );
        }
        logger.info(
          `Waldur connector registered for ${waldur.url}; it starts when the registry is ready`,
        );
      },
    });
  },
});
