import {
  orderBody,
  publishAgentOffering,
  startReceiver,
  startTestWorld,
  type AgentOffering,
  type Receiver,
  type TestWorld,
} from './testUtils';

describe('web hooks', () => {
  let world: TestWorld;
  let agent: AgentOffering;
  let receiver: Receiver;

  beforeEach(async () => {
    world = await startTestWorld();
    agent = await publishAgentOffering(world);
    receiver = await startReceiver();
  });

  afterEach(async () => {
    await world.simulator.stop();
    await receiver.close();
  });

  const eventsReceived = () =>
    receiver.received.map(call => JSON.parse(call.body).event_type as string);

  it('delivers each event once, unsigned, with the {created, message, context, event_type} payload', async () => {
    const { staff, alice, registry, simulator } = world;
    const hook = await staff.post('/api/hooks-web/', {
      destination_url: receiver.url,
      event_groups: ['resources'],
    });
    expect(hook.status).toBe(201);
    expect(hook.body).toMatchObject({
      hook_type: 'webhook',
      content_type: 'json',
      is_active: true,
    });
    // Groups are expanded into event types when the hook is saved.
    expect(hook.body.event_types).toEqual(
      expect.arrayContaining([
        'marketplace_order_created',
        'marketplace_resource_create_succeeded',
      ]),
    );

    const order = (
      await alice.post(
        '/api/marketplace-orders/',
        orderBody(world, agent, agent.basic),
      )
    ).body;
    await registry.post(
      `/api/marketplace-orders/${order.uuid}/approve_by_provider/`,
    );
    await registry.post(
      `/api/marketplace-orders/${order.uuid}/set_state_done/`,
    );
    await simulator.settled();

    expect(eventsReceived()).toEqual([
      'marketplace_resource_create_requested',
      'marketplace_order_created',
      'marketplace_order_approved',
      'marketplace_order_completed',
      'marketplace_resource_create_succeeded',
    ]);
    for (const call of receiver.received) {
      expect(call.method).toBe('POST');
      expect(call.headers['content-type']).toBe('application/json');
      expect(call.headers.authorization).toBeUndefined();
      expect(
        Object.keys(call.headers).filter(h => /signature|hmac/i.test(h)),
      ).toEqual([]);
      const payload = JSON.parse(call.body);
      expect(Object.keys(payload).sort()).toEqual([
        'context',
        'created',
        'event_type',
        'message',
      ]);
      expect(payload.created).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/,
      );
    }
    const approved = JSON.parse(receiver.received[2].body);
    expect(approved.message).toBe('Marketplace order has been approved.');
    expect(approved.context).toMatchObject({
      order_uuid: order.uuid,
      order_get_state_display: 'executing',
      order_get_type_display: 'Create',
      offering_uuid: agent.offering.uuid,
      resource_uuid: order.marketplace_resource_uuid,
      project_uuid: world.demo.buyers[0].project.uuid,
      customer_uuid: world.demo.buyers[0].customer.uuid,
      plan_uuid: agent.basic.uuid,
      created_by_username: 'alice',
      consumer_reviewed_by_username: 'alice',
      provider_reviewed_by_username: 'agent-registry',
      user_username: 'agent-registry',
      ip_address: expect.any(String),
      // Null relations are rendered as the string "None".
      project_end_date: 'None',
    });
    const created = JSON.parse(receiver.received[4].body);
    expect(created.message).toBe('Resource my-agent has been created.');
    expect(created.context.resource_get_state_display).toBe('OK');

    expect(
      simulator
        .deliveries()
        .every(d => d.status === 200 && d.kind === 'webhook'),
    ).toBe(true);
  });

  it("does not send consumers' order events to a provider owner's hook", async () => {
    const { registry, alice, simulator } = world;
    const providerHook = await startReceiver();
    try {
      await registry.post('/api/hooks-web/', {
        destination_url: providerHook.url,
        event_types: [
          'marketplace_order_created',
          'marketplace_offering_updated',
        ],
      });
      await alice.post('/api/hooks-web/', {
        destination_url: receiver.url,
        event_types: ['marketplace_order_created'],
      });
      await alice.post(
        '/api/marketplace-orders/',
        orderBody(world, agent, agent.basic),
      );
      await registry.post(
        `/api/marketplace-provider-offerings/${agent.offering.uuid}/pause/`,
      );
      await simulator.settled();
      expect(eventsReceived()).toEqual(['marketplace_order_created']);
      expect(
        providerHook.received.map(call => JSON.parse(call.body).event_type),
      ).toEqual(['marketplace_offering_updated']);
    } finally {
      await providerHook.close();
    }
  });

  it('tries exactly once: failed or unreachable receivers are not retried', async () => {
    const failing = await startReceiver(500);
    const { simulator, staff } = world;
    try {
      simulator.registerHook({
        destinationUrl: failing.url,
        eventTypes: ['customer_creation_succeeded'],
      });
      simulator.registerHook({
        destinationUrl: 'http://127.0.0.1:9/unreachable',
        eventTypes: ['customer_creation_succeeded'],
      });
      await staff.post('/api/customers/', { name: 'New org' });
      await simulator.settled();
      await new Promise(resolve => setTimeout(resolve, 100));
      expect(failing.received).toHaveLength(1);
      const deliveries = simulator.deliveries();
      expect(deliveries).toHaveLength(2);
      expect(deliveries.find(d => d.url === failing.url)?.status).toBe(500);
      expect(
        deliveries.find(d => d.url.includes('unreachable'))?.error,
      ).toEqual(expect.any(String));
    } finally {
      await failing.close();
    }
  });

  it('sends form-encoded payloads like requests(data=...) and skips inactive hooks', async () => {
    const { staff, simulator } = world;
    const form = await staff.post('/api/hooks-web/', {
      destination_url: receiver.url,
      event_groups: ['customers', 'projects'],
      content_type: 'form',
    });
    const inactive = await startReceiver();
    try {
      const off = await staff.post('/api/hooks-web/', {
        destination_url: inactive.url,
        event_types: ['customer_creation_succeeded'],
        is_active: false,
      });
      expect(off.body.is_active).toBe(false);
      const customer = (
        await staff.post('/api/customers/', { name: 'Form org' })
      ).body;
      await staff.post('/api/projects/', {
        name: 'Form project',
        customer: customer.url,
      });
      await simulator.settled();
      expect(inactive.received).toEqual([]);
      expect(receiver.received).toHaveLength(2);
      const params = new URLSearchParams(receiver.received[0].body);
      expect(receiver.received[0].headers['content-type']).toBe(
        'application/x-www-form-urlencoded',
      );
      expect(params.get('event_type')).toBe('customer_creation_succeeded');
      expect(params.get('message')).toBe('Customer Form org has been created.');
      // A dict sent with requests(data=...) is iterated: only its keys arrive.
      expect(params.getAll('context')).toEqual(
        expect.arrayContaining(['customer_uuid', 'customer_name']),
      );
      expect(
        new URLSearchParams(receiver.received[1].body).get('event_type'),
      ).toBe('project_creation_succeeded');
    } finally {
      await inactive.close();
      await staff.delete(`/api/hooks-web/${form.body.uuid}/`);
    }
  });

  it('lists events the caller may see in /api/events/', async () => {
    const { alice, bob } = world;
    await alice.post(
      '/api/marketplace-orders/',
      orderBody(world, agent, agent.basic),
    );
    const mine = await alice.get('/api/events/', {
      query: { event_type: 'marketplace_order_created' },
    });
    expect(mine.body).toHaveLength(1);
    expect(mine.body[0].context.created_by_username).toBe('alice');
    const theirs = await bob.get('/api/events/', {
      query: { event_type: 'marketplace_order_created' },
    });
    expect(theirs.body).toEqual([]);
  });
});
