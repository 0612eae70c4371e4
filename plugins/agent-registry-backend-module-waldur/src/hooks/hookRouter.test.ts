import { startModuleBackend } from '../__testUtils__/testBackend';
import type { WaldurConnector } from '../WaldurConnector';

jest.setTimeout(30_000);

type Env = Awaited<ReturnType<typeof startModuleBackend>>;

describe('Waldur web hooks', () => {
  let env: Env;
  let connector: WaldurConnector;
  let offeringId: string;

  const post = (url: string, body: unknown, contentType = 'application/json') =>
    fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const orderEvent = (
    orderUuid: string,
    eventType = 'marketplace_order_created',
  ) => ({
    created: new Date().toISOString(),
    message: 'Marketplace order has been created.',
    event_type: eventType,
    context: { order_uuid: orderUuid, resource_uuid: 'None' },
  });

  const placeOrder = () => {
    const buyer = env.demo.buyers[0];
    const plan = env.sim.state().plans.find(p => p.backend_id === 'starter')!;
    return env.sim.createOrder({
      user: buyer.user.username,
      offering: offeringId,
      plan: plan.uuid,
      project: buyer.project.uuid,
    });
  };

  const order = (uuid: string) =>
    env.sim.state().orders.find(o => o.uuid === uuid)!;

  /** Lets the simulator's hook deliveries (and the ones they cause) finish. */
  const settle = async () => {
    for (let i = 0; i < 10; i++) {
      const before = env.sim.deliveries().length;
      await env.sim.settled();
      if (env.sim.deliveries().length === before) return;
    }
  };

  beforeEach(async () => {
    env = await startModuleBackend();
    connector = env.connector!;
  });

  afterEach(async () => {
    await env.stop();
  });

  async function startAndPublish() {
    await connector.start(env.registry);
    const agent = env.registry.addAgent();
    offeringId = (await connector.publishAgent(agent)).offeringId;
    await env.registry.setOffering(agent.id, offeringId);
  }

  it('answers 404 to a wrong secret, before reading anything', async () => {
    await startAndPublish();
    const pending = placeOrder();
    for (const url of [
      `${env.baseUrl}/v1/waldur/hooks/wrong-secret`,
      `${env.baseUrl}/v1/waldur/hooks/${'x'.repeat(200)}`,
    ]) {
      expect((await post(url, orderEvent(pending.uuid))).status).toBe(404);
      expect((await post(url, 'not json')).status).toBe(404);
    }
    expect((await post(`${env.baseUrl}/v1/waldur/hooks/`, {})).status).toBe(
      404,
    );
    expect(order(pending.uuid).state).toBe('pending-provider');
  });

  it('answers 400 to malformed deliveries', async () => {
    await startAndPublish();
    for (const body of [
      'not json',
      '[]',
      '{}',
      { event_type: 42 },
      { event_type: 'Robert"); DROP TABLE' },
      { event_type: 'marketplace_order_created', context: [1] },
    ]) {
      const response = await post(env.hookUrl, body);
      expect(response.status).toBe(400);
      expect((await response.json()).error.name).toBe('InputError');
    }
  });

  it('answers 503 until the registry has started the connector', async () => {
    const response = await post(env.hookUrl, orderEvent('a'.repeat(32)));
    expect(response.status).toBe(503);
  });

  it('processes the order a delivery names, re-reading it from Waldur', async () => {
    await startAndPublish();
    const pending = placeOrder();
    const response = await post(env.hookUrl, orderEvent(pending.uuid));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      eventType: 'marketplace_order_created',
      action: 'order',
      outcomes: ['done'],
    });
    expect(order(pending.uuid).state).toBe('done');
    expect(env.registry.accesses.size).toBe(1);
  });

  it('takes forged payloads as hints only: they change nothing', async () => {
    await startAndPublish();
    const pending = placeOrder();
    const writes = () => [...env.registry.writes];
    const before = writes();
    // A done order claimed to be new, an order that does not exist, another provider's
    // order, and events that name nothing.
    await connector.runOrders();
    const afterProcessing = writes();
    expect(afterProcessing.length).toBeGreaterThan(before.length);
    for (const body of [
      orderEvent(pending.uuid),
      orderEvent('0'.repeat(32)),
      {
        event_type: 'marketplace_resource_create_succeeded',
        context: { resource_uuid: '1'.repeat(32) },
      },
      {
        event_type: 'customer_creation_succeeded',
        context: { customer_uuid: env.demo.buyers[1].customer.uuid },
      },
      { event_type: 'role_granted', context: {} },
    ]) {
      expect((await post(env.hookUrl, body)).status).toBe(202);
    }
    expect(writes()).toEqual(afterProcessing);
    expect(env.registry.tenants.size).toBe(1);
  });

  it('handles real deliveries from Waldur, duplicates and out-of-order ones harmlessly', async () => {
    await startAndPublish();
    // A staff-owned hook: Waldur only sends order events to users who can see the buyer side.
    env.sim.registerHook({
      destinationUrl: env.hookUrl,
      eventGroups: ['resources', 'customers', 'projects'],
    });
    const pending = placeOrder();
    await settle();
    expect(order(pending.uuid).state).toBe('done');
    const deliveries = env.sim.deliveries();
    expect(deliveries.length).toBeGreaterThan(1);
    expect(deliveries.every(d => d.status === 202)).toBe(true);

    // Replaying every delivery (duplicates, and the "created" event after "done").
    const writes = [...env.registry.writes];
    for (const delivery of deliveries) {
      const replay = await post(env.hookUrl, delivery.body as string);
      expect(replay.status).toBe(202);
    }
    expect(env.registry.writes).toEqual(writes);
    expect(env.registry.keys).toHaveLength(1);
  });

  it('falls back to the full poll for form-encoded deliveries (no usable context)', async () => {
    await startAndPublish();
    const pending = placeOrder();
    const response = await post(
      env.hookUrl,
      'created=2026-01-01T00%3A00%3A00Z&message=x&event_type=marketplace_order_created&context=order_uuid',
      'application/x-www-form-urlencoded',
    );
    expect(await response.json()).toMatchObject({ action: 'poll' });
    expect(order(pending.uuid).state).toBe('done');
  });

  it('refreshes tenants and projects of organisations that bought, with names from Waldur', async () => {
    await startAndPublish();
    const pending = placeOrder();
    await connector.runOrders();
    expect(order(pending.uuid).state).toBe('done');
    const buyer = env.demo.buyers[0];

    // The buyer renames the project in HomePort; the hook only says which project.
    await fetch(`${env.sim.url}/api/projects/${buyer.project.uuid}/`, {
      method: 'PATCH',
      headers: {
        Authorization: `Token ${buyer.user.token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ name: 'Support bots' }),
    });
    const response = await post(env.hookUrl, {
      event_type: 'project_update_succeeded',
      context: { project_uuid: buyer.project.uuid, project_name: 'forged' },
    });
    expect(await response.json()).toMatchObject({ action: 'project' });
    const project = [...env.registry.projects.values()].find(
      p => p.waldurProjectUuid === buyer.project.uuid,
    )!;
    expect(project.name).toBe('Support bots');

    const tenantResponse = await post(env.hookUrl, {
      event_type: 'customer_update_succeeded',
      context: { customer_uuid: buyer.customer.uuid },
    });
    expect(await tenantResponse.json()).toMatchObject({ action: 'tenant' });

    // An organisation that never bought does not become a tenant.
    const other = await post(env.hookUrl, {
      event_type: 'customer_creation_succeeded',
      context: { customer_uuid: env.demo.buyers[1].customer.uuid },
    });
    expect(await other.json()).toMatchObject({ action: 'ignored' });
    expect(env.registry.tenants.size).toBe(1);
  });
});
