import { TestDatabases } from '@backstage/backend-test-utils';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AddressInfo } from 'node:net';
import { startGatewayWorld } from '../__testUtils__/gatewayWorld';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

type World = Awaited<ReturnType<typeof startGatewayWorld>>;

describe.each(databases.eachSupportedId())(
  'agents as MCP servers (official MCP SDK client) on %p',
  databaseId => {
    let world: World;
    let baseUrl: string;
    const clients: Client[] = [];
    const carol = () => world.registry.as('user:default/carol');
    const endpoint = (agent = 'gateway-bot') =>
      `${baseUrl}/api/agent-registry/v1/mcp/agents/${agent}`;

    beforeAll(async () => {
      world = await startGatewayWorld(await databases.init(databaseId));
      const { port } = world.registry.backend.server.address() as AddressInfo;
      baseUrl = `http://localhost:${port}`;
    });
    afterEach(async () => {
      await Promise.all(clients.splice(0).map(c => c.close()));
    });
    afterAll(() => world.stop());

    /** A new MCP key for an access. */
    async function mcpKey(accessId: string) {
      const res = await carol().post(
        `/tenants/${world.tenant.id}/access/${accessId}/keys`,
        { kind: 'mcp' },
      );
      expect(res.status).toBe(201);
      return { secret: res.body.secret as string, id: res.body.id as string };
    }

    /**
     * An MCP client over Streamable HTTP with the key as bearer; every HTTP answer it gets
     * is recorded, so tests can look at statuses and headers the SDK does not expose.
     */
    function mcpClient(key?: string) {
      const responses: Response[] = [];
      const transport = new StreamableHTTPClientTransport(new URL(endpoint()), {
        requestInit: key
          ? { headers: { Authorization: `Bearer ${key}` } }
          : undefined,
        fetch: async (url, init) => {
          const res = await fetch(url, init);
          responses.push(res);
          return res;
        },
      });
      const client = new Client({ name: 'agent-mcp-test', version: '1.0.0' });
      clients.push(client);
      return { client, transport, responses };
    }

    async function connected(key: string) {
      const c = mcpClient(key);
      await c.client.connect(c.transport);
      return c.client;
    }

    /** Connecting must fail with 401 and a bearer challenge. */
    async function expectRefused(key: string | undefined) {
      const { client, transport, responses } = mcpClient(key);
      const failure = await client.connect(transport).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(StreamableHTTPError);
      expect((failure as StreamableHTTPError).code).toBe(401);
      const refused = responses.find(r => r.status === 401);
      expect(refused).toBeDefined();
      expect(refused!.headers.get('www-authenticate')).toBe('Bearer');
      return (failure as Error).message;
    }

    it('connects with an MCP key and lists exactly the chat tool with its input schema', async () => {
      const { accessId } = await world.subscribe('unlimited');
      const client = await connected((await mcpKey(accessId)).secret);

      expect(client.getServerVersion()).toMatchObject({
        name: 'agent-registry/gateway-bot',
        version: '1.0.0',
      });
      expect(client.getServerCapabilities()?.tools).toBeDefined();
      expect(client.getInstructions()).toContain('Use the chat tool');

      const { tools } = await client.listTools();
      expect(tools.map(t => t.name)).toEqual(['chat']);
      const [chat] = tools;
      expect(chat.description).toContain('sessionId');
      expect(chat.inputSchema).toMatchObject({
        type: 'object',
        properties: {
          message: { type: 'string', minLength: 1, maxLength: 100_000 },
          sessionId: { type: 'string', maxLength: 255 },
        },
        required: ['message'],
      });
      expect(Object.keys(chat.inputSchema.properties ?? {}).sort()).toEqual([
        'message',
        'sessionId',
      ]);
      expect(chat.annotations).toMatchObject({
        readOnlyHint: false,
        openWorldHint: true,
      });
    });

    it('answers the chat tool as text and structured content, and meters the call on the MCP key', async () => {
      const { accessId } = await world.subscribe('unlimited');
      const key = await mcpKey(accessId);
      const client = await connected(key.secret);

      const result = await client.callTool({
        name: 'chat',
        arguments: { message: 'Hello over MCP' },
      });
      expect(result.isError).toBeFalsy();
      const content = result.content as Array<{ type: string; text: string }>;
      expect(content).toHaveLength(1);
      expect(content[0].type).toBe('text');
      expect(content[0].text).toContain('You said: Hello over MCP');
      expect(content[0].text).toContain('[system: Be brief.]');
      expect(content[0].text).toContain('[temperature: 0.7]');
      const structured = result.structuredContent as any;
      expect(structured).toMatchObject({
        agent: 'agent:default/gateway-bot',
        version: '1.0.0',
        output: content[0].text,
        usage: {
          inputTokens: expect.any(Number),
          outputTokens: expect.any(Number),
          computeMs: expect.any(Number),
        },
      });
      expect(structured.usage.inputTokens).toBeGreaterThan(0);
      expect(structured.usage.outputTokens).toBeGreaterThan(0);
      const [call] = world.sim.calls(1);
      expect(call.answer).toBe(content[0].text);

      const usage = await carol().get(`/tenants/${world.tenant.id}/usage`);
      expect(usage.status).toBe(200);
      expect(
        usage.body.days.filter((d: any) => d.accessId === accessId),
      ).toEqual([
        expect.objectContaining({
          keyId: key.id,
          calls: 1,
          inputTokens: structured.usage.inputTokens,
          outputTokens: structured.usage.outputTokens,
        }),
      ]);
    });

    it('passes the tool sessionId to the runtime, namespaced by access', async () => {
      const { accessId } = await world.subscribe('unlimited');
      const client = await connected((await mcpKey(accessId)).secret);

      const result = await client.callTool({
        name: 'chat',
        arguments: { message: 'Remember me', sessionId: 'mcp-conv-1' },
      });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        sessionId: 'mcp-conv-1',
      });
      const [call] = world.sim.calls(1);
      expect(call.sessionId).toBe(`${accessId}:mcp-conv-1`);
      expect(call.body).toMatchObject({ input_value: 'Remember me' });
    });

    it('refuses an API key, no key and a revoked MCP key at connect with 401 and a bearer challenge', async () => {
      const { accessId, key: apiKey } = await world.subscribe('unlimited');
      expect(await expectRefused(apiKey)).toContain('key_wrong_kind');
      expect(await expectRefused(undefined)).toContain('key_missing');

      const key = await mcpKey(accessId);
      // Works before it is revoked …
      await connected(key.secret);
      await carol()
        .post(`/tenants/${world.tenant.id}/keys/${key.id}/revoke`)
        .expect(200);
      // … and not after.
      expect(await expectRefused(key.secret)).toContain('key_revoked');
    });

    it('reports quota exhaustion as a tool error', async () => {
      const { accessId } = await world.subscribe('tiny');
      const client = await connected((await mcpKey(accessId)).secret);
      for (let i = 0; i < 3; i++) {
        const ok = await client.callTool({
          name: 'chat',
          arguments: { message: `call ${i}` },
        });
        expect(ok.isError).toBeFalsy();
      }
      const simCalls = world.sim.stats().runCalls;
      const refused = await client.callTool({
        name: 'chat',
        arguments: { message: 'one too many' },
      });
      expect(refused.isError).toBe(true);
      const content = refused.content as Array<{ type: string; text: string }>;
      expect(content[0].type).toBe('text');
      expect(content[0].text).toMatch(/^quota_exhausted/);
      // The runtime was not called for the refused call.
      expect(world.sim.stats().runCalls).toBe(simCalls);

      const usage = await carol().get(`/tenants/${world.tenant.id}/usage`);
      expect(
        usage.body.quotas.find((q: any) => q.accessId === accessId),
      ).toMatchObject({ used: 3, quota: 3 });
    });

    it('answers 405 to GET and DELETE on the endpoint', async () => {
      const { accessId } = await world.subscribe('unlimited');
      const { secret } = await mcpKey(accessId);
      for (const method of ['GET', 'DELETE']) {
        const res = await fetch(endpoint(), {
          method,
          headers: {
            Authorization: `Bearer ${secret}`,
            Accept: 'text/event-stream',
          },
        });
        expect(res.status).toBe(405);
        expect(res.headers.get('allow')).toBe('POST');
        expect(await res.json()).toMatchObject({
          jsonrpc: '2.0',
          error: { code: -32000 },
        });
      }
    });
  },
);
