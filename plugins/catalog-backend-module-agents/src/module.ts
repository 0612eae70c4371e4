import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { AgentEntityProcessor } from './processor/AgentEntityProcessor';
import { AgentRegistryEntityProvider } from './provider/AgentRegistryEntityProvider';

/**
 * Adds the Agent kind to the catalog, and (unless `catalog.providers.agentRegistry.enabled`
 * is false) the provider that publishes the registry's agents.
 */
export const catalogModuleAgents = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'agents',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
      },
      async init({
        catalog,
        config,
        discovery,
        auth,
        logger,
        scheduler,
        events,
      }) {
        catalog.addProcessor(new AgentEntityProcessor());

        const providerConfig = config.getOptionalConfig(
          'catalog.providers.agentRegistry',
        );
        if (providerConfig?.getOptionalBoolean('enabled') === false) return;
        const schedule = providerConfig?.has('schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              providerConfig.getConfig('schedule'),
            )
          : {
              frequency: { minutes: 5 },
              timeout: { minutes: 3 },
              initialDelay: { seconds: 15 },
            };
        catalog.addEntityProvider(
          new AgentRegistryEntityProvider({
            discovery,
            auth,
            logger,
            events,
            taskRunner: scheduler.createScheduledTaskRunner(schedule),
          }),
        );
      },
    });
  },
});
