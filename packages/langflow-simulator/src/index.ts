/**
 * A simulator of Langflow's run API (NOT Langflow) for tests, benchmarks and
 * demo mode of the Agent Registry.
 *
 * @packageDocumentation
 */

export {
  startLangflowSimulator,
  type LangflowSimulator,
  type LangflowSimulatorOptions,
} from './simulator';
export {
  DEFAULT_FAILURE_MESSAGE,
  type BehaviourSnapshot,
  type DownMode,
  type FailureSpec,
  type TokenUsageMode,
} from './behaviour';
export type { BehaviourPatch } from './control';
export type { CallOutcome, CallStats, RecordedCall } from './callLog';
export type { FailureStatus } from './errors';
export { fingerprintApiKey } from './auth';
export { composeAnswer, countTokens, type Answer } from './answer';
export { describeFlow, type FlowShape } from './flowShape';
export { loadFlowExports } from './flowFiles';
export { DEFAULT_FOLDER_ID, SIMULATOR_USER_ID } from './flowStore';
export { SIMULATED_LANGFLOW_VERSION } from './server';
export { SIMULATOR_HEADER } from './http';
export {
  basicPromptingFlow,
  sampleFlows,
  simpleAgentFlow,
  supportAssistantFlow,
} from './sampleFlows';
export type * from './types';
