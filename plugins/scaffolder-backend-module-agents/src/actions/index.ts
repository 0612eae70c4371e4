import { createCatalogInfoWriteAction } from './catalogInfoWrite';
import { createFlowReadAction } from './flowRead';
import { createPublishMarketplaceAction } from './publishMarketplace';
import { createRegisterAction } from './register';
import { createReleaseAction } from './release';
import type { AgentActionOptions } from './types';

export { createCatalogInfoWriteAction } from './catalogInfoWrite';
export { createFlowReadAction } from './flowRead';
export { createPublishMarketplaceAction } from './publishMarketplace';
export { createRegisterAction } from './register';
export { createReleaseAction } from './release';
export type { AgentActionOptions } from './types';

/** Every `agents:*` action of this module. */
export function createAgentActions(options: AgentActionOptions) {
  return [
    createFlowReadAction(),
    createRegisterAction(options),
    createReleaseAction(options),
    createPublishMarketplaceAction(options),
    createCatalogInfoWriteAction(),
  ];
}
