import { startTestWorld, type TestWorld } from './testUtils';

describe('failure injection', () => {
  let world: TestWorld;

  beforeEach(async () => {
    world = await startTestWorld();
  });

  afterEach(async () => {
    await world.simulator.stop();
  });

  it('answers 503 while down and recovers', async () => {
    const { simulator, alice } = world;
    await simulator.setDown(true);
    const down = await alice.get('/api/users/me/');
    expect(down.status).toBe(503);
    expect(down.body.detail).toMatch(/switched down/);
    // The control surface keeps working.
    const state = await fetch(`${simulator.url}/_simulator/state/faults/`);
    expect((await state.json()).down).toBe(503);
    await simulator.setDown(false);
    expect((await alice.get('/api/users/me/')).status).toBe(200);
  });

  it('refuses connections in "refuse" mode and drops them in "reset" mode', async () => {
    const { simulator, alice } = world;
    await simulator.setDown(true, 'refuse');
    const refused = await fetch(`${simulator.url}/api/users/me/`).catch(
      error => error.cause?.code,
    );
    expect(refused).toBe('ECONNREFUSED');
    await simulator.setDown(false);
    expect((await alice.get('/api/users/me/')).status).toBe(200);

    await simulator.setDown(true, 'reset');
    await expect(fetch(`${simulator.url}/api/users/me/`)).rejects.toThrow();
    await simulator.setDown(false);
    expect((await alice.get('/api/users/me/')).status).toBe(200);
  });

  it('comes back up by itself after durationMs', async () => {
    const { simulator, alice } = world;
    await simulator.setDown(true, 'refuse', { durationMs: 50 });
    await expect(fetch(`${simulator.url}/api/users/me/`)).rejects.toThrow();
    await new Promise(resolve => setTimeout(resolve, 150));
    expect((await alice.get('/api/users/me/')).status).toBe(200);
  });

  it('fails the next N matching calls, then answers normally', async () => {
    const { simulator, registry } = world;
    simulator.failNext('/api/marketplace-orders/*', 2, 500);
    simulator.failNext('/api/users/me/', 1, 502, { method: 'POST' });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await registry.get('/api/marketplace-orders/')).status);
    }
    expect(statuses).toEqual([500, 500, 200]);
    // Method-restricted rules leave other methods alone.
    expect((await registry.get('/api/users/me/')).status).toBe(200);
    expect((await registry.get('/api/customers/')).status).toBe(200);
  });

  it('adds latency to matching calls and resets everything', async () => {
    const { simulator, registry } = world;
    simulator.addLatency(120, '/api/customers/');
    let started = Date.now();
    await registry.get('/api/customers/');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    started = Date.now();
    await registry.get('/api/users/me/');
    expect(Date.now() - started).toBeLessThan(110);

    simulator.failNext('*', 5);
    await simulator.reset();
    expect(simulator.state().faults).toEqual({
      down: false,
      failures: [],
      latency: [],
    });
    expect(simulator.state().customers).toEqual([]);
    // Old tokens are gone with the world.
    expect((await registry.get('/api/users/me/')).status).toBe(401);
  });
});
