import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { GatewayError } from '../gateway/GatewayError';
import type { GatewayService } from '../gateway/GatewayService';
import {
  bearerToken,
  type GatewayRoute,
  sendGatewayError,
} from '../gateway/gatewayHttp';

const METHOD_NOT_ALLOWED = {
  jsonrpc: '2.0',
  error: { code: -32000, message: 'Method not allowed.' },
  id: null,
};

/**
 * Each purchased agent as an MCP server (Streamable HTTP, stateless), authenticated by an
 * MCP key: `POST /v1/mcp/agents/:agent` with `Authorization: Bearer <MCP key>`. Its `chat`
 * tool goes through the gateway, so quotas, credit and metering apply as for the API.
 */
export function agentMcpRoutes(gateway: GatewayService): GatewayRoute[] {
  const serve: GatewayRoute['handle'] = async (req, res) => {
    const token = bearerToken(req);
    const agentRef = req.params.agent;
    let admitted;
    try {
      admitted = await gateway.check(token, ['mcp'], agentRef);
    } catch (error) {
      if (error instanceof GatewayError && error.status === 401)
        res.set('WWW-Authenticate', 'Bearer');
      if (!sendGatewayError(res, error)) throw error;
      return;
    }
    const { agent, version } = admitted;
    const label = agent.title ?? agent.name;
    const server = new McpServer(
      { name: `agent-registry/${agent.name}`, version },
      {
        instructions: `${label}: ${
          agent.description ?? 'an AI agent'
        }. Use the chat tool to talk to it.`,
      },
    );
    server.registerTool(
      'chat',
      {
        title: `Chat with ${label}`,
        description: `Sends a message to ${label} and returns its answer. Pass the same sessionId to continue a conversation.`,
        inputSchema: {
          message: z
            .string()
            .min(1)
            .max(100_000)
            .describe('What to ask the agent'),
          sessionId: z
            .string()
            .max(255)
            .optional()
            .describe('Conversation id, to continue a conversation'),
        },
        annotations: {
          readOnlyHint: false,
          destructiveHint: false,
          idempotentHint: false,
          openWorldHint: true,
        },
      },
      async ({ message, sessionId }) => {
        try {
          const { answer } = await gateway.invoke({
            token,
            agentRef,
            input: message,
            sessionId,
            kinds: ['mcp'],
          });
          return {
            content: [{ type: 'text', text: answer.output }],
            structuredContent: answer,
          };
        } catch (error) {
          if (error instanceof GatewayError) {
            return {
              isError: true,
              content: [
                { type: 'text', text: `${error.code}: ${error.message}` },
              ],
            };
          }
          throw error;
        }
      },
    );
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
    });
    res.on('close', () => {
      transport.close();
      server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  };
  const notAllowed: GatewayRoute['handle'] = (_req, res) => {
    res.status(405).set('Allow', 'POST').json(METHOD_NOT_ALLOWED);
  };

  const path = '/v1/mcp/agents/:agent';
  return [
    { method: 'post', path, handle: serve },
    { method: 'get', path, handle: notAllowed },
    { method: 'delete', path, handle: notAllowed },
  ];
}
