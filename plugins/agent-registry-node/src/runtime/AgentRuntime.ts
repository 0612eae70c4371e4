import type {
  AgentConfiguration,
  AgentRuntimeRef,
} from '@cmp/plugin-agent-registry-common';

/** One call of an agent, as the gateway hands it to a runtime. */
export type RuntimeInvocation = {
  /** Where the agent runs (from the agent; `flowId` may be the pinned version's flow). */
  runtime: AgentRuntimeRef;
  /** The version's flow snapshot, so a runtime can target its components. */
  flow: Record<string, unknown>;
  input: string;
  /** Conversation id; runtimes must keep customers' conversations apart by it. */
  sessionId: string;
  /** The customer's effective configuration (persona, behaviour). */
  config: AgentConfiguration;
  signal?: AbortSignal;
};

/** Token counts as the runtime reports them; undefined when it does not. */
export type RuntimeUsage = { inputTokens?: number; outputTokens?: number };

export type RuntimeResult = {
  text: string;
  usage: RuntimeUsage;
};

/**
 * Raised by runtimes when the runtime itself failed (down, erroring, timed out). The
 * gateway answers 502 and charges nothing.
 */
export class RuntimeError extends Error {
  readonly name = 'RuntimeError';
  constructor(
    message: string,
    readonly details: { status?: number; retryable?: boolean } = {},
  ) {
    super(message);
  }
}

/**
 * A place agents run: Langflow first; n8n or Dify can be added by modules through
 * {@link agentRuntimesExtensionPoint}.
 */
export interface AgentRuntime {
  /** Matches `spec.runtime.type` of the agents it runs. */
  readonly type: string;
  invoke(invocation: RuntimeInvocation): Promise<RuntimeResult>;
  /** Streams text chunks as they come; resolves with the whole result. */
  stream(
    invocation: RuntimeInvocation,
    onChunk: (chunk: string) => void,
  ): Promise<RuntimeResult>;
}
