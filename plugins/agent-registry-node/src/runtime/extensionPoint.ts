import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { AgentRuntime } from './AgentRuntime';

/** Lets backend modules add runtimes to the Agent Registry's gateway. */
export interface AgentRuntimesExtensionPoint {
  addRuntime(runtime: AgentRuntime): void;
}

export const agentRuntimesExtensionPoint =
  createExtensionPoint<AgentRuntimesExtensionPoint>({
    id: 'agent-registry.runtimes',
  });
