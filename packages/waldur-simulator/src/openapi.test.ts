import { checkResponse, findOperation } from './openapi';
import { apiRoutes } from './routes';
import {
  orderBody,
  publishAgentOffering,
  startTestWorld,
  type ApiClient,
  type TestWorld,
} from './testUtils';

describe('OpenAPI subset', () => {
  it('declares every implemented route', () => {
    const missing = apiRoutes
      .filter(route => !findOperation(route.method, route.path))
      .map(route => `${route.method} ${route.path}`);
    expect(missing).toEqual([]);
  });

  it('catches responses that break the schema', () => {
    const path = '/api/marketplace-component-usages/{uuid}/';
    const good = {
      uuid: 'a'.repeat(32),
      usage: '12.50',
      billing_period: '2026-01-01',
    };
    expect(
      checkResponse('GET', path, 200, JSON.stringify(good)).errors,
    ).toEqual([]);
    // Waldur's hex UUIDs: hyphenated UUIDs are not what it sends.
    const hyphenated = {
      ...good,
      uuid: '4633bbbb-0b3a-4b91-bffc-0e18f853de85',
    };
    expect(
      checkResponse('GET', path, 200, JSON.stringify(hyphenated)).errors,
    ).not.toEqual([]);
    // Usage is decimal text (the schema's integer is a known erratum).
    expect(
      checkResponse('GET', path, 200, JSON.stringify({ ...good, usage: 12 }))
        .errors,
    ).not.toEqual([]);
    // Undeclared fields are rejected so the simulator cannot invent any.
    expect(
      checkResponse('GET', path, 200, JSON.stringify({ ...good, invented: 1 }))
        .errors,
    ).not.toEqual([]);
    // nullable is honoured, non-nullable is enforced.
    const order = '/api/marketplace-orders/{uuid}/';
    expect(
      checkResponse('GET', order, 200, '{"completed_at":null}').errors,
    ).toEqual([]);
    expect(
      checkResponse('GET', order, 200, '{"uuid":null}').errors,
    ).not.toEqual([]);
    // Documented "no body" statuses must be empty; errors must be DRF-shaped.
    const done = '/api/marketplace-orders/{uuid}/set_state_done/';
    expect(checkResponse('POST', done, 200, '').errors).toEqual([]);
    expect(checkResponse('POST', done, 200, '{}').errors).not.toEqual([]);
    expect(checkResponse('POST', done, 409, '{"detail":"x"}').errors).toEqual(
      [],
    );
    expect(checkResponse('POST', done, 400, '{"field":["x"]}').errors).toEqual(
      [],
    );
    expect(checkResponse('POST', done, 400, '["x"]').errors).toEqual([]);
    expect(checkResponse('POST', done, 409, '{"detail":1}').errors).not.toEqual(
      [],
    );
    expect(checkResponse('POST', done, 201, '').errors).not.toEqual([]);
  });
});

/**
 * Drives every implemented operation through the validating client: each
 * response is checked against the operation's schema for its status code,
 * and the test fails if any route never answered with a 2xx.
 */
describe('every response conforms to the OpenAPI subset', () => {
  let world: TestWorld;

  beforeAll(async () => {
    world = await startTestWorld('conformance');
  });

  afterAll(async () => {
    await world.simulator.stop();
  });

  async function ok(call: Promise<{ status: number; text: string }>) {
    const response = await call;
    if (response.status >= 300)
      throw new Error(`${response.status}: ${response.text}`);
    return response as any;
  }

  async function lists(
    client: ApiClient,
    path: string,
    query: Record<string, string> = {},
  ) {
    await ok(client.get(path, { query }));
    await ok(client.head(path, { query }));
  }

  it('covers all routes', async () => {
    const { staff, registry, alice, simulator, demo } = world;
    const provider = demo.provider.customer;
    const buyer = demo.buyers[0];

    await ok(
      world.anonymous.post('/api-auth/password/', {
        username: 'alice',
        password: 'demo-password',
      }),
    );
    await ok(alice.get('/api/users/me/'));
    await ok(staff.get(`/api/users/${buyer.user.uuid}/`));

    // Organizations and projects.
    await lists(alice, '/api/customers/');
    const customer = (
      await ok(
        staff.post('/api/customers/', {
          name: 'Temp Org',
          email: 'org@example.com',
        }),
      )
    ).body;
    await ok(staff.get(`/api/customers/${customer.uuid}/`));
    await ok(
      staff.put(`/api/customers/${customer.uuid}/`, { name: 'Temp Org 2' }),
    );
    await ok(
      staff.patch(`/api/customers/${customer.uuid}/`, { abbreviation: 'TO' }),
    );
    await lists(alice, '/api/projects/');
    const project = (
      await ok(
        staff.post('/api/projects/', { name: 'Temp', customer: customer.url }),
      )
    ).body;
    await ok(staff.get(`/api/projects/${project.uuid}/`));
    await ok(
      staff.put(`/api/projects/${project.uuid}/`, {
        name: 'Temp 2',
        customer: customer.url,
      }),
    );
    await ok(
      staff.patch(`/api/projects/${project.uuid}/`, { description: 'x' }),
    );
    await ok(staff.delete(`/api/projects/${project.uuid}/`));
    await ok(staff.delete(`/api/customers/${customer.uuid}/`));

    // Provider catalogue.
    await lists(registry, '/api/marketplace-service-providers/');
    const other = simulator.createCustomer({ name: 'Other provider' });
    const sp = (
      await ok(
        staff.post('/api/marketplace-service-providers/', {
          customer: other.url,
        }),
      )
    ).body;
    await ok(staff.get(`/api/marketplace-service-providers/${sp.uuid}/`));
    await ok(
      staff.put(`/api/marketplace-service-providers/${sp.uuid}/`, {
        customer: other.url,
        description: 'd',
      }),
    );
    await ok(
      staff.patch(`/api/marketplace-service-providers/${sp.uuid}/`, {
        enable_notifications: false,
      }),
    );
    await lists(registry, '/api/marketplace-categories/');
    const category = (
      await ok(staff.post('/api/marketplace-categories/', { title: 'Other' }))
    ).body;
    await ok(registry.get(`/api/marketplace-categories/${category.uuid}/`));

    const agent = await publishAgentOffering(world);
    const offeringPath = `/api/marketplace-provider-offerings/${agent.offering.uuid}/`;
    await lists(registry, '/api/marketplace-provider-offerings/', {
      state: 'Active',
    });
    await ok(registry.get(offeringPath));
    await ok(
      registry.post(`${offeringPath}pause/`, { paused_reason: 'maintenance' }),
    );
    await ok(registry.post(`${offeringPath}unpause/`));
    await ok(registry.post(`${offeringPath}make_unavailable/`));
    await ok(registry.post(`${offeringPath}make_available/`));
    await ok(
      registry.post(`${offeringPath}update_overview/`, {
        name: 'Summarizer',
        getting_started: 'Use {backend_id}',
      }),
    );
    await ok(
      registry.post(`${offeringPath}update_description/`, {
        category: demo.category.url,
      }),
    );
    const options = {
      order: ['prompt'],
      options: { prompt: { type: 'string', label: 'Prompt' } },
    };
    await ok(registry.post(`${offeringPath}update_options/`, { options }));
    await ok(
      registry.post(`${offeringPath}update_resource_options/`, {
        resource_options: options,
      }),
    );
    await ok(
      registry.post(`${offeringPath}update_integration/`, {
        plugin_options: { auto_approve_remote_orders: false },
      }),
    );
    await ok(
      registry.post(`${offeringPath}set_backend_metadata/`, {
        backend_metadata: { agent: 'summarizer' },
      }),
    );
    await ok(
      registry.post(`${offeringPath}update_attributes/`, { vendor: 'acme' }),
    );
    await ok(
      registry.post(`${offeringPath}create_offering_component/`, {
        type: 'requests',
        name: 'Requests',
        billing_type: 'usage',
        measured_unit: 'requests',
      }),
    );
    const requests = (
      await ok(registry.get(offeringPath))
    ).body.components.find((c: any) => c.type === 'requests');
    await ok(
      registry.post(`${offeringPath}update_offering_component/`, {
        uuid: requests.uuid,
        type: 'requests',
        name: 'API requests',
        billing_type: 'usage',
      }),
    );
    await ok(
      registry.post(`${offeringPath}remove_offering_component/`, {
        uuid: requests.uuid,
      }),
    );
    await lists(alice, '/api/marketplace-public-offerings/');
    await ok(
      alice.get(`/api/marketplace-public-offerings/${agent.offering.uuid}/`),
    );

    const draft = (
      await ok(
        registry.post('/api/marketplace-provider-offerings/', {
          name: 'Draft agent',
          type: 'Marketplace.Slurm',
          category: demo.category.url,
          customer: provider.url,
        }),
      )
    ).body;
    await ok(
      registry.post(
        `/api/marketplace-provider-offerings/${draft.uuid}/archive/`,
      ),
    );
    await ok(
      registry.post(`/api/marketplace-provider-offerings/${draft.uuid}/draft/`),
    );

    await lists(registry, '/api/marketplace-plans/', {
      offering_uuid: agent.offering.uuid,
    });
    const plan = (
      await ok(
        registry.post('/api/marketplace-plans/', {
          name: 'Trial',
          offering: agent.offering.url,
          unit: 'month',
        }),
      )
    ).body;
    await ok(registry.get(`/api/marketplace-plans/${plan.uuid}/`));
    await ok(
      registry.put(`/api/marketplace-plans/${plan.uuid}/`, {
        name: 'Trial 2',
        offering: agent.offering.url,
      }),
    );
    await ok(
      registry.patch(`/api/marketplace-plans/${plan.uuid}/`, {
        description: 'Free',
      }),
    );
    await ok(registry.post(`/api/marketplace-plans/${plan.uuid}/archive/`));
    await ok(
      registry.delete(`/api/marketplace-provider-offerings/${draft.uuid}/`),
    );

    // Orders: the full lifecycle plus every provider and consumer action.
    const order = (
      await ok(
        alice.post(
          '/api/marketplace-orders/',
          orderBody(world, agent, agent.basic),
        ),
      )
    ).body;
    await lists(registry, '/api/marketplace-orders/', {
      state: 'pending-provider',
    });
    await ok(registry.get(`${offeringPath}orders/`));
    await ok(registry.get(`${offeringPath}orders/${order.uuid}/`));
    await ok(alice.get(`/api/marketplace-orders/${order.uuid}/`));
    await ok(alice.get(`/api/marketplace-orders/${order.uuid}/offering/`));
    await ok(
      registry.post(
        `/api/marketplace-orders/${order.uuid}/approve_by_provider/`,
        { attributes: { tier: 'gold' } },
      ),
    );
    await ok(
      registry.post(`/api/marketplace-orders/${order.uuid}/set_backend_id/`, {
        backend_id: 'job-1',
      }),
    );
    const resourceUuid = order.marketplace_resource_uuid;
    const providerResource = `/api/marketplace-provider-resources/${resourceUuid}/`;
    await ok(
      registry.post(`${providerResource}set_backend_id/`, {
        backend_id: 'agent-1',
      }),
    );
    await ok(
      registry.post(`${providerResource}set_backend_metadata/`, {
        backend_metadata: { state: 'running' },
      }),
    );
    await ok(
      registry.post(`/api/marketplace-orders/${order.uuid}/set_state_done/`),
    );
    await ok(
      registry.post(`${providerResource}set_limits/`, { limits: { seat: 2 } }),
    );
    await ok(
      registry.post(`${providerResource}submit_report/`, {
        report: [{ header: 'Endpoint', body: 'https://agent' }],
      }),
    );
    await ok(
      registry.post(`${providerResource}set_as_erred/`, {
        error_message: 'down',
      }),
    );
    await ok(registry.post(`${providerResource}set_as_ok/`));
    await lists(registry, '/api/marketplace-provider-resources/', {
      offering_uuid: agent.offering.uuid,
    });
    await ok(registry.get(providerResource));
    await ok(registry.put(providerResource, { name: 'renamed' }));
    await ok(registry.patch(providerResource, { description: 'by provider' }));
    await lists(alice, '/api/marketplace-resources/');
    await ok(alice.get(`/api/marketplace-resources/${resourceUuid}/`));
    await ok(
      alice.put(`/api/marketplace-resources/${resourceUuid}/`, {
        name: 'mine',
      }),
    );
    await ok(
      alice.patch(`/api/marketplace-resources/${resourceUuid}/`, {
        end_date: '2099-01-01',
      }),
    );

    // Usage and billing.
    await ok(
      registry.post('/api/marketplace-component-usages/set_usage/', {
        resource: resourceUuid,
        usages: [
          { type: 'input_tokens', amount: '1500.25' },
          { type: 'output_tokens', amount: 300 },
        ],
      }),
    );
    await lists(registry, '/api/marketplace-component-usages/', {
      resource_uuid: resourceUuid,
    });
    const usage = (await ok(registry.get('/api/marketplace-component-usages/')))
      .body[0];
    await ok(registry.get(`/api/marketplace-component-usages/${usage.uuid}/`));
    await lists(alice, '/api/invoices/');
    const invoice = (await ok(alice.get('/api/invoices/'))).body[0];
    await ok(alice.get(`/api/invoices/${invoice.uuid}/`));
    await lists(alice, '/api/invoice-items/');
    await ok(alice.get(`/api/invoice-items/${invoice.items[0].uuid}/`));

    // Update and Terminate orders from resource actions.
    const switched = (
      await ok(
        alice.post(`/api/marketplace-resources/${resourceUuid}/switch_plan/`, {
          plan: orderBody(world, agent, agent.pro).plan,
        }),
      )
    ).body;
    await ok(
      registry.post(
        `/api/marketplace-orders/${switched.order_uuid}/reject_by_provider/`,
        {
          provider_rejection_comment: 'no',
        },
      ),
    );
    const limits = (
      await ok(
        alice.post(
          `/api/marketplace-resources/${resourceUuid}/update_limits/`,
          {
            limits: { seat: 3 },
          },
        ),
      )
    ).body;
    await ok(
      registry.post(
        `/api/marketplace-orders/${limits.order_uuid}/approve_by_provider/`,
      ),
    );
    await ok(
      registry.post(
        `/api/marketplace-orders/${limits.order_uuid}/set_state_erred/`,
        {
          error_message: 'nope',
          error_traceback: '',
        },
      ),
    );
    await ok(
      registry.post(
        `/api/marketplace-orders/${limits.order_uuid}/set_state_executing/`,
      ),
    );
    await ok(
      registry.post(
        `/api/marketplace-orders/${limits.order_uuid}/set_state_done/`,
      ),
    );
    const termination = (
      await ok(
        alice.post(`/api/marketplace-resources/${resourceUuid}/terminate/`),
      )
    ).body;
    await ok(
      alice.delete(`/api/marketplace-orders/${termination.order_uuid}/`),
    );
    await ok(
      registry.post(`${providerResource}terminate/`, { attributes: {} }),
    );

    // Consumer approval and rejection (a project member's orders).
    const member = simulator.createUser({
      username: 'member',
      roles: [
        { scope: 'project', uuid: buyer.project.uuid, role: 'PROJECT.MEMBER' },
      ],
    });
    const memberClient = world.anonymous.withToken(member.token);
    const first = (
      await ok(
        memberClient.post(
          '/api/marketplace-orders/',
          orderBody(world, agent, agent.basic, 0, { name: 'm1' }),
        ),
      )
    ).body;
    await ok(
      alice.post(`/api/marketplace-orders/${first.uuid}/approve_by_consumer/`),
    );
    const second = (
      await ok(
        memberClient.post(
          '/api/marketplace-orders/',
          orderBody(world, agent, agent.basic, 0, { name: 'm2' }),
        ),
      )
    ).body;
    await ok(
      alice.post(`/api/marketplace-orders/${second.uuid}/reject_by_consumer/`, {
        consumer_rejection_comment: 'too expensive',
      }),
    );

    const basicAgent = await publishAgentOffering(world, {
      type: 'Marketplace.Basic',
      name: 'Basic agent',
    });
    const basicOrder = (
      await ok(
        alice.post(
          '/api/marketplace-orders/',
          orderBody(world, basicAgent, basicAgent.basic),
        ),
      )
    ).body;
    await ok(alice.post(`/api/marketplace-orders/${basicOrder.uuid}/cancel/`));

    // Web hooks and events.
    await lists(registry, '/api/hooks-web/');
    const hook = (
      await ok(
        registry.post('/api/hooks-web/', {
          destination_url: 'http://127.0.0.1:9/hook',
          event_groups: ['resources'],
        }),
      )
    ).body;
    await ok(registry.get(`/api/hooks-web/${hook.uuid}/`));
    await ok(
      registry.put(`/api/hooks-web/${hook.uuid}/`, {
        destination_url: 'http://127.0.0.1:9/other',
        event_types: ['marketplace_order_created'],
      }),
    );
    await ok(
      registry.patch(`/api/hooks-web/${hook.uuid}/`, { is_active: false }),
    );
    await ok(registry.delete(`/api/hooks-web/${hook.uuid}/`));
    await lists(alice, '/api/events/', { feature: 'resources' });

    await simulator.settled();
    const succeeded = new Set(
      [...alice.coverage]
        .filter(entry => /\s2\d\d$/.test(entry))
        .map(entry => entry.replace(/\s\d+$/, '')),
    );
    const uncovered = apiRoutes
      .map(route => `${route.method} ${route.path}`)
      .filter(route => !succeeded.has(route));
    expect(uncovered).toEqual([]);
  });
});
