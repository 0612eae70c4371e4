import { InputError, NotFoundError } from '@backstage/errors';
import type {
  AgentAccess,
  AgentAccessState,
  RegistryAgent,
  Tenant,
  TenantProject,
} from '@cmp/plugin-agent-registry-common';
import type {
  AccessUsageTotals,
  BillableAccess,
  MarketplaceRegistryApi,
} from '@cmp/plugin-agent-registry-node';
import { toAccessView } from '../access/AccessService';
import { agentEntityRef, toRegistryAgent } from '../agents/agentView';
import type { AccessRecord } from '../database/DatabaseAccessStore';
import type { AgentRecord } from '../database/DatabaseAgentStore';
import { issueKey } from '../keys/KeyService';
import type { Caller } from '../service/Caller';
import { audited, type RegistryContext } from '../service/RegistryContext';

const WALDUR_UUID = /^[0-9a-f]{32}$/;

function checkExternalId(value: string, field: string) {
  if (!WALDUR_UUID.test(value))
    throw new InputError(
      `${field} must be a marketplace UUID (32 hex digits), got ${JSON.stringify(
        value,
      )}`,
    );
}

/** A unique-constraint violation: a concurrent writer created the same thing first. */
/**
 * Finds a record by its marketplace id or creates it (audited). Two connectors' replicas
 * may race to create it: the loser's unique-key violation turns into the winner's record.
 */
async function findOrCreate<T>(
  find: () => Promise<T | undefined>,
  create: () => Promise<T>,
): Promise<T> {
  const found = await find();
  if (found) return found;
  try {
    return await create();
  } catch (error) {
    const existing = await find();
    if (existing) return existing;
    throw error;
  }
}

/**
 * The registry as marketplace connectors see it: tenants, projects and access records made
 * from marketplace customers, projects and orders, each change in one transaction and
 * audited with the connector as the actor. Everything a connector may repeat is idempotent.
 */
export class RegistryMarketplaceApi implements MarketplaceRegistryApi {
  constructor(
    private readonly ctx: RegistryContext,
    private readonly caller: Caller,
  ) {}

  async getAgent(agentId: string): Promise<RegistryAgent | undefined> {
    const record = await this.ctx.db.stores.agents.get(agentId);
    return (
      record &&
      toRegistryAgent(
        record,
        await this.ctx.db.stores.versions.listSummaries([record.id]),
      )
    );
  }

  async getAgentByOffering(
    offeringId: string,
  ): Promise<RegistryAgent | undefined> {
    const record = await this.ctx.db.stores.agents.getByOffering(offeringId);
    return (
      record &&
      toRegistryAgent(
        record,
        await this.ctx.db.stores.versions.listSummaries([record.id]),
      )
    );
  }

  async setOffering(agentId: string, offeringId: string | null): Promise<void> {
    if (offeringId !== null) checkExternalId(offeringId, 'offeringId');
    await audited(
      this.ctx,
      this.caller,
      'agent-offering',
      { agent: agentId, offering: offeringId },
      () =>
        this.ctx.db.stores.agents.update(agentId, {
          waldurOfferingUuid: offeringId,
          updatedAt: this.ctx.now().toISOString(),
        }),
    );
    await this.ctx.notifier.notify({ agentId, change: 'updated' });
  }

  async ensureTenant(input: {
    externalId: string;
    name: string;
  }): Promise<Tenant> {
    checkExternalId(input.externalId, 'externalId');
    return findOrCreate(
      () => this.ctx.db.stores.tenants.getByWaldurUuid(input.externalId),
      () => {
        const tenant: Tenant = {
          id: this.ctx.newId(),
          name: input.name,
          waldurCustomerUuid: input.externalId,
          createdAt: this.ctx.now().toISOString(),
        };
        return audited(
          this.ctx,
          this.caller,
          'tenant-create',
          { tenant: tenant.id, customer: input.externalId },
          async () => {
            await this.ctx.db.stores.tenants.insert(tenant);
            return tenant;
          },
        );
      },
    );
  }

  async ensureProject(input: {
    tenantId: string;
    externalId: string;
    name: string;
  }): Promise<TenantProject> {
    checkExternalId(input.externalId, 'externalId');
    return findOrCreate(
      () => this.ctx.db.stores.tenants.getProjectByWaldurUuid(input.externalId),
      () => {
        const project: TenantProject = {
          id: this.ctx.newId(),
          tenantId: input.tenantId,
          name: input.name,
          waldurProjectUuid: input.externalId,
          createdAt: this.ctx.now().toISOString(),
        };
        return audited(
          this.ctx,
          this.caller,
          'project-create',
          { tenant: input.tenantId, project: project.id },
          async () => {
            await this.ctx.db.stores.tenants.insertProject(project);
            return project;
          },
        );
      },
    );
  }

  async addTenantMember(tenantId: string, userRef: string): Promise<void> {
    await this.ctx.db.stores.tenants.addMember(
      tenantId,
      userRef,
      this.ctx.now().toISOString(),
    );
  }

  async provisionAccess(input: {
    tenantId: string;
    projectId?: string;
    agentId: string;
    plan: string;
    externalResourceId: string;
    billingCycle?: 'monthly' | 'yearly';
  }): Promise<{
    access: AgentAccess;
    created: boolean;
    firstKey?: { id: string; secret: string };
  }> {
    checkExternalId(input.externalResourceId, 'externalResourceId');
    const agent = await this.ctx.db.stores.agents.get(input.agentId);
    if (!agent) throw new NotFoundError(`No agent ${input.agentId}`);
    const existing = await this.ctx.db.stores.access.getByResource(
      input.externalResourceId,
    );
    if (existing)
      return { access: toAccessView(existing, agent), created: false };
    if (!agent.plans.some(p => p.name === input.plan)) {
      throw new InputError(
        `plan "${input.plan}" is not offered for ${agentEntityRef(
          agent,
        )} (${agent.plans.map(p => p.name).join(', ')})`,
      );
    }
    if (
      !(await this.ctx.db.stores.tenants.get({ all: true }, input.tenantId))
    ) {
      throw new NotFoundError(`No tenant ${input.tenantId}`);
    }
    const now = this.ctx.now().toISOString();
    const access: AccessRecord = {
      id: this.ctx.newId(),
      tenantId: input.tenantId,
      agentId: agent.id,
      projectId: input.projectId,
      plan: input.plan,
      state: 'active',
      waldurResourceUuid: input.externalResourceId,
      billingCycle: input.billingCycle ?? 'monthly',
      createdAt: now,
      updatedAt: now,
    };
    try {
      return await audited(
        this.ctx,
        this.caller,
        'access-provision',
        {
          agent: agentEntityRef(agent),
          tenant: input.tenantId,
          resource: input.externalResourceId,
        },
        () =>
          this.ctx.db.transaction(async stores => {
            await stores.access.insert(access);
            const { record, secret } = await issueKey(stores, access, {
              id: this.ctx.newId(),
              kind: 'api',
              name: 'first key',
              createdBy: this.caller.actor,
              now,
            });
            return {
              access: toAccessView(access, agent),
              created: true,
              firstKey: { id: record.id, secret },
            };
          }),
      );
    } catch (error) {
      // Provisioned concurrently for the same resource: the first one stands.
      const raced = await this.ctx.db.stores.access.getByResource(
        input.externalResourceId,
      );
      if (raced) return { access: toAccessView(raced, agent), created: false };
      throw error;
    }
  }

  async findAccessByResource(
    externalResourceId: string,
  ): Promise<AgentAccess | undefined> {
    const access = await this.ctx.db.stores.access.getByResource(
      externalResourceId,
    );
    const agent =
      access && (await this.ctx.db.stores.agents.get(access.agentId));
    return access && agent ? toAccessView(access, agent) : undefined;
  }

  async changePlan(
    externalResourceId: string,
    plan: string,
  ): Promise<AgentAccess> {
    const { access, agent } = await this.byResource(externalResourceId);
    if (!agent.plans.some(p => p.name === plan)) {
      throw new InputError(
        `plan "${plan}" is not offered for ${agentEntityRef(agent)}`,
      );
    }
    if (access.plan === plan) return toAccessView(access, agent);
    const now = this.ctx.now().toISOString();
    await audited(
      this.ctx,
      this.caller,
      'access-plan',
      { resource: externalResourceId, plan },
      () =>
        this.ctx.db.stores.access.setPlan(
          access.tenantId,
          access.id,
          plan,
          now,
        ),
    );
    return toAccessView({ ...access, plan, updatedAt: now }, agent);
  }

  async changeBillingCycle(
    externalResourceId: string,
    billingCycle: 'monthly' | 'yearly',
  ): Promise<AgentAccess> {
    const { access, agent } = await this.byResource(externalResourceId);
    if (access.billingCycle === billingCycle)
      return toAccessView(access, agent);
    const now = this.ctx.now().toISOString();
    await audited(
      this.ctx,
      this.caller,
      'access-billing-cycle',
      { resource: externalResourceId, billingCycle },
      () =>
        this.ctx.db.stores.access.setBillingCycle(
          access.tenantId,
          access.id,
          billingCycle,
          now,
        ),
    );
    return toAccessView({ ...access, billingCycle, updatedAt: now }, agent);
  }

  async reissueFirstKey(
    externalResourceId: string,
  ): Promise<{ id: string; secret: string }> {
    const { access } = await this.byResource(externalResourceId);
    if (access.state === 'terminated') {
      throw new InputError(
        `The access for resource ${externalResourceId} has ended; it gets no keys`,
      );
    }
    const now = this.ctx.now().toISOString();
    return audited(
      this.ctx,
      this.caller,
      'key-reissue',
      { resource: externalResourceId },
      () =>
        this.ctx.db.transaction(async stores => {
          // Only the keys this marketplace issued: the buyer's own keys stay.
          await stores.keys.revokeIssuedBy(
            access.tenantId,
            access.id,
            this.caller.actor,
            now,
          );
          const { record, secret } = await issueKey(stores, access, {
            id: this.ctx.newId(),
            kind: 'api',
            name: 'first key',
            createdBy: this.caller.actor,
            now,
          });
          return { id: record.id, secret };
        }),
    );
  }

  async setAccessState(
    externalResourceId: string,
    state: AgentAccessState,
  ): Promise<AgentAccess> {
    const { access, agent } = await this.byResource(externalResourceId);
    if (access.state === state) return toAccessView(access, agent);
    if (access.state === 'terminated') {
      throw new InputError(
        `The access for resource ${externalResourceId} has ended and cannot become ${state}`,
      );
    }
    const now = this.ctx.now().toISOString();
    await audited(
      this.ctx,
      this.caller,
      'access-state',
      { resource: externalResourceId, state },
      () =>
        this.ctx.db.transaction(async stores => {
          await stores.access.setState(access.tenantId, access.id, state, now);
          if (state === 'terminated')
            await stores.keys.revokeAllForAccess(
              access.tenantId,
              access.id,
              now,
            );
        }),
    );
    return toAccessView({ ...access, state, updatedAt: now }, agent);
  }

  async listBillableAccess(): Promise<BillableAccess[]> {
    const rows = await this.ctx.db.stores.access.listWithResource();
    const agents = new Map<string, AgentRecord>();
    const result: BillableAccess[] = [];
    for (const row of rows) {
      if (!agents.has(row.agentId)) {
        const agent = await this.ctx.db.stores.agents.get(row.agentId);
        if (agent) agents.set(row.agentId, agent);
      }
      const agent = agents.get(row.agentId);
      if (agent) {
        result.push({
          ...toAccessView(row, agent),
          externalResourceId: row.waldurResourceUuid!,
          tenantExternalId: row.tenantWaldurUuid,
        });
      }
    }
    return result;
  }

  async usageTotals(
    accessId: string,
    fromDay: string,
    toDay: string,
  ): Promise<AccessUsageTotals> {
    const access = await this.ctx.db.stores.access.getById(accessId);
    if (!access) throw new NotFoundError(`No access ${accessId}`);
    const { calls, inputTokens, outputTokens, computeMs } =
      await this.ctx.db.stores.metering.totals(
        access.tenantId,
        access.id,
        fromDay,
        toDay,
      );
    return { calls, inputTokens, outputTokens, computeMs };
  }

  private async byResource(externalResourceId: string) {
    const access = await this.ctx.db.stores.access.getByResource(
      externalResourceId,
    );
    if (!access)
      throw new NotFoundError(
        `No access for marketplace resource ${externalResourceId}`,
      );
    const agent = (await this.ctx.db.stores.agents.get(access.agentId))!;
    return { access, agent };
  }
}
