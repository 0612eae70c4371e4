import {
  orderBody,
  publishAgentOffering,
  startTestWorld,
  type TestWorld,
} from './testUtils';

describe('authentication and permissions', () => {
  let world: TestWorld;

  beforeEach(async () => {
    world = await startTestWorld();
  });

  afterEach(async () => {
    await world.simulator.stop();
  });

  it('answers 401 with DRF messages for missing, malformed and unknown tokens', async () => {
    const { anonymous } = world;
    const missing = await anonymous.get('/api/users/me/');
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({
      detail: 'Authentication credentials were not provided.',
    });
    expect(missing.headers.get('www-authenticate')).toBe('Token');

    const cases: Array<[string, string]> = [
      ['Token', 'Invalid token. No credentials provided.'],
      ['Token a b', 'Invalid token. Token string should not contain spaces.'],
      ['Token nope', 'Invalid token.'],
      ['Bearer abc', 'Authentication credentials were not provided.'],
    ];
    for (const [header, detail] of cases) {
      const response = await anonymous.get('/api/users/me/', {
        headers: { Authorization: header },
      });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ detail });
    }
    // The keyword is case-insensitive.
    const lower = await anonymous.get('/api/users/me/', {
      headers: { Authorization: `token ${world.demo.buyers[0].user.token}` },
    });
    expect(lower.status).toBe(200);
  });

  it('expires tokens after their sliding lifetime', async () => {
    const { simulator } = world;
    const start = new Date('2030-01-01T00:00:00Z');
    simulator.setNow(start);
    const user = simulator.createUser({
      username: 'short',
      tokenLifetime: 3600,
    });
    const client = world.anonymous.withToken(user.token);
    expect((await client.get('/api/users/me/')).status).toBe(200);
    // Each call slides the window: 50 minutes later is still fine…
    simulator.setNow(new Date(start.getTime() + 50 * 60_000));
    expect((await client.get('/api/users/me/')).status).toBe(200);
    // …but more than an hour of silence is not.
    simulator.setNow(new Date(start.getTime() + 115 * 60_000));
    const expired = await client.get('/api/users/me/');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ detail: 'Token has expired.' });
    // Logging in again issues a fresh token.
    simulator.createUser({
      username: 'pw',
      password: 'secret',
      tokenLifetime: 60,
    });
    const login = await world.anonymous.post('/api-auth/password/', {
      username: 'pw',
      password: 'secret',
    });
    expect(login.body.token).toMatch(/^[0-9a-f]{40}$/);
  });

  it('issues tokens for username/password and locks out after repeated failures', async () => {
    const { anonymous } = world;
    const good = await anonymous.post('/api-auth/password/', {
      username: 'alice',
      password: 'demo-password',
    });
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ token: world.demo.buyers[0].user.token });

    for (let i = 0; i < 4; i++) {
      const bad = await anonymous.post('/api-auth/password/', {
        username: 'bob',
        password: 'x',
      });
      expect(bad.status).toBe(401);
      expect(bad.body).toEqual({ detail: 'Invalid username/password.' });
    }
    const locked = await anonymous.post('/api-auth/password/', {
      username: 'bob',
      password: 'demo-password',
    });
    expect(locked.status).toBe(401);
    expect(locked.body).toEqual({
      detail: 'Username is locked out. Try in 10 minutes.',
    });
  });

  it("maps a buyer's token to their organizations through /api/users/me/", async () => {
    const { alice, demo } = world;
    const me = await alice.get('/api/users/me/');
    expect(me.body.username).toBe('alice');
    expect(me.body.permissions).toEqual([
      expect.objectContaining({
        scope_type: 'customer',
        scope_uuid: demo.buyers[0].customer.uuid,
        customer_uuid: demo.buyers[0].customer.uuid,
        role_name: 'CUSTOMER.OWNER',
      }),
    ]);
    const customers = await alice.get('/api/customers/');
    expect(customers.body.map((c: any) => c.uuid)).toEqual([
      demo.buyers[0].customer.uuid,
    ]);
    const byUser = await world.staff.get('/api/customers/', {
      query: { user_uuid: demo.buyers[1].user.uuid },
    });
    expect(byUser.body.map((c: any) => c.uuid)).toEqual([
      demo.buyers[1].customer.uuid,
    ]);
  });

  it('answers 403 for forbidden actions and 404 for invisible objects', async () => {
    const { alice, bob, registry, demo } = world;
    const forbidden = await alice.post('/api/customers/', { name: 'Mine' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({
      detail: 'You do not have permission to perform this action.',
    });
    // Buyers cannot publish offerings for the provider organization.
    const offering = await alice.post('/api/marketplace-provider-offerings/', {
      name: 'x',
      type: 'Marketplace.Slurm',
      category: demo.category.url,
      customer: demo.provider.customer.url,
    });
    expect(offering.status).toBe(403);

    const agent = await publishAgentOffering(world);
    const order = (
      await alice.post(
        '/api/marketplace-orders/',
        orderBody(world, agent, agent.basic),
      )
    ).body;
    // Alice cannot act as the provider; Bob cannot even see Alice's order.
    expect(
      (
        await alice.post(
          `/api/marketplace-orders/${order.uuid}/approve_by_provider/`,
        )
      ).status,
    ).toBe(403);
    expect(
      (await bob.get(`/api/marketplace-orders/${order.uuid}/`)).status,
    ).toBe(404);
    expect(
      (await bob.get(`/api/marketplace-orders/${order.uuid}/`)).body,
    ).toEqual({
      detail: 'Not found.',
    });
    // Bob cannot order into Alice's project.
    const intrusion = await bob.post(
      '/api/marketplace-orders/',
      orderBody(world, agent, agent.basic),
    );
    expect(intrusion.status).toBe(400);
    expect(intrusion.body).toEqual({
      project: ['Invalid hyperlink - Object does not exist.'],
    });
    // Usage can only be reported by the provider.
    await registry.post(
      `/api/marketplace-orders/${order.uuid}/approve_by_provider/`,
    );
    await registry.post(
      `/api/marketplace-orders/${order.uuid}/set_state_done/`,
    );
    const usage = await alice.post(
      '/api/marketplace-component-usages/set_usage/',
      {
        resource: order.marketplace_resource_uuid,
        usages: [{ type: 'input_tokens', amount: '1' }],
      },
    );
    expect(usage.status).toBe(403);
  });
});
