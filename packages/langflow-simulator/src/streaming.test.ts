import { sampleFlows, simpleAgentFlow } from './sampleFlows';
import { startLangflowSimulator, type LangflowSimulator } from './simulator';
import { tokenChunks } from './streaming';
import type { FlowExport, RunResponse, StreamEvent } from './types';

const KEY = 'sk-test';

describe('tokenChunks', () => {
  it.each(['', 'one', ' lead and trail ', 'a\nb  c', '[Flow] You said: ?'])(
    'concatenates back to %j',
    text => {
      expect(tokenChunks(text).join('')).toBe(text);
    },
  );
});

describe('POST /api/v1/run/{flow}?stream=true', () => {
  let sim: LangflowSimulator;

  beforeAll(async () => {
    sim = await startLangflowSimulator({ apiKeys: [KEY], flows: sampleFlows });
  });
  afterAll(() => sim.stop());
  afterEach(() => sim.reset());

  const stream = (flow: string, body: object) =>
    fetch(`${sim.url}/api/v1/run/${flow}?stream=true`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** Splits the body on the documented `JSON + "\n\n"` framing. */
  const events = (body: string): StreamEvent[] => {
    expect(body.endsWith('\n\n')).toBe(true);
    return body
      .slice(0, -2)
      .split('\n\n')
      .map(record => JSON.parse(record));
  };

  it('uses text/event-stream with JSON records, not SSE `data:` lines', async () => {
    const res = await stream('simple-agent', { input_value: 'hi' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'text/event-stream; charset=utf-8',
    );
    expect(res.headers.get('x-langflow-simulator')).toBe('1');
    const body = await res.text();
    expect(body.startsWith('{"event":"add_message"')).toBe(true);
    expect(body).not.toMatch(/^data:/m);
    expect(events(body).length).toBeGreaterThan(4);
  });

  it('emits add_message(user), add_message(AI, ""), tokens, add_message(complete), end', async () => {
    const res = await stream('simple-agent', {
      input_value: 'hi there',
      session_id: 'sess-1',
    });
    const all = events(await res.text());
    const names = all.map(event => event.event);
    expect(names[0]).toBe('add_message');
    expect(names[1]).toBe('add_message');
    expect(names.slice(2, -2).every(name => name === 'token')).toBe(true);
    expect(names.slice(-2)).toEqual(['add_message', 'end']);

    const [user, partial] = all as Array<
      Extract<StreamEvent, { event: 'add_message' }>
    >;
    expect(user.data).toMatchObject({
      sender: 'User',
      sender_name: 'User',
      text: 'hi there',
      session_id: 'sess-1',
      flow_id: simpleAgentFlow.id,
    });
    expect(partial.data).toMatchObject({ sender: 'Machine', text: '' });
    expect(partial.data.properties.state).toBe('partial');

    const tokens = all.filter(
      (event): event is Extract<StreamEvent, { event: 'token' }> =>
        event.event === 'token',
    );
    const text = tokens.map(token => token.data.chunk).join('');
    expect(text).toBe(
      '[Simple Agent] You said: hi there [system: You are a helpful assistant that can use tools to answer questions and perform tasks.] [temperature: 0.1]',
    );
    for (const token of tokens) {
      expect(token.data.id).toBe(partial.data.id);
      expect(token.data.timestamp).toMatch(
        /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
      );
    }

    const complete = all[all.length - 2] as Extract<
      StreamEvent,
      { event: 'add_message' }
    >;
    expect(complete.data).toMatchObject({ id: partial.data.id, text });
    expect(complete.data.properties.state).toBe('complete');
    expect(complete.data.properties.usage).toEqual(
      expect.objectContaining({ total_tokens: expect.any(Number) }),
    );

    const end = all[all.length - 1] as Extract<StreamEvent, { event: 'end' }>;
    expect(end.data.result.session_id).toBe('sess-1');
    expect(end.data.result.outputs[0].outputs[0].messages[0].message).toBe(
      text,
    );
  });

  it('ends with the same result as the non-streaming call', async () => {
    const body = { input_value: 'same?', session_id: 's' };
    const streamed = events(
      await (await stream('basic-prompting', body)).text(),
    );
    const end = streamed[streamed.length - 1] as Extract<
      StreamEvent,
      { event: 'end' }
    >;
    const plain = (await (
      await fetch(`${sim.url}/api/v1/run/basic-prompting`, {
        method: 'POST',
        headers: { 'x-api-key': KEY },
        body: JSON.stringify(body),
      })
    ).json()) as RunResponse;
    // Message ids and timestamps are per run; everything else must match.
    const normalize = (response: RunResponse) =>
      JSON.parse(
        JSON.stringify(response)
          .replace(/"id":"[0-9a-f-]{36}"/g, '"id":"<id>"')
          .replace(/"timestamp":"[^"]*"/g, '"timestamp":"<ts>"'),
      );
    expect(normalize(end.data.result)).toEqual(normalize(plain));
  });

  it('sends no user message for flows without a ChatInput', async () => {
    const textFlow: FlowExport = {
      id: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a',
      name: 'Text only',
      data: {
        nodes: [
          {
            id: 'TextInput-aaaaa',
            data: { type: 'TextInput', node: { template: {} } },
          },
          {
            id: 'TextOutput-bbbbb',
            data: { type: 'TextOutput', node: { template: {} } },
          },
        ],
        edges: [],
      },
    };
    sim.addFlow(textFlow);
    const all = events(
      await (
        await stream(textFlow.id!, { input_value: 'x', output_type: 'text' })
      ).text(),
    );
    expect(all[0]).toMatchObject({
      event: 'add_message',
      data: { sender: 'Machine', text: '' },
    });
    const end = all[all.length - 1] as Extract<StreamEvent, { event: 'end' }>;
    expect(end.data.result.outputs[0].outputs[0]).toMatchObject({
      component_id: 'TextOutput-bbbbb',
      outputs: { text: { message: '[Text only] You said: x', type: 'text' } },
      messages: [],
    });
  });

  it('reports a failing run as an error event on a 200 stream', async () => {
    sim.failNext(1, { message: 'model down' });
    const res = await stream('basic-prompting', { input_value: 'x' });
    expect(res.status).toBe(200);
    const all = events(await res.text());
    expect(all.map(event => event.event)).toEqual(['add_message', 'error']);
    expect(all[1]).toEqual({ event: 'error', data: { error: 'model down' } });
    expect(sim.calls()[0]).toMatchObject({
      status: 200,
      outcome: 'simulated-failure',
      stream: true,
    });
  });

  it('still answers auth and lookup errors as JSON before streaming', async () => {
    const res = await fetch(`${sim.url}/api/v1/run/nope?stream=true`, {
      method: 'POST',
      headers: { 'x-api-key': KEY },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
  });

  it('spaces tokens out with a stream chunk delay', async () => {
    sim.setStreamChunkDelay(20);
    const started = Date.now();
    const all = events(
      await (await stream('basic-prompting', { input_value: 'a b c' })).text(),
    );
    const tokens = all.filter(event => event.event === 'token').length;
    expect(Date.now() - started).toBeGreaterThanOrEqual(tokens * 20 - 5);
  });
});
