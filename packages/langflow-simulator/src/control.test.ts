import { basicPromptingFlow, supportAssistantFlow } from './sampleFlows';
import { startLangflowSimulator, type LangflowSimulator } from './simulator';
import type { FlowRead } from './types';

const KEY = 'sk-test';

describe('/_simulator control surface', () => {
  let sim: LangflowSimulator;

  beforeAll(async () => {
    sim = await startLangflowSimulator({
      apiKeys: [KEY],
      flows: [basicPromptingFlow],
      latencyMs: 1,
    });
  });
  afterAll(() => sim.stop());
  afterEach(() => sim.reset());

  const control = (method: string, route: string, body?: unknown) =>
    fetch(`${sim.url}/_simulator/${route}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const run = () =>
    fetch(`${sim.url}/api/v1/run/basic-prompting`, {
      method: 'POST',
      headers: { 'x-api-key': KEY },
    });

  it('shows and patches the behaviour', async () => {
    expect(await (await control('GET', 'behaviour')).json()).toMatchObject({
      latencyMs: 1,
      failureRate: 0,
      down: false,
      tokenUsage: 'reported',
    });
    const res = await control('PATCH', 'behaviour', {
      latencyMs: 5,
      jitterMs: 2,
      failureRate: 0.25,
      seed: 9,
      failNext: { count: 2, status: 504, message: 'timed out' },
      tokenUsage: 'absent',
      streamChunkDelayMs: 3,
      flowFailures: { 'basic-prompting': true },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      latencyMs: 5,
      jitterMs: 2,
      failureRate: 0.25,
      seed: 9,
      failNext: 2,
      down: false,
      tokenUsage: 'absent',
      streamChunkDelayMs: 3,
      flowFailures: {
        'basic-prompting': {
          status: 500,
          message: 'Simulated component failure injected by langflow-simulator',
        },
      },
    });
    expect((await run()).status).toBe(504);
  });

  it('takes the simulator down and up, and swaps API keys', async () => {
    await control('PATCH', 'behaviour', { down: true });
    expect((await run()).status).toBe(503);
    await control('PATCH', 'behaviour', { down: false, apiKeys: ['sk-other'] });
    expect((await run()).status).toBe(403);
  });

  it('rejects invalid patches with 400', async () => {
    for (const patch of [
      { failureRate: 2 },
      { down: 'refuse' },
      { apiKeys: 'x' },
      { tokenUsage: 'some' },
    ]) {
      const res = await control('PATCH', 'behaviour', patch);
      expect(res.status).toBe(400);
    }
    expect((await control('PATCH', 'behaviour', undefined)).status).toBe(200);
  });

  it('lists and clears recorded calls, and shows stats', async () => {
    await run();
    await run();
    const calls = await (await control('GET', 'calls?limit=1')).json();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      seq: 2,
      status: 200,
      flowName: 'Basic Prompting',
    });
    expect(await (await control('GET', 'stats')).json()).toMatchObject({
      runCalls: 2,
      runsByStatus: { 200: 2 },
    });
    await control('DELETE', 'calls');
    expect(await (await control('GET', 'calls')).json()).toEqual([]);
  });

  it('adds flows without an API key', async () => {
    const res = await control('POST', 'flows', {
      flows: [supportAssistantFlow],
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as FlowRead[])[0].endpoint_name).toBe(
      'support-assistant',
    );
    expect(sim.flows()).toHaveLength(2);
    const invalid = await control('POST', 'flows', { description: 'no name' });
    expect(invalid.status).toBe(400);
    sim.removeFlow('support-assistant');
  });

  it('resets to the start options', async () => {
    sim.setLatency(50);
    sim.failNext(3);
    await run();
    const res = await control('POST', 'reset');
    expect(await res.json()).toMatchObject({ latencyMs: 1, failNext: 0 });
    expect(sim.calls()).toEqual([]);
  });

  it('answers 404 for unknown control routes', async () => {
    const res = await control('GET', 'nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      detail: 'Unknown simulator control route: GET nope',
    });
  });
});
