import { createCreateVersionAction } from './createCreateVersionAction';
import { createGetAgentAction } from './createGetAgentAction';
import { createGetEffectiveConfigAction } from './createGetEffectiveConfigAction';
import { createListAgentsAction } from './createListAgentsAction';
import { createPublishVersionAction } from './createPublishVersionAction';
import { createRollbackVersionAction } from './createRollbackVersionAction';
import type { RegistryActionOptions } from './types';

/**
 * Registers the registry's actions with Backstage's actions registry: MCP tools through
 * mcp-actions-backend, and scaffolder steps (`agent-registry:<name>`).
 */
export function registerRegistryActions(options: RegistryActionOptions) {
  createListAgentsAction(options);
  createGetAgentAction(options);
  createCreateVersionAction(options);
  createPublishVersionAction(options);
  createRollbackVersionAction(options);
  createGetEffectiveConfigAction(options);
}
