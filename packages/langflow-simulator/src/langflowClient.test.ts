import { LangflowClient } from '@datastax/langflow-client';
import {
  LangflowError,
  LangflowRequestError,
} from '@datastax/langflow-client/errors';
import type { StreamEvent as ClientStreamEvent } from '@datastax/langflow-client/flow';
import { sampleFlows, simpleAgentFlow } from './sampleFlows';
import { startLangflowSimulator, type LangflowSimulator } from './simulator';
import type { TokenUsage } from './types';

/*
 * Compatibility with the real client the registry uses,
 * @datastax/langflow-client 0.4.1 (doc section 5).
 */

const KEY = 'sk-client';

describe('@datastax/langflow-client against the simulator', () => {
  let sim: LangflowSimulator;
  let client: LangflowClient;

  beforeAll(async () => {
    sim = await startLangflowSimulator({ apiKeys: [KEY], flows: sampleFlows });
    client = new LangflowClient({ baseUrl: sim.url, apiKey: KEY });
  });
  afterAll(() => sim.stop());
  afterEach(() => sim.reset());

  const usageOf = (outputs: Array<{ outputs: any[] }>): TokenUsage =>
    outputs[0].outputs[0].results.message.properties.usage;

  it('runs a flow: chat output text, session id and token usage', async () => {
    const response = await client
      .flow('basic-prompting')
      .tweak('OpenAIModel-sz6xc', { temperature: 0.4 })
      .run('hello from the client', { session_id: 'conv-1' });

    expect(response.sessionId).toBe('conv-1');
    expect(response.chatOutputText()).toBe(
      '[Basic Prompting] You said: hello from the client [system: Answer the user as if you were a GenAI expert, enthusiastic about helping them get started building something fresh.] [temperature: 0.4]',
    );
    expect(usageOf(response.outputs)).toEqual({
      input_tokens: expect.any(Number),
      output_tokens: expect.any(Number),
      total_tokens: expect.any(Number),
    });

    const [call] = sim.calls();
    expect(call.headers['user-agent']).toMatch(
      /^@datastax\/langflow-client\/0\.4\.1 /,
    );
    expect(call.body).toEqual({
      input_type: 'chat',
      output_type: 'chat',
      input_value: 'hello from the client',
      tweaks: { 'OpenAIModel-sz6xc': { temperature: 0.4 } },
      session_id: 'conv-1',
    });
  });

  it('reads the plain-string output of an agent flow', async () => {
    const response = await client.flow(simpleAgentFlow.id!).run('hi');
    expect(response.sessionId).toBe(simpleAgentFlow.id);
    expect(response.chatOutputText()).toMatch(
      /^\[Simple Agent\] You said: hi /,
    );
  });

  it('streams: add_message, token and end events parsed by the client', async () => {
    const stream = await client.flow('support-assistant').stream('stream me');
    const events: ClientStreamEvent[] = [];
    for await (const event of stream) {
      events.push(event);
    }
    const names = events.map(event => event.event);
    expect(names[0]).toBe('add_message');
    expect(names).toContain('token');
    expect(names[names.length - 1]).toBe('end');

    const text = events
      .flatMap(event => (event.event === 'token' ? [event.data.chunk] : []))
      .join('');
    const end = events[events.length - 1];
    if (end.event !== 'end') {
      throw new Error('stream did not end with an end event');
    }
    const result = end.data.result.outputs[0].outputs[0] as any;
    expect(result.outputs.message.message.text).toBe(text);
    expect(
      usageOf(end.data.result.outputs as any).total_tokens,
    ).toBeGreaterThan(0);
  });

  it('surfaces a failing run as LangflowError with the double-encoded detail', async () => {
    sim.failNext(1, { message: 'LLM provider exploded' });
    const error = await client
      .flow('basic-prompting')
      .run('boom')
      .catch(e => e);
    expect(error).toBeInstanceOf(LangflowError);
    expect(error.message).toBe('500 - Internal Server Error');
    const body = await error.cause.json();
    expect(JSON.parse(body.detail)).toMatchObject({
      message: 'LLM provider exploded',
    });
  });

  it('surfaces auth and lookup errors as LangflowError', async () => {
    const stranger = new LangflowClient({
      baseUrl: sim.url,
      apiKey: 'sk-nope',
    });
    const forbidden = await stranger
      .flow('basic-prompting')
      .run('x')
      .catch(e => e);
    expect(forbidden).toBeInstanceOf(LangflowError);
    expect(forbidden.message).toBe('403 - Forbidden');
    expect(await forbidden.cause.json()).toEqual({
      detail: 'Invalid or missing API key',
    });

    const missing = await client
      .flow('unknown')
      .stream('x')
      .catch(e => e);
    expect(missing).toBeInstanceOf(LangflowError);
    expect(missing.message).toBe('404 - Not Found');
  });

  it('surfaces an outage as LangflowRequestError', async () => {
    await sim.setDown(true, 'reset');
    const error = await client
      .flow('basic-prompting')
      .run('x')
      .catch(e => e);
    expect(error).toBeInstanceOf(LangflowRequestError);
  });
});
