import {
  orderBody,
  publishAgentOffering,
  startTestWorld,
  type TestWorld,
} from './testUtils';

describe('lists and representation formats', () => {
  let world: TestWorld;

  beforeAll(async () => {
    world = await startTestWorld();
    for (let i = 0; i < 25; i++)
      world.simulator.createCustomer({
        name: `Org ${String(i).padStart(2, '0')}`,
      });
  });

  afterAll(async () => {
    await world.simulator.stop();
  });

  function links(header: string | null): Record<string, string> {
    return Object.fromEntries(
      (header ?? '').split(', ').map(part => {
        const [, url, rel] = /^<([^>]+)>; rel="(\w+)"$/.exec(part) ?? [];
        return [rel, url];
      }),
    );
  }

  it('pages bare arrays with X-Result-Count and Link headers', async () => {
    const { staff, simulator } = world;
    const total = 25 + 3; // demo world has three organizations
    const first = await staff.get('/api/customers/');
    expect(Array.isArray(first.body)).toBe(true);
    expect(first.body).toHaveLength(10); // default page size
    expect(first.headers.get('x-result-count')).toBe(String(total));
    expect(links(first.headers.get('link'))).toEqual({
      first: `${simulator.url}/api/customers/`,
      next: `${simulator.url}/api/customers/?page=2`,
      last: `${simulator.url}/api/customers/?page=3`,
    });

    const second = await staff.get('/api/customers/', {
      query: { page: '2', o: 'name' },
    });
    expect(links(second.headers.get('link'))).toEqual({
      first: `${simulator.url}/api/customers/?o=name`,
      prev: `${simulator.url}/api/customers/?o=name`,
      next: `${simulator.url}/api/customers/?o=name&page=3`,
      last: `${simulator.url}/api/customers/?o=name&page=3`,
    });

    const last = await staff.get('/api/customers/', {
      query: { page: '3', page_size: '10' },
    });
    expect(last.body).toHaveLength(total - 20);
    expect(links(last.headers.get('link'))).toEqual({
      first: `${simulator.url}/api/customers/?page_size=10`,
      prev: `${simulator.url}/api/customers/?page=2&page_size=10`,
      last: `${simulator.url}/api/customers/?page=3&page_size=10`,
    });

    const all = await staff.get('/api/customers/', {
      query: { page_size: '1000' },
    });
    expect(all.body).toHaveLength(total); // capped at 300, enough here
    expect(links(all.headers.get('link'))).toEqual({
      first: `${simulator.url}/api/customers/?page_size=1000`,
      last: `${simulator.url}/api/customers/?page_size=1000`,
    });

    const beyond = await staff.get('/api/customers/', { query: { page: '9' } });
    expect(beyond.status).toBe(404);
    expect(beyond.body).toEqual({ detail: 'Invalid page.' });

    const head = await staff.head('/api/customers/');
    expect(head.status).toBe(200);
    expect(head.headers.get('x-result-count')).toBe(String(total));
    expect(head.text).toBe('');
  });

  it('orders with o=, filters with repeated keys and selects fields with field=', async () => {
    const { staff } = world;
    const descending = await staff.get('/api/customers/', {
      query: { o: '-name', page_size: '3', field: ['name', 'uuid'] },
    });
    expect(descending.body.map((c: any) => c.name)).toEqual([
      'Org 24',
      'Org 23',
      'Org 22',
    ]);
    expect(Object.keys(descending.body[0]).sort()).toEqual(['name', 'uuid']);

    const exact = await staff.get('/api/customers/', {
      query: { name_exact: 'Org 07' },
    });
    expect(exact.headers.get('x-result-count')).toBe('1');

    const badUuid = await staff.get('/api/customers/', {
      query: { service_provider_uuid: 'nope' },
    });
    expect(badUuid.status).toBe(400);
    expect(badUuid.body).toEqual({
      service_provider_uuid: ['Enter a valid UUID.'],
    });
  });

  it('renders hex UUIDs, absolute URLs, decimal strings and ISO datetimes', async () => {
    const agent = await publishAgentOffering(world);
    const { alice, registry, simulator } = world;
    const order = (
      await alice.post(
        '/api/marketplace-orders/',
        orderBody(world, agent, agent.basic),
      )
    ).body;
    const hex = /^[0-9a-f]{32}$/;
    expect(order.uuid).toMatch(hex);
    expect(order.marketplace_resource_uuid).toMatch(hex);
    expect(order.url).toBe(
      `${simulator.url}/api/marketplace-orders/${order.uuid}/`,
    );
    expect(order.offering).toBe(
      `${simulator.url}/api/marketplace-public-offerings/${agent.offering.uuid}/`,
    );
    expect(order.plan).toBe(
      `${simulator.url}/api/marketplace-public-offerings/${agent.offering.uuid}/plans/${agent.basic.uuid}/`,
    );
    expect(order.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    // Fixed component: seat price 10 × quota 1.
    expect(order.cost).toBe('10.0000000000');

    const plan = (
      await registry.get(`/api/marketplace-plans/${agent.basic.uuid}/`)
    ).body;
    expect(plan.unit_price).toBe('10.0000000000');
    expect(plan.prices).toEqual({
      input_tokens: 0.001,
      output_tokens: 0.002,
      seat: 10,
    });
    expect(
      plan.components.find((c: any) => c.type === 'input_tokens').price,
    ).toBe('0.0010000000');

    // Hyphenated UUIDs are accepted on input; URLs follow the host the client addressed.
    const hyphenated = order.uuid.replace(
      /^(.{8})(.{4})(.{4})(.{4})(.{12})$/,
      '$1-$2-$3-$4-$5',
    );
    const viaAlias = await alice.get(`/api/marketplace-orders/${hyphenated}/`, {
      headers: {
        'X-Forwarded-Host': 'waldur.example.com',
        'X-Forwarded-Proto': 'https',
      },
    });
    expect(viaAlias.body.uuid).toBe(order.uuid);
    expect(viaAlias.body.url).toBe(
      `https://waldur.example.com/api/marketplace-orders/${order.uuid}/`,
    );
  });
});
