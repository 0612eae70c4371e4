import { createServer, IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WaldurSimulator } from './control';
import { seedDemoWorld, type DemoWorld } from './demoWorld';
import { checkResponse, findOperation } from './openapi';
import { Router } from './router';
import { apiRoutes } from './routes';
import { startWaldurSimulator } from './startWaldurSimulator';
import type { WaldurOffering, WaldurPlan } from './types';

/**
 * Test helpers: an HTTP client that checks every Waldur API response
 * against the OpenAPI subset (and records which operations were exercised),
 * and a receiver that captures web hook deliveries.
 */

const router = new Router(apiRoutes);

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent verbatim instead of JSON-encoding `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | string[]>;
}

/** `METHOD /path/template/ status` of every call made through an ApiClient. */
export type Coverage = Set<string>;

export class ApiClient {
  readonly coverage: Coverage = new Set();

  constructor(
    private readonly baseUrl: string,
    private readonly defaultToken?: string,
  ) {}

  withToken(token: string | undefined): ApiClient {
    const client = new ApiClient(this.baseUrl, token);
    // Share coverage so a test file can reason about all its calls.
    (client as { coverage: Coverage }).coverage = this.coverage;
    return client;
  }

  get = <T = any>(path: string, options?: RequestOptions) =>
    this.request<T>('GET', path, options);
  head = (path: string, options?: RequestOptions) =>
    this.request('HEAD', path, options);
  post = <T = any>(path: string, body?: unknown, options?: RequestOptions) =>
    this.request<T>('POST', path, { ...options, body });
  put = <T = any>(path: string, body?: unknown, options?: RequestOptions) =>
    this.request<T>('PUT', path, { ...options, body });
  patch = <T = any>(path: string, body?: unknown, options?: RequestOptions) =>
    this.request<T>('PATCH', path, { ...options, body });
  delete = (path: string, options?: RequestOptions) =>
    this.request('DELETE', path, options);

  async request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) {
        url.searchParams.append(key, item);
      }
    }
    const token = options.token ?? this.defaultToken;
    const headers: Record<string, string> = {
      ...(token ? { Authorization: `Token ${token}` } : {}),
      ...options.headers,
    };
    let payload: string | undefined = options.rawBody;
    if (payload === undefined && options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['Content-Type'] = headers['Content-Type'] ?? 'application/json';
    }
    const response = await fetch(url, { method, headers, body: payload });
    const text = await response.text();
    const match = router.match(method, url.pathname);
    if (match.kind === 'found') {
      this.assertConforms(method, match.route.path, response, text);
      this.coverage.add(`${method} ${match.route.path} ${response.status}`);
    }
    return {
      status: response.status,
      headers: response.headers,
      body: text === '' ? undefined : JSON.parse(text),
      text,
    };
  }

  private assertConforms(
    method: string,
    path: string,
    response: Response,
    text: string,
  ) {
    // Injected failures and "down" answers are not Waldur responses.
    if (response.headers.get('x-simulator-fault')) return;
    const problems = checkResponse(method, path, response.status, text).errors;
    const listOperation = findOperation(method, path)?.operationId.match(
      /_(list|count)$/,
    );
    if (listOperation && response.status === 200) {
      const count = response.headers.get('x-result-count');
      if (count === null || !/^\d+$/.test(count))
        problems.push('missing X-Result-Count');
      if (method === 'GET' && !response.headers.get('link'))
        problems.push('missing Link');
    }
    if (problems.length > 0) {
      throw new Error(
        `${method} ${path} -> ${response.status} does not conform to the OpenAPI subset:\n` +
          `${problems.slice(0, 20).join('\n')}\nbody: ${text.slice(0, 2000)}`,
      );
    }
  }
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/** A tiny HTTP server standing in for a web hook / callback receiver. */
export async function startReceiver(status = 200): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook/`,
    received,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface TestWorld {
  simulator: WaldurSimulator;
  demo: DemoWorld;
  /** Clients authenticated as the registry service user, staff, and the two buyers. */
  registry: ApiClient;
  staff: ApiClient;
  alice: ApiClient;
  bob: ApiClient;
  anonymous: ApiClient;
}

/** A simulator with the demo world and one client per demo user. */
export async function startTestWorld(seed = 'test'): Promise<TestWorld> {
  const simulator = await startWaldurSimulator({ seed, log: () => {} });
  const demo = seedDemoWorld(simulator);
  const anonymous = new ApiClient(simulator.url);
  return {
    simulator,
    demo,
    anonymous,
    registry: anonymous.withToken(demo.registry.token),
    staff: anonymous.withToken(demo.staff.token),
    alice: anonymous.withToken(demo.buyers[0].user.token),
    bob: anonymous.withToken(demo.buyers[1].user.token),
  };
}

export interface AgentOffering {
  offering: WaldurOffering;
  basic: WaldurPlan;
  pro: WaldurPlan;
}

/**
 * Publishes an agent as the registry would: a site-agent offering with
 * token usage components, two monthly plans with prices, then activation.
 */
export async function publishAgentOffering(
  world: TestWorld,
  options: { type?: string; name?: string } = {},
): Promise<AgentOffering> {
  const { registry, demo } = world;
  const created = await registry.post('/api/marketplace-provider-offerings/', {
    name: options.name ?? 'Summarizer agent',
    description: 'Summarizes documents.',
    type: options.type ?? 'Marketplace.Slurm',
    category: demo.category.url,
    customer: demo.provider.customer.url,
    components: [
      {
        type: 'input_tokens',
        name: 'Input tokens',
        billing_type: 'usage',
        measured_unit: 'tokens',
      },
      {
        type: 'output_tokens',
        name: 'Output tokens',
        billing_type: 'usage',
        measured_unit: 'tokens',
      },
      {
        type: 'seat',
        name: 'Seat',
        billing_type: 'fixed',
        measured_unit: 'seat',
      },
    ],
    plans: [
      { name: 'Basic', unit: 'month' },
      { name: 'Pro', unit: 'month' },
    ],
  });
  if (created.status !== 201) throw new Error(`offering: ${created.text}`);
  const offering = created.body as WaldurOffering;
  const [basic, pro] = offering.plans;
  await registry.post(`/api/marketplace-plans/${basic.uuid}/update_prices/`, {
    prices: { input_tokens: '0.001', output_tokens: '0.002', seat: '10' },
  });
  await registry.post(`/api/marketplace-plans/${basic.uuid}/update_quotas/`, {
    quotas: { seat: 1 },
  });
  await registry.post(`/api/marketplace-plans/${pro.uuid}/update_prices/`, {
    prices: { input_tokens: '0.0005', output_tokens: '0.001', seat: '50' },
  });
  await registry.post(`/api/marketplace-plans/${pro.uuid}/update_quotas/`, {
    quotas: { seat: 1 },
  });
  const activated = await registry.post(
    `/api/marketplace-provider-offerings/${offering.uuid}/activate/`,
  );
  if (activated.status !== 200) throw new Error(`activate: ${activated.text}`);
  const refreshed = await registry.get<WaldurOffering>(
    `/api/marketplace-provider-offerings/${offering.uuid}/`,
  );
  return {
    offering: refreshed.body,
    basic: refreshed.body.plans[0],
    pro: refreshed.body.plans[1],
  };
}

/** Public URLs a buyer uses to order an offering with a plan. */
export function orderBody(
  world: TestWorld,
  agent: AgentOffering,
  plan: WaldurPlan,
  buyer = 0,
  attributes: Record<string, unknown> = { name: 'my-agent' },
) {
  const base = new URL(world.simulator.url);
  return {
    offering: `${base.origin}/api/marketplace-public-offerings/${agent.offering.uuid}/`,
    plan: `${base.origin}/api/marketplace-public-offerings/${agent.offering.uuid}/plans/${plan.uuid}/`,
    project: world.demo.buyers[buyer].project.url,
    attributes,
  };
}
