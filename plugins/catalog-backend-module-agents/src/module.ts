import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { AgentEntityProcessor } from './processor/AgentEntityProcessor';

/** Adds the Agent kind to the catalog. */
export const catalogModuleAgents = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'agents',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new AgentEntityProcessor());
      },
    });
  },
});
