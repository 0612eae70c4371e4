import type {
  CreateOrderInput,
  CreateUserInput,
  RegisterHookInput,
  RoleGrant,
  SimulatorState,
  WaldurSimulator,
} from './control';
import { seedDemoWorld } from './demoWorld';
import { ApiError, notFound } from './errors';
import type { DownMode } from './faults';
import {
  route,
  type Handler,
  type Reply,
  type RequestContext,
  type Route,
} from './router';
import type { JsonObject } from './store';

/**
 * HTTP bindings of the control surface under /_simulator/. No
 * authentication: this is a test and demo tool. Inputs use plain UUIDs
 * (or usernames for users) rather than Waldur hyperlinks.
 */

const P = '/_simulator/';

function need(body: JsonObject, ...keys: string[]): void {
  const missing = keys.filter(
    key => body[key] === undefined || body[key] === null,
  );
  if (missing.length > 0) {
    throw new ApiError(
      400,
      Object.fromEntries(
        missing.map(key => [key, ['This field is required.']]),
      ),
    );
  }
}

function input<T>(ctx: RequestContext, ...required: string[]): T {
  const body = ctx.body();
  need(body, ...required);
  return body as T;
}

function json(body: unknown, status = 200): Reply {
  return { status, body };
}

function created(body: unknown): Reply {
  return json(body, 201);
}

function downMode(body: JsonObject): DownMode {
  if (body.mode === 'refuse' || body.mode === 'reset') return body.mode;
  return typeof body.status === 'number' ? body.status : 503;
}

export function controlRoutes(simulator: WaldurSimulator): Route[] {
  const control = (
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    handler: Handler,
  ) => route(method, `${P}${path}`, handler, { public: true });

  return [
    control('GET', 'state/', ctx => json(simulator.state(ctx.baseUrl))),
    control('GET', 'state/{section}/', ctx => {
      const state = simulator.state(ctx.baseUrl);
      const section = ctx.params.section as keyof SimulatorState;
      if (!(section in state)) throw notFound(`Unknown section ${section}.`);
      return json(state[section]);
    }),
    control('GET', 'deliveries/', () => json(simulator.deliveries())),
    control('POST', 'reset/', async () => {
      await simulator.reset();
      return json({ detail: 'Simulator reset.' });
    }),
    control('POST', 'down/', async ctx => {
      const body = input<JsonObject>(ctx, 'down');
      const mode = downMode(body);
      const durationMs =
        typeof body.durationMs === 'number' ? body.durationMs : undefined;
      if (body.down === true && mode === 'refuse' && durationMs === undefined) {
        // The control surface shares the port: without a duration it could never come back.
        throw new ApiError(400, {
          durationMs: ['Required with mode "refuse".'],
        });
      }
      await simulator.setDown(body.down === true, mode, { durationMs });
      return json({ down: body.down === true ? mode : false });
    }),
    control('POST', 'faults/', ctx => {
      const body = input<JsonObject>(ctx, 'pattern', 'count');
      simulator.failNext(
        String(body.pattern),
        Number(body.count),
        Number(body.status ?? 500),
        {
          method: typeof body.method === 'string' ? body.method : undefined,
          body: body.body,
        },
      );
      return created(simulator.state(ctx.baseUrl).faults);
    }),
    control('POST', 'latency/', ctx => {
      const body = input<JsonObject>(ctx, 'ms');
      simulator.addLatency(
        Number(body.ms),
        typeof body.pattern === 'string' ? body.pattern : undefined,
      );
      return created(simulator.state(ctx.baseUrl).faults);
    }),
    control('DELETE', 'faults/', () => {
      simulator.clearFaults();
      return json({ detail: 'Faults cleared.' });
    }),
    control('POST', 'clock/', ctx => {
      const body = ctx.body();
      simulator.setNow(
        typeof body.now === 'string' ? new Date(body.now) : undefined,
      );
      return json({ now: typeof body.now === 'string' ? body.now : null });
    }),
    control('POST', 'demo-world/', () => created(seedDemoWorld(simulator))),
    control('POST', 'customers/', ctx =>
      created(simulator.createCustomer(input<{ name: string }>(ctx, 'name'))),
    ),
    control('POST', 'projects/', ctx =>
      created(
        simulator.createProject(
          input<{ customer: string; name: string }>(ctx, 'customer', 'name'),
        ),
      ),
    ),
    control('POST', 'users/', ctx =>
      created(simulator.createUser(input<CreateUserInput>(ctx, 'username'))),
    ),
    control('POST', 'users/{uuid}/roles/', ctx =>
      created(
        simulator.grantRole(
          ctx.params.uuid,
          input<RoleGrant>(ctx, 'scope', 'uuid', 'role'),
        ),
      ),
    ),
    control('POST', 'service-providers/', ctx =>
      created(
        simulator.createServiceProvider(
          input<{ customer: string }>(ctx, 'customer'),
        ),
      ),
    ),
    control('POST', 'categories/', ctx =>
      created(simulator.createCategory(input<{ title: string }>(ctx, 'title'))),
    ),
    control('POST', 'orders/', ctx =>
      created(
        simulator.createOrder(
          input<CreateOrderInput>(ctx, 'user', 'offering', 'project'),
        ),
      ),
    ),
    control('POST', 'orders/{uuid}/approve/', ctx =>
      json(
        simulator.approveOrderAsConsumer({
          ...input<{ user: string }>(ctx, 'user'),
          order: ctx.params.uuid,
        }),
      ),
    ),
    control('POST', 'resources/{uuid}/terminate/', ctx =>
      created(
        simulator.terminateResource({
          ...input<{ user: string; attributes?: JsonObject }>(ctx, 'user'),
          resource: ctx.params.uuid,
        }),
      ),
    ),
    control('POST', 'resources/{uuid}/change-plan/', ctx =>
      created(
        simulator.changePlan({
          ...input<{ user: string; plan: string }>(ctx, 'user', 'plan'),
          resource: ctx.params.uuid,
        }),
      ),
    ),
    control('POST', 'resources/{uuid}/update-limits/', ctx =>
      created(
        simulator.updateLimits({
          ...input<{ user: string; limits: Record<string, number> }>(
            ctx,
            'user',
            'limits',
          ),
          resource: ctx.params.uuid,
        }),
      ),
    ),
    control('POST', 'hooks/', ctx =>
      created(
        simulator.registerHook(input<RegisterHookInput>(ctx, 'destinationUrl')),
      ),
    ),
  ];
}
