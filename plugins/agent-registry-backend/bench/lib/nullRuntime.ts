/*
 * A runtime that answers at once, so that what is measured is the gateway itself.
 */
import type { AgentRuntime } from '@cmp/plugin-agent-registry-node';

const answer = (input: string) => `[null runtime] You said: ${input}`;

export const nullRuntime: AgentRuntime = {
  type: 'langflow',
  invoke: async invocation => ({
    text: answer(invocation.input),
    usage: { inputTokens: 10, outputTokens: 20 },
  }),
  stream: async (invocation, onChunk) => {
    onChunk(answer(invocation.input));
    return {
      text: answer(invocation.input),
      usage: { inputTokens: 10, outputTokens: 20 },
    };
  },
};
