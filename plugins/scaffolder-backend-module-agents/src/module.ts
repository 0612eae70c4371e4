import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createAgentActions } from './actions';

/**
 * Scaffolder actions for the Agent Registry: the steps that need the task's workspace
 * (the uploaded flow export) or dry-run semantics. Plain registry calls are the
 * registry's own actions (`agent-registry:*`), which the scaffolder runs directly.
 */
export const scaffolderModuleAgents = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'agents',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, discovery, auth, catalog, config }) {
        scaffolder.addActions(
          ...createAgentActions({
            discovery,
            auth,
            catalog,
            offeringUrl: config.getOptionalString(
              'scaffolder.agents.offeringUrl',
            ),
          }),
        );
      },
    });
  },
});
