/*
 * The Agent Registry portal backend: Backstage's own plugins plus the Agent Registry suite.
 * Wiring only; behaviour lives in the plugins.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
// Events between plugins (and replicas, through the database).
backend.add(import('@backstage/plugin-events-backend'));

// Sign-in: guest for local use, OIDC (e.g. Keycloak) when configured.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));

// Catalog, with the Agent kind and the view of entities that failed processing.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@backstage/plugin-catalog-backend-module-unprocessed'));
backend.add(import('@cmp/plugin-catalog-backend-module-agents'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// Agent actions for templates (register, release, publish from Langflow flow exports).
backend.add(import('@cmp/plugin-scaffolder-backend-module-agents'));

// Permissions decided by the Agent Registry policy (not allow-all).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@cmp/plugin-permission-backend-module-agent-registry'));

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// The Agent Registry: agents, versions, configuration, tenancy, access.
backend.add(import('@cmp/plugin-agent-registry-backend'));
// Sells agents on Waldur (when agentRegistry.waldur is configured).
backend.add(import('@cmp/plugin-agent-registry-backend-module-waldur'));

// Registry actions (and Backstage's own) as MCP tools.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
