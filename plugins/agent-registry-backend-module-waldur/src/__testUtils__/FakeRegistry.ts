import { InputError, NotFoundError } from '@backstage/errors';
import type {
  AgentAccess,
  AgentAccessState,
  AgentPlan,
  RegistryAgent,
  Tenant,
  TenantProject,
} from '@cmp/plugin-agent-registry-common';
import type {
  AccessUsageTotals,
  BillableAccess,
  MarketplaceRegistryApi,
} from '@cmp/plugin-agent-registry-node';
import { randomBytes, randomUUID } from 'node:crypto';

type Key = { id: string; secret: string; accessId: string; revoked: boolean };
type UsageRow = {
  accessId: string;
  day: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
};

export const TEST_PLANS: AgentPlan[] = [
  {
    name: 'starter',
    title: 'Starter',
    tier: 'starter',
    includedCalls: 1000,
    currency: 'EUR',
    prices: { monthly: '19.00', yearly: '190.00' },
  },
  {
    name: 'pro',
    title: 'Pro',
    tier: 'pro',
    includedCalls: 10000,
    currency: 'EUR',
    prices: { monthly: '79.00', perCall: '0.01' },
  },
];

/**
 * An in-memory MarketplaceRegistryApi that behaves like the registry promises to: tenants
 * and projects ensured by external id, access provisioned once per marketplace resource
 * (the first key's secret returned once), plan checks, key revocation on termination,
 * usage totals by day. Every call is recorded in `calls` so tests can assert that a
 * second run changed nothing.
 */
export class FakeRegistry implements MarketplaceRegistryApi {
  readonly agents = new Map<string, RegistryAgent>();
  readonly tenants = new Map<string, Tenant>();
  readonly projects = new Map<string, TenantProject>();
  readonly accesses = new Map<string, BillableAccess>();
  readonly keys: Key[] = [];
  readonly members: { tenantId: string; userRef: string }[] = [];
  readonly usage: UsageRow[] = [];
  readonly calls: string[] = [];
  /** Mutating calls only. */
  readonly writes: string[] = [];
  now: () => Date = () => new Date();
  private failures = new Map<string, Error[]>();

  /** Makes the next call(s) of a method throw. */
  failNext(method: keyof MarketplaceRegistryApi, ...errors: Error[]) {
    this.failures.set(method, [
      ...(this.failures.get(method) ?? []),
      ...errors,
    ]);
  }

  private record(method: string, write: boolean, detail = '') {
    this.calls.push(`${method}${detail ? ` ${detail}` : ''}`);
    if (write) this.writes.push(`${method}${detail ? ` ${detail}` : ''}`);
    const error = this.failures.get(method)?.shift();
    if (error) throw error;
  }

  addAgent(overrides: Partial<RegistryAgent> = {}): RegistryAgent {
    const id = overrides.id ?? randomUUID();
    const name = overrides.name ?? `agent-${id.slice(0, 8)}`;
    const now = this.now().toISOString();
    const agent: RegistryAgent = {
      id,
      namespace: 'default',
      name,
      entityRef: `agent:default/${name}`,
      title: 'Support Assistant',
      description: 'Answers questions about orders.',
      type: 'chat-agent',
      lifecycle: 'production',
      owner: 'group:default/agent-builders',
      tags: [],
      runtime: { type: 'langflow', flowId: randomUUID() },
      plans: structuredClone(TEST_PLANS),
      origin: 'registry',
      archived: false,
      createdAt: now,
      updatedAt: now,
      ...overrides,
    };
    this.agents.set(id, agent);
    return agent;
  }

  updateAgent(id: string, change: Partial<RegistryAgent>): RegistryAgent {
    const agent = { ...this.agents.get(id)!, ...change };
    this.agents.set(id, agent);
    return agent;
  }

  async getAgent(agentId: string) {
    this.record('getAgent', false);
    const agent = this.agents.get(agentId);
    return agent && structuredClone(agent);
  }

  async getAgentByOffering(offeringId: string) {
    this.record('getAgentByOffering', false);
    const agent = [...this.agents.values()].find(
      a => a.waldurOfferingUuid === offeringId,
    );
    return agent && structuredClone(agent);
  }

  async setOffering(agentId: string, offeringId: string | null) {
    this.record('setOffering', true, agentId);
    const agent = this.agents.get(agentId);
    if (!agent) throw new NotFoundError(`No agent ${agentId}`);
    this.agents.set(agentId, {
      ...agent,
      waldurOfferingUuid: offeringId ?? undefined,
    });
  }

  async ensureTenant(input: { externalId: string; name: string }) {
    const existing = [...this.tenants.values()].find(
      t => t.waldurCustomerUuid === input.externalId,
    );
    if (existing && existing.name === input.name) {
      this.record('ensureTenant', false);
      return { ...existing };
    }
    this.record('ensureTenant', true, input.externalId);
    const tenant: Tenant = existing
      ? { ...existing, name: input.name }
      : {
          id: randomUUID(),
          name: input.name,
          waldurCustomerUuid: input.externalId,
          createdAt: this.now().toISOString(),
        };
    this.tenants.set(tenant.id, tenant);
    return { ...tenant };
  }

  async ensureProject(input: {
    tenantId: string;
    externalId: string;
    name: string;
  }) {
    if (!this.tenants.has(input.tenantId)) {
      throw new NotFoundError(`No tenant ${input.tenantId}`);
    }
    const existing = [...this.projects.values()].find(
      p => p.waldurProjectUuid === input.externalId,
    );
    if (existing && existing.name === input.name) {
      this.record('ensureProject', false);
      return { ...existing };
    }
    this.record('ensureProject', true, input.externalId);
    const project: TenantProject = existing
      ? { ...existing, name: input.name }
      : {
          id: randomUUID(),
          tenantId: input.tenantId,
          name: input.name,
          waldurProjectUuid: input.externalId,
          createdAt: this.now().toISOString(),
        };
    this.projects.set(project.id, project);
    return { ...project };
  }

  async addTenantMember(tenantId: string, userRef: string) {
    this.record('addTenantMember', true);
    this.members.push({ tenantId, userRef });
  }

  async provisionAccess(input: {
    tenantId: string;
    projectId?: string;
    agentId: string;
    plan: string;
    externalResourceId: string;
    billingCycle?: 'monthly' | 'yearly';
  }) {
    const existing = this.accesses.get(input.externalResourceId);
    if (existing) {
      this.record('provisionAccess', false);
      return { access: strip(existing), created: false };
    }
    this.record('provisionAccess', true, input.externalResourceId);
    const agent = this.agents.get(input.agentId);
    if (!agent) throw new NotFoundError(`No agent ${input.agentId}`);
    if (!agent.plans.some(p => p.name === input.plan)) {
      throw new InputError(`Agent ${agent.name} has no plan ${input.plan}`);
    }
    const tenant = this.tenants.get(input.tenantId);
    if (!tenant) throw new NotFoundError(`No tenant ${input.tenantId}`);
    const now = this.now().toISOString();
    const access: BillableAccess = {
      id: randomUUID(),
      agentId: agent.id,
      agentRef: agent.entityRef,
      tenantId: input.tenantId,
      projectId: input.projectId,
      plan: input.plan,
      state: 'active',
      waldurResourceUuid: input.externalResourceId,
      billingCycle: input.billingCycle ?? 'monthly',
      createdAt: now,
      updatedAt: now,
      externalResourceId: input.externalResourceId,
      tenantExternalId: tenant.waldurCustomerUuid,
    };
    this.accesses.set(input.externalResourceId, access);
    return {
      access: strip(access),
      created: true,
      firstKey: this.issueKey(access.id),
    };
  }

  issueKey(accessId: string) {
    const key = {
      id: randomUUID(),
      secret: `ar_${randomBytes(18).toString('base64url')}`,
      accessId,
      revoked: false,
    };
    this.keys.push(key);
    return { id: key.id, secret: key.secret };
  }

  async findAccessByResource(externalResourceId: string) {
    this.record('findAccessByResource', false);
    const access = this.accesses.get(externalResourceId);
    return access && strip(access);
  }

  private access(externalResourceId: string): BillableAccess {
    const access = this.accesses.get(externalResourceId);
    if (!access) {
      throw new NotFoundError(`No access for resource ${externalResourceId}`);
    }
    return access;
  }

  async changePlan(externalResourceId: string, plan: string) {
    this.record('changePlan', true, `${externalResourceId} ${plan}`);
    const access = this.access(externalResourceId);
    const agent = this.agents.get(access.agentId)!;
    if (!agent.plans.some(p => p.name === plan)) {
      throw new InputError(`Agent ${agent.name} has no plan ${plan}`);
    }
    access.plan = plan;
    access.updatedAt = this.now().toISOString();
    return strip(access);
  }

  async setAccessState(externalResourceId: string, state: AgentAccessState) {
    this.record('setAccessState', true, `${externalResourceId} ${state}`);
    const access = this.access(externalResourceId);
    if (access.state === 'terminated' && state !== 'terminated') {
      throw new InputError('A terminated access cannot be changed');
    }
    access.state = state;
    access.updatedAt = this.now().toISOString();
    if (state === 'terminated') {
      for (const key of this.keys) {
        if (key.accessId === access.id) key.revoked = true;
      }
    }
    return strip(access);
  }

  async listBillableAccess() {
    this.record('listBillableAccess', false);
    return [...this.accesses.values()].map(a => ({ ...a }));
  }

  /** Test helper: calls and tokens of an access on a day. */
  addUsage(
    accessId: string,
    day: string,
    usage: { calls: number; inputTokens?: number; outputTokens?: number },
  ) {
    this.usage.push({
      accessId,
      day,
      calls: usage.calls,
      inputTokens: usage.inputTokens ?? 0,
      outputTokens: usage.outputTokens ?? 0,
    });
  }

  async usageTotals(
    accessId: string,
    fromDay: string,
    toDay: string,
  ): Promise<AccessUsageTotals> {
    this.record('usageTotals', false);
    const rows = this.usage.filter(
      u => u.accessId === accessId && u.day >= fromDay && u.day <= toDay,
    );
    return {
      calls: rows.reduce((s, r) => s + r.calls, 0),
      inputTokens: rows.reduce((s, r) => s + r.inputTokens, 0),
      outputTokens: rows.reduce((s, r) => s + r.outputTokens, 0),
      computeMs: 0,
    };
  }
  async changeBillingCycle(
    externalResourceId: string,
    billingCycle: 'monthly' | 'yearly',
  ) {
    this.calls.push(`changeBillingCycle ${billingCycle}`);
    this.writes.push(`changeBillingCycle ${externalResourceId}`);
    const access = this.accesses.get(externalResourceId);
    if (!access) throw new NotFoundError('No access');
    access.billingCycle = billingCycle;
    return strip(access);
  }

  async reissueFirstKey(externalResourceId: string) {
    this.calls.push('reissueFirstKey');
    this.writes.push(`reissueFirstKey ${externalResourceId}`);
    const access = this.accesses.get(externalResourceId);
    if (!access) throw new NotFoundError('No access');
    for (const key of this.keys) {
      if (key.accessId === access.id) key.revoked = true;
    }
    return this.issueKey(access.id);
  }
}

function strip(access: BillableAccess): AgentAccess {
  const {
    externalResourceId: _ext,
    tenantExternalId: _tenant,
    ...rest
  } = access;
  return { ...rest };
}
