import { startWaldurSimulator } from './startWaldurSimulator';
import { ApiClient, startReceiver } from './testUtils';
import type { WaldurSimulator } from './control';

describe('HTTP control surface (/_simulator/)', () => {
  let simulator: WaldurSimulator;

  beforeEach(async () => {
    simulator = await startWaldurSimulator({ seed: 'control', log: () => {} });
  });

  afterEach(async () => {
    await simulator.stop();
  });

  async function control(method: string, path: string, body?: unknown) {
    const response = await fetch(`${simulator.url}/_simulator/${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  it('builds a world the way HomePort users would and reads it back', async () => {
    const world = (await control('POST', 'demo-world/')).body;
    expect(world.category.title).toBe('AI Agents');
    expect(world.buyers).toHaveLength(2);
    expect(world.registry.token).toMatch(/^[0-9a-f]{40}$/);

    const customer = (await control('POST', 'customers/', { name: 'Gamma' }))
      .body;
    const project = (
      await control('POST', 'projects/', {
        customer: customer.uuid,
        name: 'Gamma P',
      })
    ).body;
    const user = await control('POST', 'users/', {
      username: 'gina',
      roles: [
        { scope: 'customer', uuid: customer.uuid, role: 'CUSTOMER.OWNER' },
      ],
    });
    expect(user.status).toBe(201);
    expect(user.body.user.permissions[0]).toMatchObject({
      scope_uuid: customer.uuid,
    });
    const granted = await control('POST', `users/${user.body.uuid}/roles/`, {
      scope: 'project',
      uuid: project.uuid,
      role: 'PROJECT.ADMIN',
    });
    expect(granted.body.user.permissions).toHaveLength(2);
    const provider = await control('POST', 'service-providers/', {
      customer: customer.uuid,
    });
    expect(provider.body.customer_uuid).toBe(customer.uuid);
    const category = await control('POST', 'categories/', { title: 'Tools' });
    expect(category.body.title).toBe('Tools');

    // Publish an offering through the real API as the registry would.
    const registry = new ApiClient(simulator.url, world.registry.token);
    const offering = (
      await registry.post('/api/marketplace-provider-offerings/', {
        name: 'Agent',
        type: 'Marketplace.Slurm',
        category: world.category.url,
        customer: world.provider.customer.url,
        components: [{ type: 'calls', name: 'Calls', billing_type: 'usage' }],
        plans: [
          { name: 'A', unit: 'month' },
          { name: 'B', unit: 'month' },
        ],
      })
    ).body;
    await registry.post(
      `/api/marketplace-provider-offerings/${offering.uuid}/activate/`,
    );

    const order = await control('POST', 'orders/', {
      user: 'alice',
      offering: offering.uuid,
      plan: offering.plans[0].uuid,
      project: world.buyers[0].project.uuid,
      attributes: { name: 'from-homeport' },
    });
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({
      state: 'pending-provider',
      created_by_username: 'alice',
    });
    await registry.post(
      `/api/marketplace-orders/${order.body.uuid}/approve_by_provider/`,
    );
    await registry.post(
      `/api/marketplace-orders/${order.body.uuid}/set_state_done/`,
    );
    const resource = order.body.marketplace_resource_uuid;

    const change = await control('POST', `resources/${resource}/change-plan/`, {
      user: 'alice',
      plan: offering.plans[1].uuid,
    });
    expect(change.body).toMatchObject({
      type: 'Update',
      new_plan_uuid: offering.plans[1].uuid,
    });
    await registry.post(
      `/api/marketplace-orders/${change.body.uuid}/reject_by_provider/`,
    );
    const limits = await control(
      'POST',
      `resources/${resource}/update-limits/`,
      {
        user: 'alice',
        limits: { calls: 10 },
      },
    );
    expect(limits.body).toMatchObject({
      type: 'Update',
      limits: { calls: 10 },
    });
    await registry.post(
      `/api/marketplace-orders/${limits.body.uuid}/reject_by_provider/`,
    );
    const termination = await control(
      'POST',
      `resources/${resource}/terminate/`,
      { user: 'alice' },
    );
    expect(termination.body).toMatchObject({
      type: 'Terminate',
      state: 'pending-provider',
    });

    const member = await control('POST', 'users/', {
      username: 'max',
      roles: [
        {
          scope: 'project',
          uuid: world.buyers[0].project.uuid,
          role: 'PROJECT.MEMBER',
        },
      ],
    });
    const pending = await control('POST', 'orders/', {
      user: member.body.uuid,
      offering: offering.uuid,
      project: world.buyers[0].project.uuid,
    });
    expect(pending.body.state).toBe('pending-consumer');
    const approved = await control(
      'POST',
      `orders/${pending.body.uuid}/approve/`,
      { user: 'alice' },
    );
    expect(approved.body.state).toBe('pending-provider');

    const state = (await control('GET', 'state/')).body;
    expect(state.orders).toHaveLength(5);
    expect(state.offerings[0].uuid).toBe(offering.uuid);
    const orders = await control('GET', 'state/orders/');
    expect(orders.body).toHaveLength(5);
    expect((await control('GET', 'state/nothing/')).status).toBe(404);
  });

  it('registers hook receivers and shows deliveries', async () => {
    const receiver = await startReceiver();
    try {
      const hook = await control('POST', 'hooks/', {
        destinationUrl: receiver.url,
        eventGroups: ['customers'],
      });
      expect(hook.status).toBe(201);
      expect(hook.body.event_types).toContain('customer_creation_succeeded');
      await control('POST', 'customers/', { name: 'Hooked' });
      await simulator.settled();
      const deliveries = (await control('GET', 'deliveries/')).body;
      expect(deliveries).toEqual([
        expect.objectContaining({
          kind: 'webhook',
          url: receiver.url,
          eventType: 'customer_creation_succeeded',
          status: 200,
        }),
      ]);
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('switches the API down, injects faults and latency, moves the clock and resets', async () => {
    const api = new ApiClient(simulator.url);
    expect((await control('POST', 'down/', { down: true })).body).toEqual({
      down: 503,
    });
    expect((await api.get('/api/users/me/')).status).toBe(503);
    expect(
      (await control('POST', 'down/', { down: true, mode: 'refuse' })).status,
    ).toBe(400);
    await control('POST', 'down/', { down: false });
    expect((await api.get('/api/users/me/')).status).toBe(401);

    const faults = await control('POST', 'faults/', {
      pattern: '/api/customers/',
      count: 1,
      status: 504,
    });
    expect(faults.body.failures).toEqual([
      expect.objectContaining({ remaining: 1, status: 504 }),
    ]);
    expect((await api.get('/api/customers/')).status).toBe(504);
    expect((await api.get('/api/customers/')).status).toBe(401);
    const latency = await control('POST', 'latency/', { ms: 5 });
    expect(latency.body.latency).toEqual([{ ms: 5 }]);
    await control('DELETE', 'faults/');
    expect((await control('GET', 'state/faults/')).body).toEqual({
      down: false,
      failures: [],
      latency: [],
    });

    await control('POST', 'clock/', { now: '2031-02-03T04:05:06Z' });
    const customer = (await control('POST', 'customers/', { name: 'Timed' }))
      .body;
    expect(customer.created).toMatch(/^2031-02-03T04:05:0\d\.\d{6}Z$/);
    expect((await control('POST', 'customers/', {})).body).toEqual({
      name: ['This field is required.'],
    });
    expect((await control('POST', 'reset/')).status).toBe(200);
    expect((await control('GET', 'state/customers/')).body).toEqual([]);
  });
});
