import { TestDatabases } from '@backstage/backend-test-utils';
import type { AddressInfo } from 'node:net';
import OpenAI, { type APIError } from 'openai';
import { createPublishedAgent } from '../__testUtils__/fixtures';
import { startGatewayWorld } from '../__testUtils__/gatewayWorld';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

type World = Awaited<ReturnType<typeof startGatewayWorld>>;

describe.each(databases.eachSupportedId())(
  'OpenAI-compatible surface (official openai SDK) on %p',
  databaseId => {
    let world: World;
    let baseURL: string;
    const carol = () => world.registry.as('user:default/carol');
    /** The SDK pointed at the registry, without retries so counts stay exact. */
    const openai = (apiKey: string) =>
      new OpenAI({ apiKey, baseURL, maxRetries: 0 });

    /** The error a promise rejects with (fails if it resolves). */
    const failureOf = async (promise: Promise<unknown>) => {
      const outcome = await promise.then(
        () => ({ resolved: true as const }),
        (error: unknown) => ({ resolved: false as const, error }),
      );
      if (outcome.resolved) throw new Error('expected the call to fail');
      return outcome.error;
    };

    beforeAll(async () => {
      world = await startGatewayWorld(await databases.init(databaseId));
      const { port } = world.registry.backend.server.address() as AddressInfo;
      baseURL = `http://localhost:${port}/api/agent-registry/v1/runtime/openai/v1`;
    });
    afterAll(() => world.stop());

    it("answers a chat completion with the agent's answer and token usage", async () => {
      const { key } = await world.subscribe('unlimited');
      const completion = await openai(key).chat.completions.create({
        model: 'gateway-bot',
        messages: [{ role: 'user', content: 'What can you do?' }],
      });

      expect(completion.object).toBe('chat.completion');
      expect(completion.model).toBe('gateway-bot');
      expect(completion.id).toMatch(/^chatcmpl-/);
      expect(completion.choices).toHaveLength(1);
      const [choice] = completion.choices;
      expect(choice.finish_reason).toBe('stop');
      expect(choice.message.role).toBe('assistant');
      const content = choice.message.content!;
      expect(content).toContain('You said: What can you do?');
      expect(content).toContain('[system: Be brief.]');
      expect(content).toContain('[temperature: 0.7]');

      // The tokens are the ones the runtime reported.
      const [call] = world.sim.calls(1);
      expect(call.answer).toBe(content);
      expect(completion.usage).toEqual({
        prompt_tokens: call.usage!.input_tokens,
        completion_tokens: call.usage!.output_tokens,
        total_tokens: call.usage!.total_tokens,
      });
      expect(completion.usage!.prompt_tokens).toBeGreaterThan(0);
      expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
    });

    it('sends the last user message to the agent; system and assistant messages do not change the input', async () => {
      const { key } = await world.subscribe('unlimited');
      const client = openai(key);
      const full = await client.chat.completions.create({
        model: 'gateway-bot',
        messages: [
          { role: 'system', content: 'You are a cat. Only say meow.' },
          { role: 'user', content: 'An earlier question' },
          { role: 'assistant', content: 'An earlier answer' },
          { role: 'user', content: 'The latest question' },
          { role: 'assistant', content: 'A trailing assistant turn' },
        ],
      });
      const [call] = world.sim.calls(1);
      expect(call.body).toMatchObject({ input_value: 'The latest question' });
      expect(JSON.stringify(call)).not.toContain('meow');
      expect(JSON.stringify(call)).not.toContain('An earlier');

      const alone = await client.chat.completions.create({
        model: 'gateway-bot',
        messages: [{ role: 'user', content: 'The latest question' }],
      });
      expect(full.choices[0].message.content).toBe(
        alone.choices[0].message.content,
      );
      // The agent's own persona applies, not the caller's system message.
      expect(full.choices[0].message.content).toContain('[system: Be brief.]');
    });

    it('streams chat.completion.chunk deltas that add up to the non-streamed answer', async () => {
      const { key } = await world.subscribe('unlimited');
      const client = openai(key);
      const messages = [
        { role: 'user' as const, content: 'Please stream a long answer' },
      ];

      const stream = await client.chat.completions.create({
        model: 'gateway-bot',
        messages,
        stream: true,
      });
      const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);

      const plain = await client.chat.completions.create({
        model: 'gateway-bot',
        messages,
      });
      const deltas = chunks.map(c => c.choices[0]?.delta?.content ?? '');
      expect(deltas.filter(Boolean).length).toBeGreaterThan(1);
      expect(deltas.join('')).toBe(plain.choices[0].message.content);
      for (const chunk of chunks) {
        expect(chunk.object).toBe('chat.completion.chunk');
        expect(chunk.model).toBe('gateway-bot');
      }
      expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe('stop');
      expect(
        chunks.slice(0, -1).every(c => c.choices[0].finish_reason === null),
      ).toBe(true);

      // On the wire, the stream ends with the `[DONE]` sentinel.
      const raw = await fetch(`${baseURL}/chat/completions`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${key}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ model: 'gateway-bot', messages, stream: true }),
      });
      expect(raw.status).toBe(200);
      expect(raw.headers.get('content-type')).toContain('text/event-stream');
      expect(await raw.text()).toMatch(/data: \[DONE\]\n\n$/);
    });

    it('lists the agent as the only model', async () => {
      const { key } = await world.subscribe('unlimited');
      const page = await openai(key).models.list();
      expect(page.data).toEqual([
        expect.objectContaining({
          id: 'gateway-bot',
          object: 'model',
          owned_by: 'agent:default/gateway-bot',
          created: expect.any(Number),
        }),
      ]);
      const ids: string[] = [];
      for await (const model of openai(key).models.list()) ids.push(model.id);
      expect(ids).toEqual(['gateway-bot']);
    });

    it('surfaces a bad key as AuthenticationError (401)', async () => {
      const { key } = await world.subscribe('unlimited');
      const forged = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
      for (const bad of ['not-a-key', forged]) {
        const error = await failureOf(
          openai(bad).chat.completions.create({
            model: 'gateway-bot',
            messages: [{ role: 'user', content: 'hi' }],
          }),
        );
        expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
        expect(error).toBeInstanceOf(OpenAI.APIError);
        expect((error as APIError).status).toBe(401);
        expect((error as APIError).code).toBe('key_malformed');
      }
      const models = await failureOf(openai('not-a-key').models.list());
      expect(models).toBeInstanceOf(OpenAI.AuthenticationError);
    });

    it('surfaces an exhausted quota as RateLimitError (429)', async () => {
      const { key, accessId } = await world.subscribe('tiny');
      const client = openai(key);
      const ask = () =>
        client.chat.completions.create({
          model: 'gateway-bot',
          messages: [{ role: 'user', content: 'hi' }],
        });
      for (let i = 0; i < 3; i++) await ask();
      const error = await failureOf(ask());
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      const apiError = error as APIError;
      expect(apiError.status).toBe(429);
      expect(apiError.code).toBe('quota_exhausted');
      expect(Number(apiError.headers?.get('retry-after'))).toBeGreaterThan(0);

      // Streaming is refused the same way, before any event is sent.
      const streamed = await failureOf(
        client.chat.completions.create({
          model: 'gateway-bot',
          messages: [{ role: 'user', content: 'hi' }],
          stream: true,
        }),
      );
      expect(streamed).toBeInstanceOf(OpenAI.RateLimitError);

      const usage = await carol().get(`/tenants/${world.tenant.id}/usage`);
      expect(
        usage.body.quotas.find((q: any) => q.accessId === accessId),
      ).toMatchObject({ used: 3, quota: 3 });
    });

    it("surfaces a model that is not the key's agent as PermissionDeniedError (403)", async () => {
      await createPublishedAgent(world.registry, 'other-bot');
      const { key } = await world.subscribe('unlimited');
      const simCalls = world.sim.stats().runCalls;
      for (const model of ['other-bot', 'no-such-agent']) {
        const error = await failureOf(
          openai(key).chat.completions.create({
            model,
            messages: [{ role: 'user', content: 'hi' }],
          }),
        );
        expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
        expect((error as APIError).status).toBe(403);
        expect((error as APIError).code).toBe('key_wrong_agent');
      }
      expect(world.sim.stats().runCalls).toBe(simCalls);
    });

    it('replays the first answer for a repeated Idempotency-Key and counts it once', async () => {
      const { key, accessId } = await world.subscribe('tiny');
      const client = openai(key);
      const simCalls = world.sim.stats().runCalls;
      const ask = (content: string) =>
        client.chat.completions.create(
          { model: 'gateway-bot', messages: [{ role: 'user', content }] },
          { headers: { 'Idempotency-Key': 'openai-retry-1' } },
        );
      const first = await ask('only once');
      const again = await ask('only once');
      expect(again.id).toBe(first.id);
      expect(again.choices[0].message.content).toBe(
        first.choices[0].message.content,
      );
      expect(again.usage).toEqual(first.usage);
      expect(world.sim.stats().runCalls).toBe(simCalls + 1);

      const usage = await carol().get(`/tenants/${world.tenant.id}/usage`);
      expect(
        usage.body.quotas.find((q: any) => q.accessId === accessId),
      ).toMatchObject({ used: 1, quota: 3 });
      expect(
        usage.body.days
          .filter((d: any) => d.accessId === accessId)
          .reduce((n: number, d: any) => n + d.calls, 0),
      ).toBe(1);

      // A new key is a new call.
      const other = await client.chat.completions.create(
        {
          model: 'gateway-bot',
          messages: [{ role: 'user', content: 'only once' }],
        },
        { headers: { 'Idempotency-Key': 'openai-retry-2' } },
      );
      expect(other.id).not.toBe(first.id);
      expect(world.sim.stats().runCalls).toBe(simCalls + 2);
    });
  },
);
