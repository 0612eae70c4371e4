import { TestDatabases } from '@backstage/backend-test-utils';
import http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import OpenAI from 'openai';
import request from 'supertest';
import { startGatewayWorld } from '../__testUtils__/gatewayWorld';
import { asText } from '../__testUtils__/network';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

type World = Awaited<ReturnType<typeof startGatewayWorld>>;

/**
 * The gateway's own listener (`agentRegistry.gateway.listen`): the same entrances, at the
 * same paths, without Backstage's per-request middleware.
 */
describe.each(databases.eachSupportedId())(
  "the gateway's own listener on %p",
  databaseId => {
    let world: World;
    const base = '/api/agent-registry/v1';
    const carol = () => world.registry.as('user:default/carol');
    const listener = () => request(world.listenerUrl!);
    const invoke = (key: string | undefined, body: unknown) => {
      const req = listener().post(`${base}/runtime/agents/gateway-bot/invoke`);
      return (key ? req.set('Authorization', `Bearer ${key}`) : req).send(
        body as object,
      );
    };
    const usageOf = async (accessId: string) => {
      const usage = await carol().get(`/tenants/${world.tenant.id}/usage`);
      return {
        calls: usage.body.days
          .filter((d: any) => d.accessId === accessId)
          .reduce((sum: number, d: any) => sum + d.calls, 0),
        used: usage.body.quotas.find((q: any) => q.accessId === accessId)?.used,
      };
    };

    beforeAll(async () => {
      world = await startGatewayWorld(await databases.init(databaseId), {
        listener: true,
      });
    });
    afterAll(() => world.stop());

    it('answers a call as the backend route does, and meters it the same way', async () => {
      const { key, accessId } = await world.subscribe('tiny');
      const direct = await invoke(key, {
        input: 'Where is my order?',
        sessionId: 'conv-1',
      });
      const viaBackstage = await world.invoke(key, {
        input: 'Where is my order?',
        sessionId: 'conv-1',
      });
      expect(direct.status).toBe(200);
      expect(direct.headers['content-type']).toMatch(/^application\/json/);
      expect(direct.headers['idempotent-replayed']).toBe('false');
      const shape = (body: any) => ({
        ...body,
        id: expect.any(String),
        usage: { ...body.usage, computeMs: expect.any(Number) },
      });
      expect(direct.body).toEqual(shape(viaBackstage.body));
      expect(direct.body.output).toContain('You said: Where is my order?');
      expect(await usageOf(accessId)).toEqual({ calls: 2, used: 2 });
    });

    it('cancels the runtime call, uncharged, when its client goes away, and serves the calls of a kept-alive connection', async () => {
      const { key, accessId } = await world.subscribe('unlimited');
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const url = new URL(
        `${base}/runtime/agents/gateway-bot/invoke`,
        world.listenerUrl,
      );
      const call = (input: string) =>
        new Promise<{ status: number; req: http.ClientRequest }>(
          (resolve, reject) => {
            const req = http.request(
              url,
              {
                method: 'POST',
                agent,
                headers: {
                  authorization: `Bearer ${key}`,
                  'content-type': 'application/json',
                },
              },
              res => {
                res.resume();
                res.on('end', () => resolve({ status: res.statusCode!, req }));
              },
            );
            req.on('error', reject);
            req.end(JSON.stringify({ input }));
          },
        );
      try {
        // One connection, one call after another: each is answered.
        for (let i = 0; i < 3; i++)
          expect((await call(`kept alive ${i}`)).status).toBe(200);
        expect(await usageOf(accessId)).toMatchObject({ calls: 3 });

        world.sim.setLatency(800);
        const req = http.request(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
          },
        });
        req.on('error', () => {});
        req.end(JSON.stringify({ input: 'never mind' }));
        await new Promise(resolve => setTimeout(resolve, 300));
        req.destroy();
        // Had the runtime call gone on, it would have answered and been counted by now.
        await new Promise(resolve => setTimeout(resolve, 1200));
        expect(await usageOf(accessId)).toMatchObject({ calls: 3 });
      } finally {
        world.sim.setLatency(0);
        agent.destroy();
      }
    });

    it('streams server-sent events', async () => {
      const { key } = await world.subscribe('unlimited');
      const res = await invoke(key, { input: 'Stream please', stream: true })
        .buffer(true)
        .parse(asText);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/event-stream');
      const events = (res.body as string).trim().split('\n\n');
      expect(events[0]).toMatch(/^event: chunk\n/);
      const done = events[events.length - 1];
      expect(done).toMatch(/^event: done\n/);
      expect(JSON.parse(done.split('\n')[1].slice(6)).output).toContain(
        'You said: Stream please',
      );
    });

    it('replays a repeated idempotency key and counts the call once', async () => {
      const { key, accessId } = await world.subscribe('unlimited');
      const send = () =>
        invoke(key, { input: 'Once only' }).set('Idempotency-Key', 'order-7');
      const first = await send();
      const again = await send();
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect((await usageOf(accessId)).calls).toBe(1);
    });

    it('refuses bad requests with a clear 4xx, and charges nothing', async () => {
      const { key, accessId } = await world.subscribe('tiny');
      const cases: [() => request.Test, number, RegExp][] = [
        [() => invoke(undefined, { input: 'hi' }), 401, /key/i],
        [
          () => invoke(key, {}),
          400,
          /request\/body must have required property 'input'/,
        ],
        [
          () => invoke(key, { input: 42 }),
          400,
          /request\/body\/input must be string/,
        ],
        [
          () => invoke(key, { input: 'x'.repeat(100_001) }),
          400,
          /request\/body\/input/,
        ],
        [() => invoke(key, { input: 'hi', stream: 'yes' }), 400, /stream/],
        [
          () =>
            invoke(key, { input: 'hi' }).set(
              'Idempotency-Key',
              'k'.repeat(256),
            ),
          400,
          /idempotency-key/,
        ],
        [
          () =>
            listener()
              .post(`${base}/runtime/agents/gateway-bot/invoke`)
              .set('Authorization', `Bearer ${key}`)
              .set('Content-Type', 'application/json')
              .send('{"input": "hi"'),
          400,
          /not valid JSON/,
        ],
        [
          () =>
            listener()
              .post(`${base}/runtime/agents/gateway-bot/invoke`)
              .set('Authorization', `Bearer ${key}`)
              .set('Content-Type', 'text/plain')
              .send('input=hi'),
          415,
          /application\/json/,
        ],
        [
          () => invoke(key, { input: 'x'.repeat(2 * 1024 * 1024) }),
          413,
          /larger than the limit/,
        ],
        [() => listener().get(`${base}/agents`), 404, /No gateway route/],
        [
          () => listener().post(`${base}/runtime/agents/gateway-bot/nope`),
          404,
          /No gateway route/,
        ],
      ];
      for (const [send, status, message] of cases) {
        const res = await send();
        expect({ status: res.status, body: res.body }).toEqual({
          status,
          body: expect.objectContaining({
            error: expect.objectContaining({
              message: expect.stringMatching(message),
            }),
          }),
        });
      }
      expect(await usageOf(accessId)).toEqual({ calls: 0, used: 0 });
      // The key still works: nothing above took a call.
      expect((await invoke(key, { input: 'hi' })).status).toBe(200);
    });

    it('answers browsers from any origin, and widget keys only from theirs', async () => {
      const { key } = await world.subscribe('unlimited', {
        kind: 'widget',
        allowedOrigins: ['https://shop.example'],
      });
      const preflight = await listener()
        .options(`${base}/runtime/agents/gateway-bot/invoke`)
        .set('Origin', 'https://shop.example')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization, content-type');
      expect(preflight.status).toBe(204);
      expect(preflight.headers).toMatchObject({
        'access-control-allow-origin': 'https://shop.example',
        'access-control-allow-headers': 'authorization, content-type',
      });
      expect(preflight.headers['access-control-allow-methods']).toContain(
        'POST',
      );

      const allowed = await invoke(key, { input: 'hi' }).set(
        'Origin',
        'https://shop.example',
      );
      expect(allowed.status).toBe(200);
      expect(allowed.headers['access-control-allow-origin']).toBe(
        'https://shop.example',
      );
      const elsewhere = await invoke(key, { input: 'hi' }).set(
        'Origin',
        'https://evil.example',
      );
      expect(elsewhere.status).toBe(403);
      expect(elsewhere.body.error.code).toBe('origin_not_allowed');
    });

    it('serves the OpenAI-compatible API to the official SDK', async () => {
      const { key } = await world.subscribe('unlimited');
      const openai = new OpenAI({
        apiKey: key,
        baseURL: `${world.listenerUrl}${base}/runtime/openai/v1`,
        maxRetries: 0,
      });
      const models = await openai.models.list();
      expect(models.data.map(m => m.id)).toEqual(['gateway-bot']);
      const completion = await openai.chat.completions.create({
        model: 'gateway-bot',
        messages: [{ role: 'user', content: 'What can you do?' }],
      });
      expect(completion.choices[0].message.content).toContain(
        'You said: What can you do?',
      );
    });

    it('serves each agent as an MCP server to the official SDK', async () => {
      const { accessId } = await world.subscribe('unlimited');
      const created = await carol().post(
        `/tenants/${world.tenant.id}/access/${accessId}/keys`,
        { kind: 'mcp' },
      );
      const client = new Client({ name: 'listener-test', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(
          new URL(`${world.listenerUrl}${base}/mcp/agents/gateway-bot`),
          {
            requestInit: {
              headers: { Authorization: `Bearer ${created.body.secret}` },
            },
          },
        ),
      );
      try {
        const { tools } = await client.listTools();
        expect(tools.map(t => t.name)).toEqual(['chat']);
        const result = await client.callTool({
          name: 'chat',
          arguments: { message: 'Hello over MCP' },
        });
        expect(JSON.stringify(result.content)).toContain(
          'You said: Hello over MCP',
        );
      } finally {
        await client.close();
      }
    });
  },
);
