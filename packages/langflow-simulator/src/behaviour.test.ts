import { Behaviour, seededRandom } from './behaviour';
import { basicPromptingFlow, sampleFlows } from './sampleFlows';
import { startLangflowSimulator, type LangflowSimulator } from './simulator';

const KEY = 'sk-test';

describe('Behaviour', () => {
  it('draws the same failure sequence for the same seed', () => {
    const pattern = (seed: number) => {
      const behaviour = new Behaviour({ failureRate: 0.3, seed });
      return Array.from({ length: 200 }, () =>
        behaviour.failureFor('id', null) ? 1 : 0,
      ).join('');
    };
    expect(pattern(42)).toBe(pattern(42));
    expect(pattern(42)).not.toBe(pattern(43));
    const failures = pattern(42)
      .split('')
      .filter(bit => bit === '1').length;
    expect(failures).toBeGreaterThan(30);
    expect(failures).toBeLessThan(90);
  });

  it('never fails at rate 0 and always at rate 1', () => {
    expect(
      new Behaviour({ failureRate: 0 }).failureFor('id', null),
    ).toBeUndefined();
    expect(new Behaviour({ failureRate: 1 }).failureFor('id', null)).toEqual({
      status: 500,
      message: expect.any(String),
    });
  });

  it('keeps latency jitter within [latency, latency + jitter] and reproducible', () => {
    const a = new Behaviour({ latencyMs: 10, jitterMs: 5, seed: 7 });
    const b = new Behaviour({ latencyMs: 10, jitterMs: 5, seed: 7 });
    const samples = Array.from({ length: 100 }, () => a.nextLatency());
    expect(samples).toEqual(Array.from({ length: 100 }, () => b.nextLatency()));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...samples)).toBeLessThanOrEqual(15);
  });

  it('rejects nonsense settings', () => {
    const behaviour = new Behaviour();
    expect(() => behaviour.setFailureRate(1.5)).toThrow(RangeError);
    expect(() => behaviour.setLatency(-1)).toThrow(RangeError);
    expect(() => behaviour.failNext(1.5)).toThrow(RangeError);
    expect(() => behaviour.failNext(1, { status: 404 as never })).toThrow(
      RangeError,
    );
  });

  it('seededRandom stays within [0, 1)', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 1000; i += 1) {
      const value = random();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});

describe('simulator behaviour over HTTP', () => {
  let sim: LangflowSimulator;

  beforeAll(async () => {
    sim = await startLangflowSimulator({
      apiKeys: [KEY],
      flows: sampleFlows,
      maxCalls: 5,
    });
  });
  afterAll(() => sim.stop());
  afterEach(() => sim.reset());

  const run = (flow = 'basic-prompting') =>
    fetch(`${sim.url}/api/v1/run/${flow}`, {
      method: 'POST',
      headers: { 'x-api-key': KEY },
      body: '{"input_value":"x"}',
    });

  it('waits the configured latency', async () => {
    sim.setLatency(120);
    const started = Date.now();
    expect((await run()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    expect(sim.calls()[0].latencyMs).toBe(120);
  });

  it('answers fast without latency', async () => {
    const started = Date.now();
    for (let i = 0; i < 50; i += 1) {
      expect((await run()).status).toBe(200);
    }
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails exactly the next N runs', async () => {
    sim.failNext(2);
    const statuses = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await run()).status);
    }
    expect(statuses).toEqual([500, 500, 200, 200]);
    expect(sim.behaviour().failNext).toBe(0);
  });

  it('fails reproducibly with a seeded failure rate', async () => {
    const sequence = async () => {
      sim.setFailureRate(0.5, 1234);
      const statuses = [];
      for (let i = 0; i < 20; i += 1) {
        statuses.push((await run()).status);
      }
      return statuses;
    };
    const first = await sequence();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await sequence()).toEqual(first);
  });

  it('fails one flow by endpoint name or id until cleared', async () => {
    sim.setFlowFailure('basic-prompting', {
      status: 502,
      message: 'provider auth failed',
    });
    expect((await run('basic-prompting')).status).toBe(502);
    expect((await run(basicPromptingFlow.id)).status).toBe(502);
    expect((await run('simple-agent')).status).toBe(200);
    sim.setFlowFailure('basic-prompting', false);
    expect((await run('basic-prompting')).status).toBe(200);
  });

  it('answers 503 while down, but keeps the control surface', async () => {
    await sim.setDown(true);
    const res = await run();
    expect(res.status).toBe(503);
    expect((await fetch(`${sim.url}/_simulator/behaviour`)).status).toBe(200);
    await sim.setDown(false);
    expect((await run()).status).toBe(200);
  });

  /** fetch's network error code, e.g. ECONNREFUSED (fetch itself only says "fetch failed"). */
  const networkError = (promise: Promise<unknown>) =>
    promise.then(
      () => 'answered',
      (error: Error & { cause?: { code?: string } }) => error.cause?.code,
    );

  it('drops connections in reset mode', async () => {
    await sim.setDown(true, 'reset');
    expect(await networkError(run())).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    await sim.setDown(false);
    expect((await run()).status).toBe(200);
  });

  it('refuses connections in refuse mode and listens again on the same port', async () => {
    await sim.setDown(true, 'refuse');
    // A pooled keep-alive socket may first report its closing; new ones are refused.
    await networkError(run());
    expect(await networkError(run())).toBe('ECONNREFUSED');
    await sim.setDown(false);
    expect((await run()).status).toBe(200);
  });

  it('keeps only the last maxCalls calls but counts all of them', async () => {
    for (let i = 0; i < 8; i += 1) {
      await run();
    }
    const calls = sim.calls();
    expect(calls.map(call => call.seq)).toEqual([4, 5, 6, 7, 8]);
    expect(sim.calls(2).map(call => call.seq)).toEqual([7, 8]);
    expect(sim.stats()).toMatchObject({
      runCalls: 8,
      runsByStatus: { 200: 8 },
    });
    sim.clearCalls();
    expect(sim.calls()).toEqual([]);
  });

  it('records nothing with maxCalls 0, yet calls onCall', async () => {
    const seen: number[] = [];
    const quiet = await startLangflowSimulator({
      apiKeys: [KEY],
      flows: [basicPromptingFlow],
      maxCalls: 0,
      onCall: call => seen.push(call.status),
    });
    try {
      await fetch(`${quiet.url}/api/v1/run/basic-prompting`, {
        method: 'POST',
        headers: { 'x-api-key': KEY },
      });
      expect(quiet.calls()).toEqual([]);
      expect(seen).toEqual([200]);
      expect(quiet.stats().runCalls).toBe(1);
    } finally {
      await quiet.stop();
    }
  });

  it('swaps API keys at runtime', async () => {
    sim.setApiKeys(['sk-new']);
    expect((await run()).status).toBe(403);
    await sim.reset();
    expect((await run()).status).toBe(200);
  });
});
