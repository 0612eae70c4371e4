import {
  basicPromptingFlow,
  type LangflowSimulator,
  startLangflowSimulator,
} from '@cmp/langflow-simulator';
import { RuntimeError } from '@cmp/plugin-agent-registry-node';
import net from 'node:net';
import { LangflowRuntime } from './LangflowRuntime';

/** The runtime against the Langflow simulator, over its pooled connections. */
describe('LangflowRuntime', () => {
  let sim: LangflowSimulator;
  let runtime: LangflowRuntime;
  const invocation = (input = 'Hello there', signal?: AbortSignal) => ({
    runtime: {
      type: 'langflow' as const,
      flowId: String(basicPromptingFlow.id),
    },
    flow: basicPromptingFlow as unknown as Record<string, unknown>,
    input,
    sessionId: 'access-1:conv-1',
    config: { persona: { systemPrompt: 'Be brief.' } },
    signal,
  });

  beforeAll(async () => {
    sim = await startLangflowSimulator({
      apiKeys: ['sk-sim'],
      flows: [basicPromptingFlow],
    });
  });
  beforeEach(async () => {
    await sim.reset();
    runtime = new LangflowRuntime({
      baseUrl: sim.url,
      apiKey: 'sk-sim',
      timeoutMs: 1000,
    });
  });
  afterEach(() => runtime.close());
  afterAll(() => sim.stop());

  it('runs the flow with the configuration as tweaks and reports token usage', async () => {
    const result = await runtime.invoke(invocation('Where is my order?'));
    expect(result.text).toContain('You said: Where is my order?');
    expect(result.text).toContain('[system: Be brief.]');
    expect(result.usage).toEqual({
      inputTokens: expect.any(Number),
      outputTokens: expect.any(Number),
    });
    const [call] = sim.calls(1);
    expect(call.sessionId).toBe('access-1:conv-1');
  });

  it('keeps its connections to Langflow alive across calls', async () => {
    // A TCP relay in front of the simulator counts the connections opened.
    let connections = 0;
    const relay = net.createServer(client => {
      connections++;
      const upstream = net.connect(sim.port, sim.host);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>(resolve => relay.listen(0, '127.0.0.1', resolve));
    const { port } = relay.address() as net.AddressInfo;
    const relayed = new LangflowRuntime({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: 'sk-sim',
    });
    try {
      for (let i = 0; i < 20; i++) await relayed.invoke(invocation());
      // undici may open a second one while it settles the first answer.
      expect(connections).toBeLessThanOrEqual(2);
    } finally {
      await relayed.close();
      relay.close();
    }
  });

  it('streams the answer in chunks that add up to the whole text', async () => {
    const chunks: string[] = [];
    const result = await runtime.stream(invocation('Stream it'), chunk =>
      chunks.push(chunk),
    );
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(result.text);
    expect(result.text).toContain('You said: Stream it');
  });

  it("reports Langflow's own error message from a failed run", async () => {
    sim.failNext(1, { message: 'The model provider is out of credit' });
    const error = await runtime.invoke(invocation()).catch(e => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error.message).toContain('The model provider is out of credit');
    expect(error.details).toMatchObject({ status: 500, retryable: true });
  });

  it('says when Langflow refuses the API key', async () => {
    sim.setApiKeys(['another-key']);
    const error = await runtime.invoke(invocation()).catch(e => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error.details).toMatchObject({ status: 403, retryable: false });
  });

  it('says when Langflow cannot be reached', async () => {
    await sim.setDown(true, 'refuse');
    const error = await runtime.invoke(invocation()).catch(e => e);
    await sim.setDown(false);
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error.message).toMatch(/could not be reached/);
  });

  it('gives up after the timeout, and when the caller goes away', async () => {
    sim.setLatency(5000);
    const started = Date.now();
    const late = await runtime.invoke(invocation()).catch(e => e);
    expect(late).toBeInstanceOf(RuntimeError);
    expect(late.message).toBe('Langflow did not answer in time');
    expect(Date.now() - started).toBeLessThan(3000);

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const gone = await runtime
      .invoke(invocation('Hello', controller.signal))
      .catch(e => e);
    expect(gone).toBeInstanceOf(RuntimeError);
  });
});
