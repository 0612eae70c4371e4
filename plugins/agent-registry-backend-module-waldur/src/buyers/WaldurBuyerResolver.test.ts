import { AuthenticationError } from '@backstage/errors';
import {
  seedDemoWorld,
  startWaldurSimulator,
  type DemoWorld,
  type WaldurSimulator,
} from '@cmp/waldur-simulator';
import { randomUUID } from 'node:crypto';
import { WaldurClient } from '../client/WaldurClient';
import { WaldurBuyerResolver } from './WaldurBuyerResolver';

jest.setTimeout(30_000);

describe('buyer sign-in with Waldur tokens', () => {
  let sim: WaldurSimulator;
  let demo: DemoWorld;
  let calls: number;
  let clock: number;

  const resolver = (cacheMs = 60_000) =>
    new WaldurBuyerResolver({
      client: new WaldurClient({
        url: sim.url,
        token: demo.registry.token,
        retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
        fetch: async (input, init) => {
          calls++;
          return fetch(input, init);
        },
      }),
      cacheMs,
      maxEntries: 2,
      now: () => clock,
    });

  beforeEach(async () => {
    sim = await startWaldurSimulator({ seed: randomUUID(), log: () => {} });
    demo = seedDemoWorld(sim);
    calls = 0;
    clock = 1_000_000;
  });

  afterEach(async () => {
    await sim.stop();
  });

  it('maps a buyer token to the organisations the user belongs to', async () => {
    const alice = demo.buyers[0];
    const identity = await resolver().resolve(`Token ${alice.user.token}`);
    expect(identity).toEqual({
      actor: `waldur:user:${alice.user.uuid}`,
      customerIds: [alice.customer.uuid],
    });
  });

  it('includes organisations reached through project roles, once each', async () => {
    const [a, b] = demo.buyers;
    const carol = sim.createUser({
      username: 'carol',
      roles: [
        { scope: 'project', uuid: a.project.uuid, role: 'PROJECT.MEMBER' },
        { scope: 'customer', uuid: b.customer.uuid, role: 'CUSTOMER.OWNER' },
        { scope: 'project', uuid: b.project.uuid, role: 'PROJECT.ADMIN' },
      ],
    });
    const identity = await resolver().resolve(`token ${carol.token}`);
    expect(identity!.customerIds).toEqual(
      [a.customer.uuid, b.customer.uuid].sort(),
    );
  });

  it('leaves other credentials to others', async () => {
    const r = resolver();
    expect(await r.resolve('Bearer ar_abc')).toBeUndefined();
    expect(await r.resolve('Basic Zm9vOmJhcg==')).toBeUndefined();
    expect(await r.resolve('Token')).toBeUndefined();
    expect(calls).toBe(0);
  });

  it('refuses invalid and expired tokens with AuthenticationError', async () => {
    const r = resolver();
    await expect(r.resolve('Token not-a-real-token')).rejects.toThrow(
      AuthenticationError,
    );
    const dave = sim.createUser({ username: 'dave', tokenLifetime: 60 });
    sim.setNow(new Date(Date.now() + 3600_000));
    const error = await r.resolve(`Token ${dave.token}`).catch(e => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe(
      'Waldur did not accept the token: Token has expired.',
    );
  });

  it('caches positive answers briefly, and never failures', async () => {
    const r = resolver(60_000);
    const token = `Token ${demo.buyers[0].user.token}`;
    await r.resolve(token);
    await r.resolve(token);
    expect(calls).toBe(1);

    // While cached, Waldur is not asked (it may even be down).
    await sim.setDown(true, 503);
    expect(await r.resolve(token)).toBeDefined();
    clock += 61_000;
    const down = await r.resolve(token).catch(e => e);
    expect(down.name).toBe('ServiceUnavailableError');
    expect(down).not.toBeInstanceOf(AuthenticationError);
    await sim.setDown(false);

    calls = 0;
    await expect(r.resolve('Token wrong')).rejects.toThrow();
    await expect(r.resolve('Token wrong')).rejects.toThrow();
    expect(calls).toBe(2);
  });

  it('keeps the cache bounded', async () => {
    const r = resolver(60_000);
    const [a, b] = demo.buyers;
    await r.resolve(`Token ${a.user.token}`);
    await r.resolve(`Token ${b.user.token}`);
    await r.resolve(`Token ${demo.staff.token}`);
    calls = 0;
    await r.resolve(`Token ${a.user.token}`); // evicted: asked again
    await r.resolve(`Token ${demo.staff.token}`); // still cached
    expect(calls).toBe(1);
  });
});
