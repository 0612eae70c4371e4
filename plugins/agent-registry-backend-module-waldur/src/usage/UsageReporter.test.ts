import {
  orderAsAlice,
  startWorld,
  type TestWorld,
} from '../__testUtils__/world';

jest.setTimeout(30_000);

describe('usage reporting to Waldur', () => {
  let world: TestWorld;
  let offeringId: string;

  /** Moves both clocks: Waldur's (billing months) and the registry's. */
  const setNow = (iso: string) => {
    world.clock.now = new Date(iso);
    world.sim.setNow(new Date(iso));
  };

  /** A provisioned access for alice on `plan` (`pro`: 10,000 calls, then 0.01 EUR). */
  async function provision(plan = 'pro') {
    const order = orderAsAlice(world, offeringId, plan);
    await world.connector.runOrders();
    const resource = order.marketplace_resource_uuid;
    return { resource, access: world.registry.accesses.get(resource)! };
  }

  const usages = (resource: string, period?: string) =>
    Object.fromEntries(
      world.sim
        .state()
        .usages.filter(
          u =>
            u.resource_uuid === resource &&
            (!period || u.billing_period === period),
        )
        .map(u => [u.type, u.usage]),
    );

  beforeEach(async () => {
    world = await startWorld();
    setNow('2026-03-10T12:00:00Z');
    offeringId = await world.publish(world.registry.addAgent());
  });

  afterEach(async () => {
    await world.stop();
  });

  it('reports month-to-date calls beyond the included ones and tokens, as Waldur shows them', async () => {
    const { resource, access } = await provision('pro');
    world.registry.addUsage(access.id, '2026-03-02', {
      calls: 6000,
      inputTokens: 120_000,
      outputTokens: 80_000,
    });
    world.registry.addUsage(access.id, '2026-03-09', {
      calls: 4500,
      inputTokens: 1000,
      outputTokens: 500,
    });
    // Last month's calls are not this month's.
    world.registry.addUsage(access.id, '2026-02-27', { calls: 999 });

    expect(await world.connector.runUsage()).toEqual({
      reported: 1,
      unchanged: 0,
      skipped: 0,
      failed: 0,
    });
    expect(usages(resource)).toEqual({
      api_calls: '500.00',
      input_tokens: '121000.00',
      output_tokens: '80500.00',
    });
    expect(world.sim.state().usages[0].billing_period).toBe('2026-03-01');

    // Waldur lists the calls beyond the plan; their price is paid from prepaid credit.
    const invoice = world.sim
      .state()
      .invoices.find(i => i.year === 2026 && i.month === 3)!;
    const calls = invoice.items.find(i =>
      String(i.name).endsWith('/ API calls'),
    )!;
    // Per-call prices are paid from prepaid credit, so Waldur shows the calls at no charge.
    expect(calls).toMatchObject({ quantity: '500.0000000000', price: 0 });
  });

  it('overwrites the month with the new total on each report; unchanged totals are not resent', async () => {
    const { resource, access } = await provision('pro');
    world.registry.addUsage(access.id, '2026-03-02', { calls: 10_100 });
    await world.connector.runUsage();
    expect(usages(resource).api_calls).toBe('100.00');

    expect(await world.connector.runUsage()).toMatchObject({
      reported: 0,
      unchanged: 1,
    });

    world.registry.addUsage(access.id, '2026-03-03', { calls: 200 });
    await world.connector.runUsage();
    await world.connector.runUsage();
    // One record per component and month, holding the latest total (not a sum of reports).
    expect(world.sim.state().usages).toHaveLength(3);
    expect(usages(resource).api_calls).toBe('300.00');
  });

  it('counts yearly plans against the calendar-year quota', async () => {
    setNow('2026-01-10T12:00:00Z');
    // starter yearly: 1,000 calls a month = 12,000 a year included.
    const { resource, access } = await provision('starter:yearly');
    world.registry.addUsage(access.id, '2026-01-15', { calls: 11_000 });
    setNow('2026-02-20T12:00:00Z');
    world.registry.addUsage(access.id, '2026-02-10', { calls: 2000 });
    await world.connector.runUsage();
    expect(usages(resource, '2026-02-01').api_calls).toBe('1000.00');
  });

  it('catches up the previous month after an outage until it closes', async () => {
    setNow('2026-01-20T12:00:00Z');
    const { resource, access } = await provision('pro');
    world.registry.addUsage(access.id, '2026-01-20', { calls: 10_050 });
    await world.connector.runUsage();
    expect(usages(resource, '2026-01-01').api_calls).toBe('50.00');

    // Late January calls, then Waldur is down over the month change.
    world.registry.addUsage(access.id, '2026-01-31', { calls: 25 });
    setNow('2026-02-01T08:00:00Z');
    await world.sim.setDown(true, 503);
    expect(await world.connector.runUsage()).toBeUndefined();
    await world.sim.setDown(false);

    setNow('2026-02-02T09:00:00Z');
    world.registry.addUsage(access.id, '2026-02-01', { calls: 10_001 });
    expect(await world.connector.runUsage()).toMatchObject({ reported: 2 });
    expect(usages(resource, '2026-01-01').api_calls).toBe('75.00');
    expect(usages(resource, '2026-02-01').api_calls).toBe('1.00');

    // After the grace days January is closed: late data is no longer sent.
    setNow('2026-02-04T09:00:00Z');
    world.registry.addUsage(access.id, '2026-01-31', { calls: 5 });
    await world.connector.runUsage();
    expect(usages(resource, '2026-01-01').api_calls).toBe('75.00');
  });

  it('sends the last usage of a resource when its Terminate order is processed', async () => {
    const { resource, access } = await provision('pro');
    world.registry.addUsage(access.id, '2026-03-05', { calls: 10_010 });
    world.sim.terminateResource({
      user: world.demo.buyers[0].user.username,
      resource,
    });
    await world.connector.runOrders();
    expect(usages(resource).api_calls).toBe('10.00');
    // Terminated resources take no more usage; the reporter skips them.
    expect(await world.connector.runUsage()).toMatchObject({
      reported: 0,
      skipped: 1,
    });
  });

  it('reports nothing for accesses of resources it does not see', async () => {
    const { access } = await provision('pro');
    world.registry.accesses.set('f'.repeat(32), {
      ...access,
      id: 'other',
      externalResourceId: 'f'.repeat(32),
    });
    world.registry.addUsage(access.id, '2026-03-05', { calls: 1 });
    expect(await world.connector.runUsage()).toMatchObject({ reported: 1 });
  });
});
