import {
  publishAgentOffering,
  startTestWorld,
  type TestWorld,
} from './testUtils';

describe('request validation', () => {
  let world: TestWorld;

  beforeAll(async () => {
    world = await startTestWorld();
  });

  afterAll(async () => {
    await world.simulator.stop();
  });

  it('answers 400 with DRF field errors for schema violations', async () => {
    const { registry, staff, demo } = world;
    const empty = await registry.post(
      '/api/marketplace-provider-offerings/',
      {},
    );
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({
      category: ['This field is required.'],
      name: ['This field is required.'],
      type: ['This field is required.'],
    });

    const wrong = await registry.post('/api/marketplace-provider-offerings/', {
      name: 'x'.repeat(151),
      type: 'Marketplace.Slurm',
      category: 'not a url',
      customer: demo.provider.customer.url,
      shared: 'yes',
      components: [{ type: 'bad type!', name: 'c', billing_type: 'monthly' }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({
      name: ['Ensure this field has no more than 150 characters.'],
      category: ['Enter a valid URL.'],
      shared: ['Must be a valid boolean.'],
      components: [
        {
          type: ['Enter a valid value.'],
          billing_type: ['"monthly" is not a valid choice.'],
        },
      ],
    });

    const blank = await staff.post('/api/customers/', { name: '' });
    expect(blank.body).toEqual({ name: ['This field may not be blank.'] });
    const nullName = await staff.post('/api/customers/', { name: null });
    expect(nullName.body).toEqual({ name: ['This field may not be null.'] });
    const list = await staff.post('/api/customers/', [1, 2]);
    expect(list.body).toEqual({
      non_field_errors: ['Invalid data. Expected a dictionary, but got list.'],
    });
  });

  it('checks hyperlinked relations like DRF', async () => {
    const { registry, demo, alice, simulator } = world;
    const agent = await publishAgentOffering(world);
    const providerUrl = await alice.post('/api/marketplace-orders/', {
      offering: agent.offering.url, // provider URL, orders need the public one
      project: demo.buyers[0].project.url,
    });
    expect(providerUrl.body).toEqual({
      offering: ['Invalid hyperlink - Incorrect URL match.'],
    });
    const unknown = await alice.post('/api/marketplace-orders/', {
      offering: `${simulator.url}/api/marketplace-public-offerings/${'0'.repeat(
        32,
      )}/`,
      project: demo.buyers[0].project.url,
    });
    expect(unknown.body).toEqual({
      offering: ['Invalid hyperlink - Object does not exist.'],
    });
    const nowhere = await registry.post('/api/marketplace-plans/', {
      name: 'x',
      offering: 'http://elsewhere/api/nothing/',
    });
    expect(nowhere.body).toEqual({
      offering: ['Invalid hyperlink - No URL match.'],
    });
  });

  it('rejects unparsable bodies and unsupported media types', async () => {
    const { staff } = world;
    const broken = await staff.request('POST', '/api/customers/', {
      rawBody: '{"name":',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.detail).toMatch(/^JSON parse error - /);
    const text = await staff.request('POST', '/api/customers/', {
      rawBody: 'name=x',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(text.body).toEqual({
      detail: 'Unsupported media type "text/plain" in request.',
    });
  });

  it('answers 404 for unknown paths and 405 for unsupported methods', async () => {
    const { staff } = world;
    expect((await staff.get('/api/nothing-here/')).status).toBe(404);
    const method = await staff.request('PATCH', '/api/marketplace-orders/');
    expect(method.status).toBe(405);
    expect(method.body).toEqual({ detail: 'Method "PATCH" not allowed.' });
    expect(method.headers.get('allow')).toContain('GET');
  });

  it('ignores read-only and unknown input fields', async () => {
    const { staff } = world;
    const created = await staff.post('/api/customers/', {
      name: 'Org',
      uuid: 'f'.repeat(32),
      invented: true,
    });
    expect(created.status).toBe(201);
    expect(created.body.uuid).not.toBe('f'.repeat(32));
    expect(created.body).not.toHaveProperty('invented');
  });
});
