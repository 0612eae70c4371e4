import {
  orderBody,
  publishAgentOffering,
  startReceiver,
  startTestWorld,
  type AgentOffering,
  type TestWorld,
} from './testUtils';

describe('order lifecycle (site agent offering)', () => {
  let world: TestWorld;
  let agent: AgentOffering;

  beforeEach(async () => {
    world = await startTestWorld();
    agent = await publishAgentOffering(world);
  });

  afterEach(async () => {
    await world.simulator.stop();
  });

  it('runs create → approve → set_backend_id → done, and 409s on wrong states', async () => {
    const { alice, registry } = world;
    const created = await alice.post(
      '/api/marketplace-orders/',
      orderBody(world, agent, agent.basic),
    );
    expect(created.status).toBe(201);
    const order = created.body;
    // Owners approve as consumer automatically; site-agent offerings wait for the provider.
    expect(order.state).toBe('pending-provider');
    expect(order.type).toBe('Create');
    expect(order.consumer_reviewed_by_username).toBe('alice');
    const resourceUuid = order.marketplace_resource_uuid;

    const resource = await registry.get(
      `/api/marketplace-provider-resources/${resourceUuid}/`,
    );
    expect(resource.body.state).toBe('Creating');
    expect(resource.body.name).toBe('my-agent');

    // The site agent polls for work.
    const pending = await registry.get('/api/marketplace-orders/', {
      query: {
        offering_uuid: agent.offering.uuid,
        state: ['pending-provider', 'executing'],
      },
    });
    expect(pending.body.map((o: any) => o.uuid)).toEqual([order.uuid]);

    const done = `/api/marketplace-orders/${order.uuid}/set_state_done/`;
    expect((await registry.post(done)).body).toEqual({
      detail: 'Valid states for operation: executing.',
    });
    expect((await registry.post(done)).status).toBe(409);

    const approved = await registry.post(
      `/api/marketplace-orders/${order.uuid}/approve_by_provider/`,
    );
    expect(approved.status).toBe(200);
    expect(approved.body.detail).toEqual(expect.any(String));
    expect(
      (
        await registry.post(
          `/api/marketplace-orders/${order.uuid}/approve_by_provider/`,
        )
      ).status,
    ).toBe(409);
    expect(
      (
        await registry.post(
          `/api/marketplace-orders/${order.uuid}/reject_by_provider/`,
        )
      ).status,
    ).toBe(409);

    const executing = await registry.get(
      `/api/marketplace-orders/${order.uuid}/`,
      {
        query: { field: ['uuid', 'state'] },
      },
    );
    expect(executing.body).toEqual({ uuid: order.uuid, state: 'executing' });

    const backendId = await registry.post(
      `/api/marketplace-provider-resources/${resourceUuid}/set_backend_id/`,
      { backend_id: 'agent-42' },
    );
    expect(backendId.body).toEqual({
      status: 'Resource backend_id has been changed.',
    });
    expect(
      (
        await registry.post(
          `/api/marketplace-provider-resources/${resourceUuid}/set_backend_id/`,
          {
            backend_id: 'agent-42',
          },
        )
      ).body,
    ).toEqual({ status: 'Resource backend_id is not changed.' });

    expect((await registry.post(done)).status).toBe(200);
    const finished = await alice.get(`/api/marketplace-orders/${order.uuid}/`);
    expect(finished.body.state).toBe('done');
    expect(finished.body.completed_at).toEqual(expect.any(String));
    const ok = await alice.get(`/api/marketplace-resources/${resourceUuid}/`);
    expect(ok.body.state).toBe('OK');
    expect(ok.body.backend_id).toBe('agent-42');

    expect((await registry.post(done)).status).toBe(409);
    expect(
      (
        await registry.post(
          `/api/marketplace-orders/${order.uuid}/set_state_erred/`,
          {},
        )
      ).status,
    ).toBe(409);
  });

  it('rejects, errs and re-executes orders', async () => {
    const { alice, registry } = world;
    const first = (
      await alice.post(
        '/api/marketplace-orders/',
        orderBody(world, agent, agent.basic),
      )
    ).body;
    await registry.post(
      `/api/marketplace-orders/${first.uuid}/reject_by_provider/`,
      {
        provider_rejection_comment: 'No capacity',
      },
    );
    const rejected = await alice.get(`/api/marketplace-orders/${first.uuid}/`);
    expect(rejected.body.state).toBe('rejected');
    expect(rejected.body.provider_rejection_comment).toBe('No capacity');
    expect(
      (
        await alice.get(
          `/api/marketplace-resources/${first.marketplace_resource_uuid}/`,
        )
      ).body.state,
    ).toBe('Terminated');

    const second = (
      await alice.post(
        '/api/marketplace-orders/',
        orderBody(world, agent, agent.basic),
      )
    ).body;
    await registry.post(
      `/api/marketplace-orders/${second.uuid}/approve_by_provider/`,
    );
    const erred = await registry.post(
      `/api/marketplace-orders/${second.uuid}/set_state_erred/`,
      {
        error_message: 'Backend exploded',
        error_traceback: 'Traceback…',
      },
    );
    expect(erred.status).toBe(200);
    const failed = await alice.get(`/api/marketplace-orders/${second.uuid}/`);
    expect(failed.body).toMatchObject({
      state: 'erred',
      error_message: 'Backend exploded',
    });
    expect(
      (
        await alice.get(
          `/api/marketplace-resources/${second.marketplace_resource_uuid}/`,
        )
      ).body.state,
    ).toBe('Erred');

    // set_state_executing is allowed from erred for site-agent offerings.
    expect(
      (
        await registry.post(
          `/api/marketplace-orders/${second.uuid}/set_state_executing/`,
        )
      ).status,
    ).toBe(200);
    expect(
      (await alice.get(`/api/marketplace-orders/${second.uuid}/`)).body.state,
    ).toBe('executing');
  });

  it('handles plan changes and termination as Update and Terminate orders', async () => {
    const { alice, registry } = world;
    const order = (
      await alice.post(
        '/api/marketplace-orders/',
        orderBody(world, agent, agent.basic),
      )
    ).body;
    const resourceUuid = order.marketplace_resource_uuid;
    // Not OK yet: plan change is refused.
    const early = await alice.post(
      `/api/marketplace-resources/${resourceUuid}/switch_plan/`,
      {
        plan: orderBody(world, agent, agent.pro).plan,
      },
    );
    expect(early.status).toBe(409);
    expect(early.body).toEqual({ detail: 'Valid states for operation: OK.' });

    await registry.post(
      `/api/marketplace-orders/${order.uuid}/approve_by_provider/`,
    );
    await registry.post(
      `/api/marketplace-orders/${order.uuid}/set_state_done/`,
    );

    const switched = await alice.post(
      `/api/marketplace-resources/${resourceUuid}/switch_plan/`,
      {
        plan: orderBody(world, agent, agent.pro).plan,
      },
    );
    expect(switched.status).toBe(200);
    const update = (
      await registry.get(`/api/marketplace-orders/${switched.body.order_uuid}/`)
    ).body;
    expect(update).toMatchObject({
      type: 'Update',
      state: 'pending-provider',
      old_plan_uuid: agent.basic.uuid,
      new_plan_uuid: agent.pro.uuid,
      marketplace_resource_uuid: resourceUuid,
    });
    // Only one pending order per resource.
    const again = await alice.post(
      `/api/marketplace-resources/${resourceUuid}/terminate/`,
    );
    expect(again.status).toBe(400);
    expect(again.body).toEqual(['Pending order for resource already exists.']);

    await registry.post(
      `/api/marketplace-orders/${update.uuid}/approve_by_provider/`,
    );
    expect(
      (
        await registry.get(
          `/api/marketplace-provider-resources/${resourceUuid}/`,
        )
      ).body.state,
    ).toBe('Updating');
    await registry.post(
      `/api/marketplace-orders/${update.uuid}/set_state_done/`,
    );
    const upgraded = (
      await alice.get(`/api/marketplace-resources/${resourceUuid}/`)
    ).body;
    expect(upgraded).toMatchObject({ state: 'OK', plan_uuid: agent.pro.uuid });

    const terminated = await alice.post(
      `/api/marketplace-resources/${resourceUuid}/terminate/`,
      {
        attributes: { reason: 'done with it' },
      },
    );
    expect(terminated.status).toBe(200);
    const termination = (
      await registry.get(
        `/api/marketplace-orders/${terminated.body.order_uuid}/`,
      )
    ).body;
    expect(termination).toMatchObject({
      type: 'Terminate',
      state: 'pending-provider',
    });
    await registry.post(
      `/api/marketplace-orders/${termination.uuid}/approve_by_provider/`,
    );
    expect(
      (await alice.get(`/api/marketplace-resources/${resourceUuid}/`)).body
        .state,
    ).toBe('Terminating');
    await registry.post(
      `/api/marketplace-orders/${termination.uuid}/set_state_done/`,
    );
    expect(
      (await alice.get(`/api/marketplace-resources/${resourceUuid}/`)).body
        .state,
    ).toBe('Terminated');
  });

  it('waits for consumer approval when a project member orders', async () => {
    const { simulator, registry } = world;
    const project = world.demo.buyers[0].project;
    const member = simulator.createUser({
      username: 'carol',
      roles: [{ scope: 'project', uuid: project.uuid, role: 'PROJECT.MEMBER' }],
    });
    const carol = world.anonymous.withToken(member.token);
    const order = (
      await carol.post(
        '/api/marketplace-orders/',
        orderBody(world, agent, agent.basic),
      )
    ).body;
    expect(order.state).toBe('pending-consumer');
    expect(
      (
        await carol.post(
          `/api/marketplace-orders/${order.uuid}/approve_by_consumer/`,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await registry.post(
          `/api/marketplace-orders/${order.uuid}/approve_by_provider/`,
        )
      ).status,
    ).toBe(409);
    const approved = await world.alice.post(
      `/api/marketplace-orders/${order.uuid}/approve_by_consumer/`,
    );
    expect(approved.status).toBe(200);
    expect(
      (await carol.get(`/api/marketplace-orders/${order.uuid}/`)).body.state,
    ).toBe('pending-provider');
  });

  it('completes Basic offerings on approval and lets consumers cancel them', async () => {
    const basicAgent = await publishAgentOffering(world, {
      type: 'Marketplace.Basic',
      name: 'Basic agent',
    });
    const { alice, registry } = world;
    const order = (
      await alice.post(
        '/api/marketplace-orders/',
        orderBody(world, basicAgent, basicAgent.basic),
      )
    ).body;
    await registry.post(
      `/api/marketplace-orders/${order.uuid}/approve_by_provider/`,
    );
    expect(
      (await alice.get(`/api/marketplace-orders/${order.uuid}/`)).body.state,
    ).toBe('done');
    // set_state_executing is a site-agent action.
    const unsupported = await registry.post(
      `/api/marketplace-orders/${order.uuid}/set_state_executing/`,
    );
    expect(unsupported.status).toBe(409);

    const other = (
      await alice.post(
        '/api/marketplace-orders/',
        orderBody(world, basicAgent, basicAgent.basic, 0, { name: 'b' }),
      )
    ).body;
    expect(
      (await alice.post(`/api/marketplace-orders/${other.uuid}/cancel/`))
        .status,
    ).toBe(202);
    expect(
      (await alice.get(`/api/marketplace-orders/${other.uuid}/`)).body.state,
    ).toBe('canceled');

    const siteAgentOrder = (
      await alice.post(
        '/api/marketplace-orders/',
        orderBody(world, agent, agent.basic),
      )
    ).body;
    const refused = await alice.post(
      `/api/marketplace-orders/${siteAgentOrder.uuid}/cancel/`,
    );
    expect(refused.status).toBe(405);
    expect(refused.body.detail).toBe(
      "The order's offering with Marketplace.Slurm type does not support this action",
    );
  });

  it('POSTs an empty body to callback_url on every order state change', async () => {
    const receiver = await startReceiver();
    try {
      const { alice, registry, simulator } = world;
      const order = (
        await alice.post('/api/marketplace-orders/', {
          ...orderBody(world, agent, agent.basic),
          callback_url: receiver.url,
        })
      ).body;
      await registry.post(
        `/api/marketplace-orders/${order.uuid}/approve_by_provider/`,
      );
      await registry.post(
        `/api/marketplace-orders/${order.uuid}/set_state_done/`,
      );
      await simulator.settled();
      // pending-consumer → pending-provider → executing → done
      expect(receiver.received).toHaveLength(3);
      for (const call of receiver.received) {
        expect(call.method).toBe('POST');
        expect(call.body).toBe('');
        expect(call.headers.authorization).toBeUndefined();
      }
    } finally {
      await receiver.close();
    }
  });
});
