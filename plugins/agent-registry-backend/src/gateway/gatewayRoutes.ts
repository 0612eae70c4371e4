import type { Router } from 'express';
import { agentMcpRoutes } from '../mcp/agentMcpRoutes';
import type { RegistryContext } from '../service/RegistryContext';
import {
  abortOnClose,
  bearerToken,
  type GatewayRequest,
  type GatewayResponse,
  type GatewayRoute,
  sendGatewayError,
  streamCall,
} from './gatewayHttp';
import type { GatewayService, InvokeRequest } from './GatewayService';
import { openAiRoutes } from './openAiRoutes';

/** `POST /v1/runtime/agents/:agent/invoke`: ask an agent with an API key. */
export function invokeRoute(gateway: GatewayService): GatewayRoute {
  return {
    method: 'post',
    path: '/v1/runtime/agents/:agent/invoke',
    operationId: 'invokeAgent',
    async handle(req, res) {
      const call: InvokeRequest = {
        token: bearerToken(req),
        agentRef: req.params.agent,
        input: req.body?.input,
        sessionId: req.body?.sessionId,
        idempotencyKey: req.header('idempotency-key') ?? undefined,
        kinds: ['api', 'widget'],
        origin: req.header('origin') ?? undefined,
        signal: abortOnClose(res),
      };
      if (req.body?.stream) {
        await streamCall(res, onChunk => gateway.invoke({ ...call, onChunk }), {
          chunk: text => `event: chunk\ndata: ${JSON.stringify({ text })}\n\n`,
          done: answer => `event: done\ndata: ${JSON.stringify(answer)}\n\n`,
          error: e => `event: error\ndata: ${JSON.stringify(e.toBody())}\n\n`,
        });
        return;
      }
      try {
        const { answer, replayed } = await gateway.invoke(call);
        res
          .status(200)
          .set('Idempotent-Replayed', String(replayed))
          .json(answer);
      } catch (error) {
        if (!sendGatewayError(res, error)) throw error;
      }
    },
  };
}

/**
 * Every key-authenticated entrance: the invoke API, the OpenAI-compatible API and each
 * agent as an MCP server. The same list is served by Backstage's router and by the
 * gateway's own listener.
 */
export function gatewayRoutes(
  gateway: GatewayService,
  ctx: RegistryContext,
): GatewayRoute[] {
  return [
    invokeRoute(gateway),
    ...openAiRoutes(gateway, ctx),
    ...agentMcpRoutes(gateway),
  ];
}

/** Mounts the entrances on an Express router (the plugin's Backstage route). */
export function addGatewayRoutes(router: Router, routes: GatewayRoute[]) {
  for (const route of routes) {
    router[route.method](route.path, (req, res) =>
      route.handle(
        req as unknown as GatewayRequest,
        res as unknown as GatewayResponse,
      ),
    );
  }
}
