import {
  seedDemoWorld,
  startWaldurSimulator,
  type DemoWorld,
  type WaldurSimulator,
} from '@cmp/waldur-simulator';
import { randomUUID } from 'node:crypto';
import {
  formatWaldurError,
  WaldurApiError,
  WaldurUnavailableError,
} from './errors';
import { parseLinkHeader, queryOfUrl } from './paging';
import { WaldurClient } from './WaldurClient';

jest.setTimeout(30_000);

describe('WaldurClient against the Waldur simulator', () => {
  let sim: WaldurSimulator;
  let demo: DemoWorld;
  let requests: { method: string; path: string; status?: number }[];

  const client = (
    options: Partial<ConstructorParameters<typeof WaldurClient>[0]> = {},
  ) =>
    new WaldurClient({
      url: sim.url,
      token: demo.staff.token,
      retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
      fetch: async (input, init) => {
        const request = input as Request;
        const entry = {
          method: request.method,
          path: new URL(request.url).pathname,
          status: undefined as number | undefined,
        };
        requests.push(entry);
        const response = await fetch(input, init);
        entry.status = response.status;
        return response;
      },
      ...options,
    });

  beforeEach(async () => {
    sim = await startWaldurSimulator({ seed: randomUUID(), log: () => {} });
    demo = seedDemoWorld(sim);
    requests = [];
  });

  afterEach(async () => {
    await sim.stop();
  });

  it('sends the token and reads the caller', async () => {
    const me = await client({ token: demo.registry.token }).me();
    expect(me.username).toBe('agent-registry');
    const alice = await client().me(demo.buyers[0].user.token);
    expect(alice.username).toBe('alice');
  });

  it('follows Link rel="next" through every page', async () => {
    for (let i = 0; i < 23; i++) sim.createCustomer({ name: `Org ${i}` });
    const c = client({ pageSize: 5 });
    const providers = await c.listServiceProviders();
    expect(providers).toHaveLength(1);
    requests = [];
    // 23 + the demo world's 3 organisations, 5 per page.
    const all = await (c as any).listAll('/api/customers/', {});
    expect(all).toHaveLength(26);
    expect(new Set(all.map((x: any) => x.uuid)).size).toBe(26);
    expect(requests).toHaveLength(6);
  });

  it('keeps filters on every page (repeated keys included)', async () => {
    for (let i = 0; i < 12; i++) sim.createCustomer({ name: `Paged ${i}` });
    const customers = await (client({ pageSize: 5 }) as any).listAll(
      '/api/customers/',
      { name: 'Paged' },
    );
    expect(customers).toHaveLength(12);
  });

  it('retries 5xx and 429 with backoff, then succeeds', async () => {
    sim.failNext('/api/users/me/', 2, 503);
    const me = await client().me();
    expect(me.username).toBe('staff');
    expect(requests.map(r => r.status)).toEqual([503, 503, 200]);

    requests = [];
    sim.failNext('/api/users/me/', 1, 429);
    await client().me();
    expect(requests.map(r => r.status)).toEqual([429, 200]);
  });

  it('retries a POST with its body intact', async () => {
    sim.failNext('/api/marketplace-provider-offerings/', 1, 502, {
      method: 'POST',
    });
    const offering = await client().createOffering({
      name: 'Retried',
      type: 'Marketplace.Slurm',
      category: demo.category.url,
      customer: demo.provider.customer.url,
    });
    expect(offering.name).toBe('Retried');
    expect(requests.map(r => r.status)).toEqual([502, 201]);
    expect(
      sim.state().offerings.filter(o => o.name === 'Retried'),
    ).toHaveLength(1);
  });

  it('gives up after the configured tries with WaldurUnavailableError', async () => {
    sim.failNext('/api/users/me/', 10, 500);
    const error = await client()
      .me()
      .catch(e => e);
    expect(error).toBeInstanceOf(WaldurUnavailableError);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toMatch(/GET \/api\/users\/me\/ is unavailable/);
    expect(requests).toHaveLength(3);
  });

  it('retries network errors (connections dropped) and recovers', async () => {
    await sim.setDown(true, 'reset', { durationMs: 30 });
    const c = client({
      retry: { attempts: 6, baseDelayMs: 20, maxDelayMs: 40 },
    });
    const me = await c.me();
    expect(me.username).toBe('staff');
    expect(requests.length).toBeGreaterThan(1);
  });

  it('turns a refused connection into WaldurUnavailableError', async () => {
    await sim.setDown(true, 'refuse', { durationMs: 1000 });
    const error = await client()
      .me()
      .catch(e => e);
    expect(error).toBeInstanceOf(WaldurUnavailableError);
    expect(error.message).toMatch(/after 3 tries/);
    await sim.setDown(false);
  });

  it('does not retry 4xx, and maps DRF error bodies to clear messages', async () => {
    const c = client();
    const missing = await c.getOrder('0'.repeat(32)).catch(e => e);
    expect(missing).toBeInstanceOf(WaldurApiError);
    expect(missing.status).toBe(404);
    expect(missing.message).toBe(
      `Waldur GET /api/marketplace-orders/${'0'.repeat(
        32,
      )}/ answered 404: Not found.`,
    );
    expect(requests).toHaveLength(1);

    const invalid = await c
      .createOffering({
        name: 'x',
        type: 'Nope.Type',
        category: demo.category.url,
        customer: demo.provider.customer.url,
      })
      .catch(e => e);
    expect(invalid.status).toBe(400);
    expect(invalid.waldurMessage).toBe('type: Invalid value.');

    const draft = await c.createOffering({
      name: 'x',
      type: 'Marketplace.Slurm',
      category: demo.category.url,
      customer: demo.provider.customer.url,
    });
    const bare = await c.offeringAction(draft.uuid!, 'activate').catch(e => e);
    expect(bare.waldurMessage).toBe('Offering state is invalid.');

    const unauthorized = await client({ token: 'nope' })
      .me()
      .catch(e => e);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.waldurMessage).toBe('Invalid token.');
  });
});

describe('formatWaldurError', () => {
  it('reads every DRF error shape', () => {
    expect(formatWaldurError({ detail: 'Not found.' })).toBe('Not found.');
    expect(
      formatWaldurError({ name: ['This field is required.'], type: ['Bad.'] }),
    ).toBe('name: This field is required.; type: Bad.');
    expect(formatWaldurError({ non_field_errors: ['Nope.'] })).toBe('Nope.');
    expect(formatWaldurError(['Offering state is invalid.'])).toBe(
      'Offering state is invalid.',
    );
    expect(formatWaldurError({ plans: [{ name: ['Too long.'] }, {}] })).toBe(
      'plans.name: Too long.',
    );
    expect(formatWaldurError('<html>Bad gateway</html>', 502)).toBe('HTTP 502');
    expect(formatWaldurError(undefined, 500)).toBe('HTTP 500');
  });
});

describe('Link headers', () => {
  it('parses the relations and the next query', () => {
    const links = parseLinkHeader(
      '<https://w/api/x/?page_size=5>; rel="first", <https://w/api/x/?page=2&page_size=5&state=a&state=b>; rel="next", <https://w/api/x/?page=3&page_size=5>; rel="last"',
    );
    expect(Object.keys(links)).toEqual(['first', 'next', 'last']);
    expect(queryOfUrl(links.next)).toEqual({
      page: '2',
      page_size: '5',
      state: ['a', 'b'],
    });
    expect(parseLinkHeader(null)).toEqual({});
  });
});
