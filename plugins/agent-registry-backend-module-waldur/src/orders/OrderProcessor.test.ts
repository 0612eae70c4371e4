import { InputError } from '@backstage/errors';
import {
  orderAsAlice,
  orderState,
  planOf,
  resourceState,
  startWorld,
  type TestWorld,
} from '../__testUtils__/world';
import { KEY_REPORT_HEADER } from '../publish/offeringSpec';

jest.setTimeout(30_000);

describe('order processing, site-agent style', () => {
  let world: TestWorld;
  let offeringId: string;
  let agentId: string;

  beforeEach(async () => {
    world = await startWorld();
    const agent = world.registry.addAgent();
    agentId = agent.id;
    offeringId = await world.publish(agent);
  });

  afterEach(async () => {
    await world.stop();
  });

  const alice = () => world.demo.buyers[0];

  it('provisions a Create order: approve, tenant, project, access, key, backend id, done', async () => {
    const order = orderAsAlice(world, offeringId);
    expect(order.state).toBe('pending-provider');

    const summary = await world.connector.runOrders();
    expect(summary).toEqual({ seen: 1, outcomes: { done: 1 } });

    expect(orderState(world, order.uuid).state).toBe('done');
    const resourceUuid = order.marketplace_resource_uuid;
    const access = world.registry.accesses.get(resourceUuid)!;
    expect(access).toMatchObject({
      agentId,
      plan: 'starter',
      billingCycle: 'monthly',
      state: 'active',
    });
    const tenant = world.registry.tenants.get(access.tenantId)!;
    expect(tenant).toMatchObject({
      name: 'Buyer Org A',
      waldurCustomerUuid: alice().customer.uuid,
    });
    expect(world.registry.projects.get(access.projectId!)).toMatchObject({
      name: 'Buyer Org A agents',
      waldurProjectUuid: alice().project.uuid,
      tenantId: tenant.id,
    });

    const resource = resourceState(world, resourceUuid);
    expect(resource.state).toBe('OK');
    expect(resource.backend_id).toBe(access.id);
    // The first key reaches the buyer in the resource's report.
    const [key] = world.registry.keys;
    expect(resource.report).toEqual([
      {
        header: KEY_REPORT_HEADER,
        body: expect.stringContaining(key.secret),
      },
    ]);

    // The buyer sees it too (consumer view of the resource).
    const asAlice = await fetch(
      `${world.sim.url}/api/marketplace-resources/${resourceUuid}/`,
      { headers: { Authorization: `Token ${alice().user.token}` } },
    ).then(r => r.json());
    expect(asAlice.report[0].body).toContain(key.secret);
  });

  it('changes nothing when the same orders are processed again', async () => {
    const order = orderAsAlice(world, offeringId);
    await world.connector.runOrders();
    const writes = [...world.registry.writes];
    const events = world.sim.state().events.length;

    // Again by the poller (nothing left), and directly (a hook for the done order).
    expect(await world.connector.runOrders()).toEqual({
      seen: 0,
      outcomes: {},
    });
    expect(await world.connector.processor.process(order.uuid)).toBe('skipped');
    expect(world.registry.writes).toEqual(writes);
    expect(world.registry.keys).toHaveLength(1);
    expect(world.sim.state().events.length).toBe(events);
  });

  it('processes an order processed concurrently (poller and hook) once', async () => {
    const order = orderAsAlice(world, offeringId);
    const outcomes = await Promise.all([
      world.connector.processor.process(order.uuid),
      world.connector.processor.process(order.uuid),
      world.connector.runOrders(),
    ]);
    expect(outcomes[0]).toBe('done');
    expect(outcomes[1]).toBe('skipped');
    expect(world.registry.accesses.size).toBe(1);
    expect(world.registry.keys).toHaveLength(1);
    expect(orderState(world, order.uuid).state).toBe('done');
  });

  it('sells the yearly plan as a yearly access', async () => {
    const order = orderAsAlice(world, offeringId, 'starter:yearly');
    await world.connector.runOrders();
    expect(orderState(world, order.uuid).state).toBe('done');
    expect(
      world.registry.accesses.get(order.marketplace_resource_uuid),
    ).toMatchObject({ plan: 'starter', billingCycle: 'yearly' });
  });

  it('applies a plan change (Update order) with changePlan', async () => {
    const order = orderAsAlice(world, offeringId);
    await world.connector.runOrders();
    const resourceUuid = order.marketplace_resource_uuid;
    const update = world.sim.changePlan({
      user: alice().user.username,
      resource: resourceUuid,
      plan: planOf(world, offeringId, 'pro').uuid,
    });
    await world.connector.runOrders();
    expect(orderState(world, update.uuid).state).toBe('done');
    expect(world.registry.accesses.get(resourceUuid)!.plan).toBe('pro');
    expect(resourceState(world, resourceUuid).plan_name).toBe('Pro');
    expect(
      world.registry.writes.filter(w => w.startsWith('changePlan')),
    ).toEqual([`changePlan ${resourceUuid} pro`]);
  });

  it('ends an access on a Terminate order (keys revoked, resource terminated)', async () => {
    const order = orderAsAlice(world, offeringId);
    await world.connector.runOrders();
    const resourceUuid = order.marketplace_resource_uuid;
    const terminate = world.sim.terminateResource({
      user: alice().user.username,
      resource: resourceUuid,
    });
    await world.connector.runOrders();
    expect(orderState(world, terminate.uuid).state).toBe('done');
    expect(resourceState(world, resourceUuid).state).toBe('Terminated');
    expect(world.registry.accesses.get(resourceUuid)!.state).toBe('terminated');
    expect(world.registry.keys.every(k => k.revoked)).toBe(true);
    // Reprocessing the done Terminate order does nothing.
    const writes = [...world.registry.writes];
    await world.connector.processor.process(terminate.uuid);
    expect(world.registry.writes).toEqual(writes);
  });

  it('errs orders it can never fulfil, with a message the buyer reads in Waldur', async () => {
    // The agent dropped the plan after the buyer saw it (the offering was not republished).
    world.registry.updateAgent(agentId, {
      plans: world.registry.agents.get(agentId)!.plans.slice(1),
    });
    const order = orderAsAlice(world, offeringId, 'starter');
    expect(await world.connector.runOrders()).toEqual({
      seen: 1,
      outcomes: { erred: 1 },
    });
    const erred = orderState(world, order.uuid);
    expect(erred.state).toBe('erred');
    expect(erred.error_message).toBe(
      'The plan "Starter" is no longer offered for Support Assistant; please order one of its current plans.',
    );
    expect(resourceState(world, order.marketplace_resource_uuid).state).toBe(
      'Erred',
    );
    expect(world.registry.accesses.size).toBe(0);
    // An erred order is final: nothing more happens to it.
    expect(await world.connector.runOrders()).toEqual({
      seen: 0,
      outcomes: {},
    });
  });

  it('errs orders for an agent the registry no longer has', async () => {
    const order = orderAsAlice(world, offeringId);
    world.registry.agents.delete(agentId);
    await world.connector.runOrders();
    expect(orderState(world, order.uuid)).toMatchObject({
      state: 'erred',
      error_message:
        'The agent sold by this offering no longer exists in the Agent Registry.',
    });
  });

  it('errs an order the registry refuses (InputError), but leaves it on unexpected errors', async () => {
    const order = orderAsAlice(world, offeringId);
    world.registry.failNext(
      'provisionAccess',
      new Error('database is restarting'),
    );
    expect(await world.connector.runOrders()).toEqual({
      seen: 1,
      outcomes: { error: 1 },
    });
    expect(orderState(world, order.uuid).state).toBe('executing');

    world.registry.failNext(
      'provisionAccess',
      new InputError('Tenant Buyer Org A is suspended'),
    );
    await world.connector.runOrders();
    expect(orderState(world, order.uuid)).toMatchObject({
      state: 'erred',
      error_message:
        'The Agent Registry could not provision this order: Tenant Buyer Org A is suspended',
    });
  });

  it('ignores orders of offerings it did not publish', async () => {
    // Another offering of the same provider organisation (not ours).
    const other = await world.waldur.createOffering({
      name: 'Not an agent',
      type: 'Marketplace.Slurm',
      category: world.demo.category.url,
      customer: world.demo.provider.customer.url,
    });
    const plan = await world.waldur.createPlan({
      name: 'Basic',
      offering: other.url!,
      unit: 'month',
    });
    await world.waldur.offeringAction(other.uuid!, 'activate');
    const order = world.sim.createOrder({
      user: alice().user.username,
      offering: other.uuid!,
      plan: plan.uuid,
      project: alice().project.uuid,
    });
    expect(await world.connector.runOrders()).toEqual({
      seen: 0,
      outcomes: {},
    });
    expect(await world.connector.processor.process(order.uuid)).toBe('ignored');
    expect(orderState(world, order.uuid).state).toBe('pending-provider');
  });

  it('leaves orders alone while Waldur is down and completes them once it is back', async () => {
    const order = orderAsAlice(world, offeringId);
    await world.sim.setDown(true, 503);
    expect(await world.connector.runOrders()).toBeUndefined();
    await world.sim.setDown(true, 'reset');
    expect(await world.connector.runOrders()).toBeUndefined();
    await world.sim.setDown(false);
    expect(orderState(world, order.uuid).state).toBe('pending-provider');
    expect(world.registry.accesses.size).toBe(0);

    await world.connector.runOrders();
    expect(orderState(world, order.uuid).state).toBe('done');
    expect(world.registry.accesses.size).toBe(1);
  });

  it('survives an outage in the middle of an order without duplicates or loss', async () => {
    const order = orderAsAlice(world, offeringId);
    const resourceUuid = order.marketplace_resource_uuid;
    // Waldur fails right after the access was provisioned and the key delivered.
    world.sim.failNext(
      `/api/marketplace-provider-resources/${resourceUuid}/set_backend_id/`,
      10,
      503,
    );
    expect(await world.connector.runOrders()).toEqual({
      seen: 1,
      outcomes: { error: 1 },
    });
    expect(orderState(world, order.uuid).state).toBe('executing');
    expect(world.registry.accesses.size).toBe(1);
    const report = resourceState(world, resourceUuid).report as {
      body: string;
    }[];
    expect(report[0].body).toContain(world.registry.keys[0].secret);

    world.sim.clearFaults();
    expect(await world.connector.runOrders()).toEqual({
      seen: 1,
      outcomes: { done: 1 },
    });
    expect(orderState(world, order.uuid).state).toBe('done');
    expect(world.registry.accesses.size).toBe(1);
    expect(world.registry.keys).toHaveLength(1);
    // The report still shows the one key.
    expect(resourceState(world, resourceUuid).report).toEqual(report);
    expect(resourceState(world, resourceUuid).backend_id).toBe(
      world.registry.accesses.get(resourceUuid)!.id,
    );
  });

  it('survives Waldur going down right after the access was provisioned', async () => {
    const order = orderAsAlice(world, offeringId);
    const provision = world.registry.provisionAccess.bind(world.registry);
    world.registry.provisionAccess = async input => {
      const result = await provision(input);
      // Waldur drops every connection from here on (setDown during processing).
      await world.sim.setDown(true, 'reset');
      return result;
    };
    expect(await world.connector.runOrders()).toEqual({
      seen: 1,
      outcomes: { error: 1 },
    });
    await world.sim.setDown(false);
    expect(orderState(world, order.uuid).state).toBe('executing');
    const resourceUuid = order.marketplace_resource_uuid;
    // The key never reached Waldur: the process "crashed" before submit_report.
    expect(resourceState(world, resourceUuid).report).toEqual([]);

    world.registry.provisionAccess = provision;
    // The one-time secret died with the attempt. Once no other process can still be
    // delivering it, a new first key is issued and delivered; the order completes.
    world.clock.now = new Date(Date.now() + 5 * 60_000);
    await world.connector.runOrders();
    expect(orderState(world, order.uuid).state).toBe('done');
    expect(world.registry.accesses.size).toBe(1);
    expect(
      world.registry.writes.filter(w => w.startsWith('provisionAccess')),
    ).toHaveLength(1);
    expect(world.registry.writes).toContain(`reissueFirstKey ${resourceUuid}`);
    expect(resourceState(world, resourceUuid).report).not.toEqual([]);
  });
});

describe('order processing: billing cycles and lost keys', () => {
  let world: TestWorld;
  let offeringId: string;

  beforeEach(async () => {
    world = await startWorld();
    offeringId = await world.publish(world.registry.addAgent());
  });

  afterEach(async () => {
    await world.stop();
  });

  it('switches billing cycles with changeBillingCycle', async () => {
    const order = orderAsAlice(world, offeringId);
    await world.connector.runOrders();
    const update = world.sim.changePlan({
      user: world.demo.buyers[0].user.username,
      resource: order.marketplace_resource_uuid,
      plan: planOf(world, offeringId, 'starter:yearly').uuid,
    });
    await world.connector.runOrders();
    expect(orderState(world, update.uuid).state).toBe('done');
    expect(
      world.registry.accesses.get(order.marketplace_resource_uuid),
    ).toMatchObject({ plan: 'starter', billingCycle: 'yearly' });
  });

  it('reissues a first key lost in a crash, once no other process can be delivering it', async () => {
    const order = orderAsAlice(world, offeringId);
    const resourceUuid = order.marketplace_resource_uuid;
    world.sim.failNext(
      `/api/marketplace-provider-resources/${resourceUuid}/submit_report/`,
      10,
      500,
    );
    await world.connector.runOrders();
    world.sim.clearFaults();

    // Too soon: another process might still be delivering the key.
    await world.connector.runOrders();
    expect(orderState(world, order.uuid).state).toBe('executing');
    expect(world.registry.keys).toHaveLength(1);

    world.clock.now = new Date(Date.now() + 5 * 60_000);
    await world.connector.runOrders();
    expect(orderState(world, order.uuid).state).toBe('done');
    expect(world.registry.keys).toHaveLength(2);
    expect(world.registry.keys[0].revoked).toBe(true);
    expect(
      (resourceState(world, resourceUuid).report as { body: string }[])[0].body,
    ).toContain(world.registry.keys[1].secret);
  });
});

describe('order processing for Marketplace.Basic offerings', () => {
  let world: TestWorld;
  let offeringId: string;

  beforeEach(async () => {
    world = await startWorld({
      config: { offeringType: 'Marketplace.Basic' },
    });
    offeringId = await world.publish(world.registry.addAgent());
  });

  afterEach(async () => {
    await world.stop();
  });

  it('provisions before approving (approval completes Basic orders)', async () => {
    const order = orderAsAlice(world, offeringId);
    expect(await world.connector.runOrders()).toEqual({
      seen: 1,
      outcomes: { done: 1 },
    });
    expect(orderState(world, order.uuid).state).toBe('done');
    const resource = resourceState(world, order.marketplace_resource_uuid);
    expect(resource.state).toBe('OK');
    expect(resource.backend_id).toBe(
      world.registry.accesses.get(order.marketplace_resource_uuid)!.id,
    );
  });

  it('rejects what it cannot fulfil (Basic has no erred state)', async () => {
    const order = orderAsAlice(world, offeringId);
    world.registry.agents.clear();
    await world.connector.runOrders();
    expect(orderState(world, order.uuid)).toMatchObject({
      state: 'rejected',
      provider_rejection_comment:
        'The agent sold by this offering no longer exists in the Agent Registry.',
    });
  });
});
