import { catchUpBilling } from './billing';
import { notFound } from './errors';
import { createHook } from './hooks';
import type { DownMode, Faults, FaultsSnapshot, PathPattern } from './faults';
import { normalizeUuid } from './ids';
import { approveByConsumer, createOrder } from './orderFlow';
import { switchPlan, terminateResource, updateLimits } from './resourceOrders';
import { renderInvoice, renderUsage } from './render/billing';
import { renderHook, renderEvent } from './render/hooks';
import { renderPlan, renderProviderOffering } from './render/offerings';
import { renderOrder, renderResource } from './render/orders';
import {
  renderCategory,
  renderCustomer,
  renderProject,
  renderServiceProvider,
  renderUser,
  type RenderContext,
} from './render/structure';
import type { Simulation } from './simulation';
import type {
  DeliveryRecord,
  JsonObject,
  ResourceRecord,
  UserRecord,
} from './store';
import {
  createCategory,
  createCustomer,
  createProject,
  createServiceProvider,
  createUser,
  grantRole,
  type NewUser,
} from './structure';
import type {
  RoleName,
  WaldurCategory,
  WaldurCustomer,
  WaldurEvent,
  WaldurInvoice,
  WaldurOffering,
  WaldurOrder,
  WaldurPlan,
  WaldurProject,
  WaldurResource,
  WaldurServiceProvider,
  WaldurUser,
  WaldurWebHook,
  WaldurComponentUsage,
} from './types';

/**
 * The simulator's control surface, for tests and demo mode: build the world
 * the way HomePort users would (organizations, projects, users with roles,
 * orders), read everything back, and break the API on purpose. Available
 * programmatically (WaldurSimulator) and over HTTP under /_simulator/.
 */

export interface RoleGrant {
  scope: 'customer' | 'project';
  /** UUID of the organization or project. */
  uuid: string;
  role: RoleName;
}

export interface CreateUserInput extends NewUser {
  roles?: RoleGrant[];
}

export interface SimulatorUser {
  uuid: string;
  username: string;
  token: string;
  user: WaldurUser;
}

/** A user reference in control calls: UUID or username. */
export type UserRef = string;

export interface CreateOrderInput {
  /** The buyer placing the order (UUID or username), as in HomePort. */
  user: UserRef;
  offering: string;
  plan?: string;
  project: string;
  attributes?: JsonObject;
  limits?: Record<string, number>;
  callbackUrl?: string;
}

export interface RegisterHookInput {
  destinationUrl: string;
  /** Hook author (UUID or username); defaults to a built-in staff user. */
  user?: UserRef;
  eventTypes?: string[];
  eventGroups?: string[];
  contentType?: 'json' | 'form';
}

export interface SimulatorState {
  customers: WaldurCustomer[];
  projects: WaldurProject[];
  users: SimulatorUser[];
  serviceProviders: WaldurServiceProvider[];
  categories: WaldurCategory[];
  offerings: WaldurOffering[];
  plans: WaldurPlan[];
  orders: WaldurOrder[];
  resources: WaldurResource[];
  usages: WaldurComponentUsage[];
  invoices: WaldurInvoice[];
  hooks: WaldurWebHook[];
  events: WaldurEvent[];
  deliveries: DeliveryRecord[];
  faults: FaultsSnapshot;
}

/** What the control surface needs from the HTTP server. */
export interface ServerHandle {
  readonly url: string;
  listen(): Promise<void>;
  close(): Promise<void>;
}

const HOOKS_USER = 'waldur-simulator-hooks';

export class WaldurSimulator {
  private restoreTimer?: NodeJS.Timeout;

  constructor(
    private readonly sim: Simulation,
    private readonly faults: Faults,
    private readonly server: ServerHandle,
  ) {}

  /** Base URL of the simulated Waldur, e.g. http://127.0.0.1:8000 */
  get url(): string {
    return this.server.url;
  }

  private render(baseUrl = this.url): RenderContext {
    return { store: this.sim.store, baseUrl };
  }

  async stop(): Promise<void> {
    clearTimeout(this.restoreTimer);
    await this.server.close();
    await this.sim.deliveries.settled();
  }

  /**
   * Switches the Waldur API down or back up. Modes: 'refuse' (connection
   * refused), 'reset' (connections dropped), or an HTTP status (default 503).
   * With `durationMs` the API comes back up by itself. The control surface
   * keeps working, except in 'refuse' mode where the whole port is closed.
   */
  async setDown(
    down: boolean,
    mode: DownMode = 503,
    options: { durationMs?: number } = {},
  ): Promise<void> {
    clearTimeout(this.restoreTimer);
    const wasRefusing = this.faults.down === 'refuse';
    this.faults.down = down ? mode : false;
    if (down && mode === 'refuse' && !wasRefusing) await this.server.close();
    if ((!down || mode !== 'refuse') && wasRefusing) await this.server.listen();
    this.sim.log(down ? `API switched down (${mode})` : 'API switched back up');
    if (down && options.durationMs !== undefined) {
      this.restoreTimer = setTimeout(() => {
        this.setDown(false).catch(error =>
          this.sim.log(`could not switch the API back up: ${String(error)}`),
        );
      }, options.durationMs);
    }
  }

  /** The next `count` API calls whose path matches answer `status`. */
  failNext(
    pathPattern: PathPattern,
    count: number,
    status = 500,
    options: { method?: string; body?: unknown } = {},
  ): void {
    this.faults.failNext(pathPattern, count, status, options);
  }

  /** Adds `ms` of latency to API calls (matching `pathPattern`, if given). */
  addLatency(ms: number, pathPattern?: PathPattern): void {
    this.faults.addLatency(ms, pathPattern);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Moves the simulator's clock (billing months, token expiry); undefined = real time. */
  setNow(date: Date | undefined): void {
    this.sim.store.setNow(date);
  }

  /** Forgets everything: world, deliveries, faults and clock. */
  async reset(): Promise<void> {
    await this.setDown(false);
    this.faults.clear();
    this.sim.store.reset();
  }

  createCustomer(fields: { name: string } & JsonObject): WaldurCustomer {
    return renderCustomer(this.render(), createCustomer(this.sim, fields));
  }

  createProject(
    input: { customer: string; name: string } & JsonObject,
  ): WaldurProject {
    const { customer, ...fields } = input;
    const { uuid } = this.find(this.sim.store.customers, customer, 'customer');
    return renderProject(this.render(), createProject(this.sim, uuid, fields));
  }

  createUser(input: CreateUserInput): SimulatorUser {
    const { roles = [], ...fields } = input;
    const user = createUser(this.sim, fields);
    for (const grant of roles) this.grant(user, grant);
    return this.describeUser(user);
  }

  grantRole(user: UserRef, grant: RoleGrant): SimulatorUser {
    const record = this.user(user);
    this.grant(record, grant);
    return this.describeUser(record);
  }

  createServiceProvider(input: {
    customer: string;
    description?: string;
  }): WaldurServiceProvider {
    const { uuid } = this.find(
      this.sim.store.customers,
      input.customer,
      'customer',
    );
    return renderServiceProvider(
      this.render(),
      createServiceProvider(this.sim, uuid, { description: input.description }),
    );
  }

  createCategory(input: {
    title: string;
    description?: string;
  }): WaldurCategory {
    return renderCategory(
      this.render(),
      createCategory(this.sim, input.title, input.description),
    );
  }

  /** Places an order as a buyer would in HomePort (POST /api/marketplace-orders/). */
  createOrder(input: CreateOrderInput): WaldurOrder {
    const { store } = this.sim;
    const order = createOrder(this.sim, this.user(input.user), {
      offering: this.find(store.offerings, input.offering, 'offering'),
      plan: input.plan ? this.find(store.plans, input.plan, 'plan') : undefined,
      projectUuid: this.find(store.projects, input.project, 'project').uuid,
      type: 'Create',
      attributes: input.attributes ?? {},
      limits: input.limits ?? {},
      callbackUrl: input.callbackUrl ?? null,
    });
    return renderOrder(this.render(), order);
  }

  /** The buyer's "terminate" button (POST …/marketplace-resources/{uuid}/terminate/). */
  terminateResource(input: {
    user: UserRef;
    resource: string;
    attributes?: JsonObject;
  }): WaldurOrder {
    const order = terminateResource(
      this.sim,
      this.user(input.user),
      this.resource(input.resource),
      input.attributes,
    );
    return renderOrder(this.render(), order);
  }

  /** The buyer's plan change (POST …/marketplace-resources/{uuid}/switch_plan/). */
  changePlan(input: {
    user: UserRef;
    resource: string;
    plan: string;
  }): WaldurOrder {
    const plan = this.find(this.sim.store.plans, input.plan, 'plan');
    const order = switchPlan(
      this.sim,
      this.user(input.user),
      this.resource(input.resource),
      plan,
    );
    return renderOrder(this.render(), order);
  }

  /** The buyer's limit change (POST …/marketplace-resources/{uuid}/update_limits/). */
  updateLimits(input: {
    user: UserRef;
    resource: string;
    limits: Record<string, number>;
  }): WaldurOrder {
    const order = updateLimits(
      this.sim,
      this.user(input.user),
      this.resource(input.resource),
      input.limits,
    );
    return renderOrder(this.render(), order);
  }

  /** Consumer approval of an order waiting in pending-consumer. */
  approveOrderAsConsumer(input: { user: UserRef; order: string }): WaldurOrder {
    const order = this.find(this.sim.store.orders, input.order, 'order');
    approveByConsumer(this.sim, order, this.user(input.user));
    return renderOrder(this.render(), order);
  }

  /** Registers a web hook (as POST /api/hooks-web/ would) for a receiver URL. */
  registerHook(input: RegisterHookInput): WaldurWebHook {
    const author = input.user ? this.user(input.user) : this.hooksUser();
    const hook = createHook(this.sim.store, author.uuid, {
      destinationUrl: input.destinationUrl,
      eventTypes: input.eventTypes ?? [],
      eventGroups: input.eventGroups ?? [],
      contentType: input.contentType ?? 'json',
    });
    return renderHook(this.render(), hook);
  }

  /** Every outgoing web hook / order callback attempt so far. */
  deliveries(): DeliveryRecord[] {
    return this.sim.store.deliveries.map(delivery => ({ ...delivery }));
  }

  /** Resolves once all started deliveries have been answered or failed. */
  settled(): Promise<void> {
    return this.sim.deliveries.settled();
  }

  state(baseUrl = this.url): SimulatorState {
    const { store } = this.sim;
    catchUpBilling(store);
    const ctx = this.render(baseUrl);
    return {
      customers: [...store.customers.values()].map(c => renderCustomer(ctx, c)),
      projects: [...store.projects.values()].map(p => renderProject(ctx, p)),
      users: [...store.users.values()].map(u => this.describeUser(u, baseUrl)),
      serviceProviders: [...store.serviceProviders.values()].map(sp =>
        renderServiceProvider(ctx, sp),
      ),
      categories: [...store.categories.values()].map(c =>
        renderCategory(ctx, c),
      ),
      offerings: [...store.offerings.values()].map(o =>
        renderProviderOffering(ctx, o),
      ),
      plans: [...store.plans.values()].map(p => renderPlan(ctx, p, 'details')),
      orders: [...store.orders.values()].map(o => renderOrder(ctx, o)),
      resources: [...store.resources.values()].map(r => renderResource(ctx, r)),
      usages: [...store.usages.values()].map(u => renderUsage(ctx, u)),
      invoices: [...store.invoices.values()].map(i => renderInvoice(ctx, i)),
      hooks: [...store.hooks.values()].map(h => renderHook(ctx, h)),
      events: [...store.events.values()].map(renderEvent),
      deliveries: this.deliveries(),
      faults: this.faults.snapshot(),
    };
  }

  private grant(user: UserRecord, grant: RoleGrant): void {
    const map: Map<string, { uuid: string }> =
      grant.scope === 'customer'
        ? this.sim.store.customers
        : this.sim.store.projects;
    const scope = this.find(map, grant.uuid, grant.scope);
    grantRole(this.sim, user, grant.scope, scope.uuid, grant.role);
  }

  private describeUser(user: UserRecord, baseUrl = this.url): SimulatorUser {
    return {
      uuid: user.uuid,
      username: user.username,
      token: user.token,
      user: renderUser(this.render(baseUrl), user, true),
    };
  }

  private hooksUser(): UserRecord {
    const existing = [...this.sim.store.users.values()].find(
      u => u.username === HOOKS_USER,
    );
    return (
      existing ??
      createUser(this.sim, {
        username: HOOKS_USER,
        isStaff: true,
        tokenLifetime: null,
      })
    );
  }

  private find<T>(map: Map<string, T>, uuid: string, what: string): T {
    const item = map.get(normalizeUuid(uuid) ?? '');
    if (!item) throw notFound(`Unknown ${what} ${uuid}.`);
    return item;
  }

  private user(ref: UserRef): UserRecord {
    const users = [...this.sim.store.users.values()];
    const user =
      users.find(u => u.uuid === normalizeUuid(ref)) ??
      users.find(u => u.username === ref);
    if (!user) throw notFound(`Unknown user ${ref}.`);
    return user;
  }

  private resource(uuid: string): ResourceRecord {
    return this.find(this.sim.store.resources, uuid, 'resource');
  }
}
