import {
  LangflowClient,
  type LangflowClientOptions,
} from '@datastax/langflow-client';
import {
  LangflowError,
  LangflowRequestError,
} from '@datastax/langflow-client/errors';
import {
  type AgentRuntime,
  RuntimeError,
  type RuntimeInvocation,
  type RuntimeResult,
  type RuntimeUsage,
} from '@cmp/plugin-agent-registry-node';
import { buildLangflowTweaks } from './langflowTweaks';
import { createPooledFetch } from './pooledFetch';

type Flow = ReturnType<LangflowClient['flow']>;

type Message = {
  text?: string;
  properties?: {
    usage?: {
      input_tokens?: number | null;
      output_tokens?: number | null;
    } | null;
  };
};

function usageOf(message: Message | undefined): RuntimeUsage {
  const usage = message?.properties?.usage;
  return {
    inputTokens: usage?.input_tokens ?? undefined,
    outputTokens: usage?.output_tokens ?? undefined,
  };
}

/** The AI message of a run response (`outputs[0].outputs[0].results.message`). */
function messageOf(outputs: unknown): Message | undefined {
  const first = (
    outputs as { outputs?: { results?: { message?: Message } }[] }[] | undefined
  )?.[0];
  return first?.outputs?.[0]?.results?.message;
}

/** Langflow's 500 bodies carry `detail` as a JSON string; dig the message out of it. */
async function describeError(error: unknown): Promise<RuntimeError> {
  if (error instanceof LangflowError) {
    const response = (
      error as {
        cause?: { status?: number; json?: () => Promise<{ detail?: unknown }> };
      }
    ).cause;
    let detail: unknown;
    try {
      detail = (await response?.json?.())?.detail;
      if (typeof detail === 'string' && detail.startsWith('{'))
        detail = JSON.parse(detail).message ?? detail;
    } catch {
      // keep what we have
    }
    const status = response?.status;
    return new RuntimeError(
      `Langflow answered ${error.message}${
        detail
          ? `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`
          : ''
      }`,
      {
        status,
        retryable: status === undefined || status >= 500,
      },
    );
  }
  // A timeout or the caller going away, whether or not the client wrapped it.
  const reason = [error, (error as { cause?: unknown })?.cause].find(e =>
    ['TimeoutError', 'AbortError'].includes((e as Error)?.name),
  );
  if (reason) {
    return new RuntimeError(
      (reason as Error).name === 'TimeoutError'
        ? 'Langflow did not answer in time'
        : 'The call was cancelled',
      { retryable: true },
    );
  }
  if (error instanceof LangflowRequestError) {
    return new RuntimeError(
      `Langflow could not be reached: ${
        (error.cause as Error | undefined)?.message ?? error.message
      }`,
      { retryable: true },
    );
  }
  return new RuntimeError(
    `Langflow call failed: ${(error as Error)?.message ?? String(error)}`,
  );
}

/**
 * Runs agents as Langflow flows through the run API (`@datastax/langflow-client`): the
 * pinned version's flow id, the customer's configuration as tweaks, one Langflow session
 * per conversation.
 */
export class LangflowRuntime implements AgentRuntime {
  readonly type = 'langflow';
  private readonly client: LangflowClient;
  private readonly connections: ReturnType<typeof createPooledFetch>;

  constructor(options: {
    baseUrl: string;
    apiKey?: string;
    /** How long a run may take to answer (and a stream may pause), default 60 s. */
    timeoutMs?: number;
  }) {
    this.connections = createPooledFetch({
      timeoutMs: options.timeoutMs ?? 60_000,
    });
    this.client = new LangflowClient({
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      fetch: this.connections
        .fetch as unknown as LangflowClientOptions['fetch'],
    });
  }

  /** Closes the kept-alive connections to Langflow. */
  close(): Promise<void> {
    return this.connections.close();
  }

  // The gateway's flows and configurations are cached objects, so the client's Flow (its
  // id and tweaks) is built once per pair rather than once per call.
  private readonly flows = new WeakMap<
    object,
    WeakMap<object, { id: string; flow: Flow }>
  >();

  private flowFor(invocation: RuntimeInvocation): Flow {
    const id =
      typeof invocation.flow.id === 'string'
        ? invocation.flow.id
        : invocation.runtime.flowId;
    let byConfig = this.flows.get(invocation.flow);
    if (!byConfig) {
      byConfig = new WeakMap();
      this.flows.set(invocation.flow, byConfig);
    }
    const built = byConfig.get(invocation.config);
    if (built?.id === id) return built.flow;
    const flow = this.client.flow(
      id,
      buildLangflowTweaks(invocation.flow, invocation.config),
    );
    byConfig.set(invocation.config, { id, flow });
    return flow;
  }

  async invoke(invocation: RuntimeInvocation): Promise<RuntimeResult> {
    try {
      const response = await this.flowFor(invocation).run(invocation.input, {
        session_id: invocation.sessionId,
        signal: invocation.signal,
      });
      const message = messageOf(response.outputs);
      return {
        text: response.chatOutputText() ?? message?.text ?? '',
        usage: usageOf(message),
      };
    } catch (error) {
      throw await describeError(error);
    }
  }

  async stream(
    invocation: RuntimeInvocation,
    onChunk: (chunk: string) => void,
  ): Promise<RuntimeResult> {
    try {
      const events = await this.flowFor(invocation).stream(invocation.input, {
        session_id: invocation.sessionId,
        signal: invocation.signal,
      });
      let text = '';
      let usage: RuntimeUsage = {};
      for await (const event of events as AsyncIterable<{
        event: string;
        data: any;
      }>) {
        if (event.event === 'token' && typeof event.data?.chunk === 'string') {
          text += event.data.chunk;
          onChunk(event.data.chunk);
        } else if (event.event === 'error') {
          throw new RuntimeError(
            `Langflow failed while streaming: ${
              event.data?.error ?? 'unknown error'
            }`,
          );
        } else if (event.event === 'end') {
          const message = messageOf(event.data?.result?.outputs);
          usage = usageOf(message);
          const full = message?.text ?? text;
          // Components without token streaming send the whole answer only at the end.
          if (!text && full) onChunk(full);
          text = full;
        }
      }
      return { text, usage };
    } catch (error) {
      if (error instanceof RuntimeError) throw error;
      throw await describeError(error);
    }
  }
}
