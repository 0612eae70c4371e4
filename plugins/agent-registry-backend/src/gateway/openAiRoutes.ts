import { randomUUID } from 'node:crypto';
import { agentEntityRef } from '../agents/agentView';
import type { RegistryContext } from '../service/RegistryContext';
import { GatewayError } from './GatewayError';
import type { GatewayAnswer, GatewayService } from './GatewayService';
import {
  abortOnClose,
  bearerToken,
  type GatewayRoute,
  sendGatewayError,
  streamCall,
} from './gatewayHttp';

type ChatMessage = { role?: string; content?: unknown };

/** The text of the last user message (string content or text parts). */
function lastUserText(messages: ChatMessage[]): string {
  const last = [...messages].reverse().find(m => m.role === 'user');
  if (!last)
    throw new GatewayError(
      'bad_request',
      'messages must contain a user message',
    );
  if (typeof last.content === 'string') return last.content;
  if (Array.isArray(last.content)) {
    return last.content
      .filter((p: any) => p?.type === 'text' && typeof p.text === 'string')
      .map((p: any) => p.text)
      .join('\n');
  }
  throw new GatewayError(
    'bad_request',
    'the user message must have text content',
  );
}

function completion(answer: GatewayAnswer, model: string) {
  const prompt = answer.usage.inputTokens ?? 0;
  const completionTokens = answer.usage.outputTokens ?? 0;
  return {
    id: `chatcmpl-${answer.id}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: answer.output },
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completionTokens,
      total_tokens: prompt + completionTokens,
    },
  };
}

/**
 * An OpenAI-compatible surface, so any OpenAI SDK can call an agent: base URL
 * `.../api/agent-registry/v1/runtime/openai/v1`, the API key as the SDK's key, the agent
 * as the model. The agent's own persona applies; the conversation continues by `user`.
 */
export function openAiRoutes(
  gateway: GatewayService,
  ctx: RegistryContext,
): GatewayRoute[] {
  const chatCompletions: GatewayRoute['handle'] = async (req, res) => {
    const model = String(req.body?.model ?? '');
    try {
      const call = {
        token: bearerToken(req),
        agentRef: model,
        input: lastUserText(req.body?.messages ?? []),
        sessionId:
          typeof req.body?.user === 'string' ? req.body.user : undefined,
        idempotencyKey: req.header('idempotency-key') ?? undefined,
        kinds: ['api' as const],
        signal: abortOnClose(res),
      };
      if (req.body?.stream) {
        const created = Math.floor(Date.now() / 1000);
        const chunk = (id: string, delta: object, finish: string | null) =>
          `data: ${JSON.stringify({
            id,
            object: 'chat.completion.chunk',
            created,
            model,
            choices: [{ index: 0, delta, finish_reason: finish }],
          })}\n\n`;
        // Every chunk of one stream carries the same id, as OpenAI's do.
        const streamId = `chatcmpl-${randomUUID()}`;
        await streamCall(res, onChunk => gateway.invoke({ ...call, onChunk }), {
          chunk: text =>
            chunk(streamId, { role: 'assistant', content: text }, null),
          done: () => `${chunk(streamId, {}, 'stop')}data: [DONE]\n\n`,
          error: e =>
            `data: ${JSON.stringify({
              error: { message: e.message, code: e.code },
            })}\n\n`,
        });
        return;
      }
      const { answer, replayed } = await gateway.invoke(call);
      res
        .status(200)
        .set('Idempotent-Replayed', String(replayed))
        .json(completion(answer, model));
    } catch (error) {
      if (!sendGatewayError(res, error)) throw error;
    }
  };

  const models: GatewayRoute['handle'] = async (req, res) => {
    try {
      const key = await gateway.authenticate(bearerToken(req), ['api']);
      const access = await ctx.db.stores.access.getById(key.accessId);
      const agent = access && (await ctx.db.stores.agents.get(access.agentId));
      res.status(200).json({
        object: 'list',
        data: agent
          ? [
              {
                id: agent.name,
                object: 'model',
                created: Math.floor(Date.parse(agent.createdAt) / 1000),
                owned_by: agentEntityRef(agent),
              },
            ]
          : [],
      });
    } catch (error) {
      if (!sendGatewayError(res, error)) throw error;
    }
  };

  return [
    {
      method: 'post',
      path: '/v1/runtime/openai/v1/chat/completions',
      operationId: 'openAiChatCompletions',
      handle: chatCompletions,
    },
    {
      method: 'get',
      path: '/v1/runtime/openai/v1/models',
      operationId: 'openAiModels',
      handle: models,
    },
  ];
}
