import { startWorld, type TestWorld } from '../__testUtils__/world';

jest.setTimeout(30_000);

describe('publishing agents as Waldur offerings', () => {
  let world: TestWorld;

  beforeEach(async () => {
    world = await startWorld();
  });

  afterEach(async () => {
    await world.stop();
  });

  const offerings = () => world.sim.state().offerings;
  const plansOf = (uuid: string) =>
    world.sim
      .state()
      .plans.filter(p => String(p.offering).includes(`/${uuid}/`));

  it('creates an active site-agent offering with usage components and priced plans', async () => {
    const agent = world.registry.addAgent();
    const { offeringId } = await world.connector.publishAgent(agent);

    const offering = offerings().find(o => o.uuid === offeringId)!;
    expect(offering).toMatchObject({
      name: 'Support Assistant',
      description: 'Answers questions about orders.',
      type: 'Marketplace.Slurm',
      state: 'Active',
      category_uuid: world.demo.category.uuid,
      customer_uuid: world.demo.provider.customer.uuid,
      backend_id: `agent-registry-test:agent:${agent.id}`,
      shared: true,
      billable: true,
    });
    expect(offering.getting_started).toContain(
      'https://portal.example.com/api/agent-registry/v1/runtime/agents/',
    );
    expect(
      offering.components.map(c => [c.type, c.billing_type, c.measured_unit]),
    ).toEqual([
      ['subscription', 'fixed', 'month'],
      ['api_calls', 'usage', 'calls'],
      ['input_tokens', 'usage', 'tokens'],
      ['output_tokens', 'usage', 'tokens'],
    ]);

    const plans = plansOf(offeringId);
    expect(
      plans.map(p => [p.backend_id, p.name, p.unit, p.prices, p.quotas]),
    ).toEqual([
      [
        'starter',
        'Starter',
        'month',
        { subscription: 19, api_calls: 0, input_tokens: 0, output_tokens: 0 },
        { subscription: 1, api_calls: 0, input_tokens: 0, output_tokens: 0 },
      ],
      [
        'starter:yearly',
        'Starter (yearly)',
        'month',
        // 190.00 a year as 12 monthly payments.
        {
          subscription: 15.83,
          api_calls: 0,
          input_tokens: 0,
          output_tokens: 0,
        },
        { subscription: 1, api_calls: 0, input_tokens: 0, output_tokens: 0 },
      ],
      [
        'pro',
        'Pro',
        'month',
        {
          subscription: 79,
          api_calls: 0,
          input_tokens: 0,
          output_tokens: 0,
        },
        { subscription: 1, api_calls: 0, input_tokens: 0, output_tokens: 0 },
      ],
    ]);
    expect(plans[0].description).toBe(
      '19.00 EUR per month. 1000 calls per month included.',
    );
    expect(plans[2].description).toBe(
      '79.00 EUR per month. 10000 calls per month included; further calls cost 0.01 EUR each.',
    );
  });

  it('updates the same offering when published again: texts, prices, new and removed plans', async () => {
    const agent = world.registry.addAgent();
    const offeringId = await world.publish(agent);
    const planUuids = plansOf(offeringId).map(p => p.uuid);

    // Nothing changed: publishing again is a no-op on Waldur.
    const eventsBefore = world.sim.state().events.length;
    expect(
      (await world.connector.publishAgent(world.registry.agents.get(agent.id)!))
        .offeringId,
    ).toBe(offeringId);
    expect(world.sim.state().events.length).toBe(eventsBefore);

    world.registry.updateAgent(agent.id, {
      title: 'Support Assistant 2',
      plans: [
        {
          ...agent.plans[1],
          prices: { monthly: '89.00', perCall: '0.02' },
        },
        {
          name: 'enterprise',
          title: 'Enterprise',
          tier: 'enterprise',
          currency: 'EUR',
          prices: { monthly: '399.00' },
        },
      ],
    });
    expect(await world.publish(agent)).toBe(offeringId);

    expect(offerings()).toHaveLength(1);
    expect(offerings()[0].name).toBe('Support Assistant 2');
    const plans = plansOf(offeringId);
    const byId = Object.fromEntries(plans.map(p => [p.backend_id, p]));
    expect(byId.starter.archived).toBe(true);
    expect(byId['starter:yearly'].archived).toBe(true);
    expect(byId.pro.archived).toBe(false);
    expect(byId.pro.uuid).toBe(planUuids[2]);
    expect(byId.pro.prices).toMatchObject({
      subscription: 89,
      api_calls: 0,
    });
    expect(byId.enterprise).toMatchObject({
      archived: false,
      name: 'Enterprise',
    });
    expect(byId.enterprise.description).toBe(
      '399.00 EUR per month. Unlimited calls.',
    );

    // A plan coming back is un-archived, not duplicated.
    world.registry.updateAgent(agent.id, { plans: agent.plans });
    await world.publish(agent);
    const again = plansOf(offeringId);
    expect(again.filter(p => p.backend_id === 'starter')).toHaveLength(1);
    expect(again.find(p => p.backend_id === 'starter')!.archived).toBe(false);
  });

  it('finds its offering by backend id when the registry lost the uuid', async () => {
    const agent = world.registry.addAgent();
    const offeringId = await world.publish(agent);
    await world.registry.setOffering(agent.id, null);
    const { offeringId: again } = await world.connector.publishAgent(
      world.registry.agents.get(agent.id)!,
    );
    expect(again).toBe(offeringId);
    expect(offerings()).toHaveLength(1);
  });

  it('pauses, resumes and archives; an archived offering is replaced on the next publish', async () => {
    const agent = world.registry.addAgent();
    const offeringId = await world.publish(agent);
    const current = () => world.registry.agents.get(agent.id)!;

    await world.connector.unpublishAgent(current(), 'pause');
    expect(offerings()[0].state).toBe('Paused');
    await world.connector.unpublishAgent(current(), 'pause');
    expect(offerings()[0].state).toBe('Paused');

    expect(await world.publish(agent)).toBe(offeringId);
    expect(offerings()[0].state).toBe('Active');

    await world.connector.unpublishAgent(current(), 'archive');
    await world.connector.unpublishAgent(current(), 'archive');
    expect(offerings()[0].state).toBe('Archived');

    const replacement = await world.publish(agent);
    expect(replacement).not.toBe(offeringId);
    expect(
      offerings()
        .map(o => o.state)
        .sort(),
    ).toEqual(['Active', 'Archived']);
  });

  it('refuses agents Waldur cannot sell', async () => {
    const noPlans = world.registry.addAgent({ plans: [] });
    await expect(world.connector.publishAgent(noPlans)).rejects.toThrow(
      /has no plans/,
    );
    const archived = world.registry.addAgent({ archived: true });
    await expect(world.connector.publishAgent(archived)).rejects.toThrow(
      /archived/,
    );
    expect(offerings()).toHaveLength(0);
  });

  it('refuses plans in another currency than Waldur bills in', async () => {
    const usd = await startWorld({ config: { currency: 'USD' } });
    try {
      const agent = usd.registry.addAgent();
      await expect(usd.connector.publishAgent(agent)).rejects.toThrow(
        'Plan starter is priced in EUR, but Waldur bills in USD',
      );
    } finally {
      await usd.stop();
    }
  });

  it('says which category is missing', async () => {
    const other = await startWorld({ config: { categoryName: 'Robots' } });
    try {
      await expect(
        other.connector.publishAgent(other.registry.addAgent()),
      ).rejects.toThrow(
        'There is no Waldur marketplace category "Robots": create it, or set agentRegistry.waldur.categoryUuid or categoryName',
      );
    } finally {
      await other.stop();
    }
  });

  it('surfaces Waldur being down as a 503-style error', async () => {
    const agent = world.registry.addAgent();
    await world.sim.setDown(true, 503);
    const error = await world.connector.publishAgent(agent).catch(e => e);
    expect(error.name).toBe('ServiceUnavailableError');
    await world.sim.setDown(false);
    await world.connector.publishAgent(agent);
    expect(offerings()).toHaveLength(1);
  });
});
