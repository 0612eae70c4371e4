import {
  orderBody,
  publishAgentOffering,
  startTestWorld,
  type AgentOffering,
  type TestWorld,
} from './testUtils';

describe('usage reporting and invoices', () => {
  let world: TestWorld;
  let agent: AgentOffering;
  let resourceUuid: string;

  beforeEach(async () => {
    world = await startTestWorld();
    world.simulator.setNow(new Date('2030-03-10T12:00:00Z'));
    agent = await publishAgentOffering(world);
    const { alice, registry } = world;
    const order = (
      await alice.post(
        '/api/marketplace-orders/',
        orderBody(world, agent, agent.basic),
      )
    ).body;
    resourceUuid = order.marketplace_resource_uuid;
    await registry.post(
      `/api/marketplace-orders/${order.uuid}/approve_by_provider/`,
    );
    await registry.post(
      `/api/marketplace-orders/${order.uuid}/set_state_done/`,
    );
  });

  afterEach(async () => {
    await world.simulator.stop();
  });

  const report = (usages: unknown[], extra: Record<string, unknown> = {}) =>
    world.registry.post('/api/marketplace-component-usages/set_usage/', {
      resource: resourceUuid,
      usages,
      ...extra,
    });

  it('overwrites the month value on repeated set_usage instead of summing', async () => {
    const first = await report([{ type: 'input_tokens', amount: '1000' }]);
    expect(first.status).toBe(201);
    expect(first.text).toBe('');
    await report([{ type: 'input_tokens', amount: '1500.5' }]);

    const usages = await world.registry.get(
      '/api/marketplace-component-usages/',
      {
        query: { resource_uuid: resourceUuid, billing_period: '2030-03-01' },
      },
    );
    expect(usages.body).toHaveLength(1);
    expect(usages.body[0]).toMatchObject({
      type: 'input_tokens',
      usage: '1500.50',
      billing_period: '2030-03-01',
      resource_uuid: resourceUuid,
      offering_uuid: agent.offering.uuid,
    });
    const resource = await world.alice.get(
      `/api/marketplace-resources/${resourceUuid}/`,
    );
    expect(resource.body.current_usages).toEqual({ input_tokens: 1500.5 });
  });

  it('validates components, resource state and decimal places', async () => {
    const fixed = await report([{ type: 'seat', amount: '1' }]);
    expect(fixed.status).toBe(400);
    expect(fixed.body).toEqual({
      non_field_errors: ['These components are invalid: seat.'],
    });

    const precise = await report([{ type: 'input_tokens', amount: '1.234' }]);
    expect(precise.status).toBe(400);
    expect(precise.body).toEqual({
      usages: [
        { amount: ['Ensure that there are no more than 2 decimal places.'] },
      ],
    });

    const missing = await world.registry.post(
      '/api/marketplace-component-usages/set_usage/',
      {
        usages: [],
      },
    );
    expect(missing.body).toEqual({
      non_field_errors: ['Either plan_period or resource should be provided.'],
    });

    const termination = await world.alice.post(
      `/api/marketplace-resources/${resourceUuid}/terminate/`,
    );
    const orderUuid = termination.body.order_uuid;
    await world.registry.post(
      `/api/marketplace-orders/${orderUuid}/approve_by_provider/`,
    );
    // Terminating resources still accept usage; terminated ones do not.
    expect((await report([{ type: 'input_tokens', amount: '5' }])).status).toBe(
      201,
    );
    await world.registry.post(
      `/api/marketplace-orders/${orderUuid}/set_state_done/`,
    );
    const late = await report([{ type: 'input_tokens', amount: '6' }]);
    expect(late.status).toBe(400);
    expect(late.body).toEqual({
      resource: ['Resource is not in valid state.'],
    });
  });

  it('invoices plan prices and usage on the buyer organization', async () => {
    await report([
      { type: 'input_tokens', amount: '1000' },
      { type: 'output_tokens', amount: '300.5' },
    ]);
    await report([
      { type: 'input_tokens', amount: '1500' },
      { type: 'output_tokens', amount: '300.5' },
    ]);
    const invoices = await world.alice.get('/api/invoices/');
    expect(invoices.body).toHaveLength(1);
    const invoice = invoices.body[0];
    expect(invoice).toMatchObject({
      customer: world.demo.buyers[0].customer.url,
      year: 2030,
      month: 3,
      state: 'pending',
    });
    const byType = Object.fromEntries(
      invoice.items.map((item: any) => [
        item.details.offering_component_type,
        item,
      ]),
    );
    // Seat: 10/month from 10 March → 22 of 31 days, rounded up → 0.71 × 10.
    expect(byType.seat).toMatchObject({
      unit: 'month',
      unit_price: '10.0000000000',
      price: 7.1,
    });
    expect(byType.seat.name).toBe('my-agent (Summarizer agent / Basic) / Seat');
    // Usage: overwritten quantity × plan component price.
    expect(byType.input_tokens).toMatchObject({
      name: 'my-agent / Input tokens',
      unit: 'quantity',
      quantity: '1500.0000000000',
      unit_price: '0.0010000000',
      price: 1.5,
      measured_unit: 'tokens',
    });
    expect(byType.output_tokens.price).toBe(0.61); // 0.601 rounded up to cents
    expect(invoice.price).toBe('9.21');
    expect(invoice.total).toBe('9.21');

    // The provider does not see the buyer's invoice; staff does.
    expect((await world.registry.get('/api/invoices/')).body).toEqual([]);
    const items = await world.staff.get('/api/invoice-items/', {
      query: { resource_uuid: resourceUuid, year: '2030', month: '3' },
    });
    expect(items.body).toHaveLength(3);

    // Next month: March is finalized, April gets a full month of the fixed seat.
    world.simulator.setNow(new Date('2030-04-05T00:00:00Z'));
    await report([{ type: 'input_tokens', amount: '100' }]);
    const later = await world.alice.get('/api/invoices/', {
      query: { o: 'month' },
    });
    expect(later.body.map((i: any) => [i.month, i.state])).toEqual([
      [3, 'created'],
      [4, 'pending'],
    ]);
    expect(later.body[0]).toMatchObject({
      invoice_date: '2030-04-01',
      due_date: '2030-05-01',
    });
    expect(later.body[1].price).toBe('10.10');

    // Reporting into an earlier month with `date` updates that month's record.
    await report([{ type: 'input_tokens', amount: '2000' }], {
      date: '2030-03-31T10:00:00Z',
    });
    const march = await world.registry.get(
      '/api/marketplace-component-usages/',
      {
        query: {
          billing_period_year: '2030',
          billing_period_month: '3',
          type: 'input_tokens',
        },
      },
    );
    expect(march.body.map((u: any) => u.usage)).toEqual(['2000.00']);
  });
});
