import { countTokens } from './answer';
import { fingerprintApiKey } from './auth';
import {
  basicPromptingFlow,
  sampleFlows,
  simpleAgentFlow,
  supportAssistantFlow,
} from './sampleFlows';
import { startLangflowSimulator, type LangflowSimulator } from './simulator';
import type { FlowExport, RunResponse, SerializedMessage } from './types';

const KEY = 'sk-test';

describe('POST /api/v1/run/{flow_id_or_name}', () => {
  let sim: LangflowSimulator;

  beforeAll(async () => {
    sim = await startLangflowSimulator({ apiKeys: [KEY], flows: sampleFlows });
  });
  afterAll(() => sim.stop());
  afterEach(() => sim.reset());

  const run = (
    flow: string,
    body: unknown,
    headers: Record<string, string> = { 'x-api-key': KEY },
    query = '',
  ) =>
    fetch(`${sim.url}/api/v1/run/${flow}${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const firstResult = (response: RunResponse) => response.outputs[0].outputs[0];

  describe('authentication', () => {
    it('answers 403 with Langflow detail when the key is missing', async () => {
      const res = await run('basic-prompting', { input_value: 'hi' }, {});
      expect(res.status).toBe(403);
      expect(res.headers.get('x-langflow-simulator')).toBe('1');
      expect(await res.json()).toEqual({
        detail: 'An API key must be passed as query or header',
      });
    });

    it('answers 403 when the key is unknown', async () => {
      const res = await run('basic-prompting', {}, { 'x-api-key': 'sk-wrong' });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({
        detail: 'Invalid or missing API key',
      });
    });

    it('accepts the key as ?x-api-key= query parameter, which wins over the header', async () => {
      const ok = await run('basic-prompting', {}, {}, `?x-api-key=${KEY}`);
      expect(ok.status).toBe(200);
      const bad = await run(
        'basic-prompting',
        {},
        { 'x-api-key': KEY },
        '?x-api-key=sk-wrong',
      );
      expect(bad.status).toBe(403);
    });

    it('lets key-less calls in with skipAuth, but still rejects bad keys', async () => {
      const open = await startLangflowSimulator({
        apiKeys: [KEY],
        skipAuth: true,
        flows: [basicPromptingFlow],
      });
      try {
        const url = `${open.url}/api/v1/run/basic-prompting`;
        expect((await fetch(url, { method: 'POST' })).status).toBe(200);
        const bad = await fetch(url, {
          method: 'POST',
          headers: { 'x-api-key': 'nope' },
        });
        expect(bad.status).toBe(403);
      } finally {
        await open.stop();
      }
    });
  });

  describe('flow lookup', () => {
    it('answers 404 for an unknown endpoint name or id', async () => {
      const res = await run('no-such-flow', {});
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({
        detail: 'Flow identifier no-such-flow not found',
      });
      const byId = await run('00000000-0000-4000-8000-000000000000', {});
      expect(byId.status).toBe(404);
    });

    it('finds a flow by UUID (any case) and by endpoint name', async () => {
      for (const id of [
        basicPromptingFlow.id!,
        basicPromptingFlow.id!.toUpperCase(),
        'basic-prompting',
      ]) {
        const res = await run(id, { input_value: 'x' });
        expect(res.status).toBe(200);
      }
    });

    it('answers 405 for other methods', async () => {
      const res = await fetch(`${sim.url}/api/v1/run/basic-prompting`);
      expect(res.status).toBe(405);
    });
  });

  describe('request validation', () => {
    it('answers 422 with pydantic details for invalid JSON', async () => {
      const res = await run('basic-prompting', '{not json');
      expect(res.status).toBe(422);
      const body = await res.json();
      expect(body.detail[0]).toMatchObject({
        type: 'json_invalid',
        loc: ['body', 1],
        msg: 'JSON decode error',
      });
    });

    it('decodes JSON before checking the key, but checks the key before fields', async () => {
      expect((await run('basic-prompting', '{bad', {})).status).toBe(422);
      expect(
        (await run('basic-prompting', { input_value: 1 }, {})).status,
      ).toBe(403);
      expect((await run('no-such-flow', { input_value: 1 })).status).toBe(404);
      expect(sim.calls()[0].body).toBe('{bad');
    });

    it('answers 422 for wrongly typed fields', async () => {
      const res = await run('basic-prompting', {
        input_value: 42,
        input_type: 'voice',
        tweaks: 'no',
      });
      expect(res.status).toBe(422);
      const { detail } = await res.json();
      expect(detail.map((issue: { loc: string[] }) => issue.loc)).toEqual([
        ['body', 'input_value'],
        ['body', 'input_type'],
        ['body', 'tweaks'],
      ]);
      expect(detail[1].msg).toBe("Input should be 'chat', 'text' or 'any'");
    });

    it('accepts an empty body and ignores unknown fields', async () => {
      expect((await run('basic-prompting', '')).status).toBe(200);
      expect((await run('basic-prompting', { foo: 1 })).status).toBe(200);
    });

    it('answers 400 when input_value clashes with a ChatInput tweak', async () => {
      const res = await run('basic-prompting', {
        input_value: 'a',
        tweaks: { 'ChatInput-jFwUm': { input_value: 'b' } },
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        detail:
          'If you pass an input_value to the chat input, you cannot pass a tweak with the same name.',
      });
    });

    it('takes the input from a ChatInput tweak when no input_value is sent', async () => {
      const res = await run('basic-prompting', {
        tweaks: { 'ChatInput-jFwUm': { input_value: 'from tweak' } },
      });
      const body = (await res.json()) as RunResponse;
      expect(firstResult(body).messages[0].message).toContain(
        'You said: from tweak',
      );
    });
  });

  describe('RunResponse', () => {
    it('fills every documented text path of a model flow', async () => {
      const res = await run('basic-prompting', {
        input_value: 'hello',
        session_id: 'chat-123',
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      const body = (await res.json()) as RunResponse;
      expect(Object.keys(body)).toEqual(['session_id', 'outputs']);
      expect(body.session_id).toBe('chat-123');
      expect(body.outputs[0].inputs).toEqual({ input_value: 'hello' });

      const result = firstResult(body);
      const message = result.results.message as SerializedMessage;
      const text =
        '[Basic Prompting] You said: hello [system: Answer the user as if you were a GenAI expert, enthusiastic about helping them get started building something fresh.] [temperature: 0.1]';
      expect(message.text).toBe(text);
      expect(message.data.text).toBe(text);
      expect(message.text_key).toBe('text');
      expect(message.sender).toBe('Machine');
      expect(message.session_id).toBe('chat-123');
      expect(message.flow_id).toBe(basicPromptingFlow.id);
      expect(message.timestamp).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/,
      );
      expect(message.properties.source).toEqual({
        id: 'OpenAIModel-sz6xc',
        display_name: 'OpenAI',
        source: 'gpt-4o-mini',
      });
      expect(message.properties.icon).toBe('OpenAI');
      expect(result.outputs.message).toEqual({
        message: message.data,
        type: 'message',
      });
      expect(result.messages).toEqual([
        {
          message: text,
          sender: 'Machine',
          sender_name: 'AI',
          session_id: 'chat-123',
          stream_url: null,
          component_id: 'ChatOutput-PdnPu',
          files: [],
          type: 'message',
        },
      ]);
      expect(result.artifacts).toEqual({
        message: text,
        sender: 'Machine',
        sender_name: 'AI',
        files: [],
        type: 'object',
      });
      expect(result).toMatchObject({
        component_id: 'ChatOutput-PdnPu',
        component_display_name: 'Chat Output',
        used_frozen_result: false,
        timedelta: null,
        duration: null,
        logs: { message: [] },
      });
    });

    it('defaults session_id to the flow id', async () => {
      const body = (await (
        await run('simple-agent', {})
      ).json()) as RunResponse;
      expect(body.session_id).toBe(simpleAgentFlow.id);
    });

    it('answers like an agent for Agent flows (plain string output, agent steps)', async () => {
      const body = (await (
        await run('simple-agent', { input_value: 'hi there' })
      ).json()) as RunResponse;
      const result = firstResult(body);
      const message = result.results.message as SerializedMessage;
      expect(result.outputs.message).toEqual({
        message: message.text,
        type: 'text',
      });
      expect(result.messages[0].type).toBe('text');
      expect(message.properties.source).toEqual({
        id: 'Agent-PotPO',
        display_name: 'Agent',
        source: 'gpt-4o-mini',
      });
      expect(message.content_blocks).toEqual([
        expect.objectContaining({
          title: 'Agent Steps',
          contents: [
            expect.objectContaining({ text: '**Input**: hi there' }),
            expect.objectContaining({ text: message.text }),
          ],
        }),
      ]);
    });

    it('reads the model of 1.8+ flows from the unified model field', async () => {
      const body = (await (
        await run('support-assistant', {})
      ).json()) as RunResponse;
      const message = firstResult(body).results.message as SerializedMessage;
      expect(message.properties.source.source).toBe('claude-3-5-haiku-latest');
    });

    it('selects outputs by output_type and output_component', async () => {
      const outputsOf = async (body: object) => {
        const response = (await (
          await run('basic-prompting', body)
        ).json()) as RunResponse;
        return response.outputs[0].outputs.map(result => result.component_id);
      };

      expect(await outputsOf({ output_type: 'chat' })).toEqual([
        'ChatOutput-PdnPu',
      ]);
      expect(await outputsOf({ output_type: 'any' })).toEqual([
        'ChatOutput-PdnPu',
      ]);
      expect(await outputsOf({ output_type: 'text' })).toEqual([]);
      expect(await outputsOf({ output_type: 'debug' })).toEqual([
        'ChatInput-jFwUm',
        'Prompt-tifRl',
        'OpenAIModel-sz6xc',
        'ChatOutput-PdnPu',
      ]);
      expect(
        await outputsOf({ output_component: 'OpenAIModel-sz6xc' }),
      ).toEqual(['OpenAIModel-sz6xc']);
    });
  });

  describe('token usage (Langflow >= 1.9, message properties)', () => {
    it('reports deterministic usage where Langflow puts it', async () => {
      const body = (await (
        await run('support-assistant', { input_value: 'hello' })
      ).json()) as RunResponse;
      const message = firstResult(body).results.message as SerializedMessage;
      const systemPrompt =
        'You are Ada, the friendly support assistant of the Agent Registry. Answer briefly and politely.';
      const input = countTokens(systemPrompt) + countTokens('hello');
      const output = countTokens(message.text);
      const usage = {
        input_tokens: input,
        output_tokens: output,
        total_tokens: input + output,
      };
      expect(message.properties.usage).toEqual(usage);
      expect(message.data.properties.usage).toEqual(usage);
      expect(usage).toEqual({
        input_tokens: 26,
        output_tokens: 40,
        total_tokens: 66,
      });
    });

    it('can report null usage or leave it out like older Langflow', async () => {
      sim.setTokenUsage('null');
      let body = (await (
        await run('basic-prompting', {})
      ).json()) as RunResponse;
      let props = (firstResult(body).results.message as SerializedMessage)
        .properties;
      expect(props.usage).toBeNull();

      sim.setTokenUsage('absent');
      body = (await (await run('basic-prompting', {})).json()) as RunResponse;
      props = (firstResult(body).results.message as SerializedMessage)
        .properties;
      expect('usage' in props).toBe(false);
    });

    it('reports null usage for a flow without a model component', async () => {
      const echo: FlowExport = {
        id: 'f2b7a9e0-1c3d-4e5f-8a9b-0c1d2e3f4a5b',
        name: 'Echo',
        endpoint_name: 'echo',
        data: {
          nodes: basicPromptingFlow.data!.nodes.filter(n =>
            n.data.type.startsWith('Chat'),
          ),
          edges: [],
        },
      };
      sim.addFlow(echo);
      const body = (await (
        await run('echo', { input_value: 'x' })
      ).json()) as RunResponse;
      const message = firstResult(body).results.message as SerializedMessage;
      expect(message.text).toBe('[Echo] You said: x');
      expect(message.properties.usage).toBeNull();
      expect(message.properties.source).toEqual({
        id: null,
        display_name: null,
        source: null,
      });
    });
  });

  describe('tweaks reach the flow', () => {
    const textOf = async (body: object, flow = 'simple-agent') =>
      (
        firstResult((await (await run(flow, body)).json()) as RunResponse)
          .results.message as SerializedMessage
      ).text;

    it('applies a system prompt and temperature tweak by component id', async () => {
      const text = await textOf({
        input_value: 'ahoy',
        tweaks: {
          'Agent-PotPO': {
            system_prompt: 'You are a pirate.',
            temperature: 0.9,
          },
        },
      });
      expect(text).toBe(
        '[Simple Agent] You said: ahoy [system: You are a pirate.] [temperature: 0.9]',
      );
    });

    it('applies tweaks keyed by display name, and bare values to every component', async () => {
      expect(
        await textOf({
          input_value: 'q',
          tweaks: { Agent: { system_prompt: 'Be terse.' } },
        }),
      ).toContain('[system: Be terse.]');
      expect(
        await textOf({ input_value: 'q', tweaks: { temperature: 0.5 } }),
      ).toContain('[temperature: 0.5]');
    });

    it('applies a Prompt template tweak and a model tweak', async () => {
      const res = await run('basic-prompting', {
        input_value: 'hi',
        tweaks: {
          'Prompt-tifRl': { template: 'Speak like Yoda.' },
          'OpenAIModel-sz6xc': { model_name: 'gpt-4o' },
        },
      });
      const message = firstResult((await res.json()) as RunResponse).results
        .message as SerializedMessage;
      expect(message.text).toContain('[system: Speak like Yoda.]');
      expect(message.properties.source.source).toBe('gpt-4o');
    });

    it('ignores tweaks for unknown components and fields', async () => {
      const plain = await textOf({ input_value: 'q' });
      expect(
        await textOf({
          input_value: 'q',
          tweaks: {
            'Nope-1': { system_prompt: 'x' },
            'Agent-PotPO': { nope: 1 },
          },
        }),
      ).toBe(plain);
    });
  });

  describe('failures', () => {
    it('answers 500 with a double-encoded detail', async () => {
      sim.failNext(1, { message: 'OpenAI exploded' });
      const res = await run('basic-prompting', { input_value: 'x' });
      expect(res.status).toBe(500);
      const body = await res.json();
      expect(typeof body.detail).toBe('string');
      expect(JSON.parse(body.detail)).toEqual({
        message: 'OpenAI exploded',
        traceback: null,
        description: null,
        code: null,
        suggestion: null,
      });
      expect((await run('basic-prompting', {})).status).toBe(200);
    });

    it('uses upstream-classified statuses with source "upstream"', async () => {
      sim.failNext(1, { status: 429, message: 'Rate limit reached' });
      const res = await run('basic-prompting', {});
      expect(res.status).toBe(429);
      expect(JSON.parse((await res.json()).detail)).toMatchObject({
        message: 'Rate limit reached',
        source: 'upstream',
      });
    });

    it('fails a flow that has no data', async () => {
      sim.addFlow({
        id: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
        name: 'Empty',
        data: null,
      });
      const res = await run('0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e', {});
      expect(res.status).toBe(500);
      expect(JSON.parse((await res.json()).detail).message).toBe(
        'Flow 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e has no data',
      );
    });
  });

  describe('call recording', () => {
    it('records what arrived, without secrets', async () => {
      await run(
        'support-assistant',
        {
          input_value: 'hello',
          session_id: 's1',
          tweaks: { temperature: 0.3 },
        },
        {
          'x-api-key': KEY,
          'x-langflow-global-var-tenant': 'acme',
          authorization: 'Bearer t',
        },
        '?foo=bar',
      );
      await run('support-assistant', {}, { 'x-api-key': 'sk-wrong' });
      const [ok, rejected] = sim.calls();
      expect(ok).toMatchObject({
        seq: 1,
        method: 'POST',
        path: '/api/v1/run/support-assistant',
        query: { foo: 'bar' },
        flowIdOrName: 'support-assistant',
        flowId: supportAssistantFlow.id,
        flowName: 'Support Assistant',
        stream: false,
        authenticated: true,
        apiKeyFingerprint: fingerprintApiKey(KEY),
        body: {
          input_value: 'hello',
          session_id: 's1',
          tweaks: { temperature: 0.3 },
        },
        tweaks: { temperature: 0.3 },
        sessionId: 's1',
        status: 200,
        outcome: 'success',
        answer: expect.stringContaining('You said: hello'),
        usage: expect.objectContaining({ input_tokens: expect.any(Number) }),
      });
      expect(ok.headers['x-langflow-global-var-tenant']).toBe('acme');
      expect(ok.headers['x-api-key']).toBeUndefined();
      expect(ok.headers.authorization).toBeUndefined();
      expect(rejected).toMatchObject({
        status: 403,
        outcome: 'auth-error',
        authenticated: false,
      });
      expect(JSON.stringify(sim.calls())).not.toContain(KEY);
    });
  });
});
