import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { AgentRegistryPermissionPolicy } from './AgentRegistryPermissionPolicy';

/** Installs {@link AgentRegistryPermissionPolicy} as the permission backend's policy. */
export const permissionModuleAgentRegistryPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'agent-registry-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(
          new AgentRegistryPermissionPolicy({
            admins: config.getOptionalStringArray('agentRegistry.admins') ?? [],
            userInfo,
          }),
        );
      },
    });
  },
});
