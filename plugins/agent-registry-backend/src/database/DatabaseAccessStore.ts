import type { AgentAccessState } from '@cmp/plugin-agent-registry-common';
import type { Knex } from 'knex';
import { type TenantScope, whereInScope } from './DatabaseTenantStore';
import { orUndefined, toIso } from './util';

/** An access row, decoded. */
export type AccessRecord = {
  id: string;
  tenantId: string;
  agentId: string;
  projectId?: string;
  plan: string;
  state: AgentAccessState;
  waldurResourceUuid?: string;
  pinnedVersion?: string;
  /** How the plan is billed; a yearly cycle gets a yearly quota (12 × the monthly calls). */
  billingCycle: 'monthly' | 'yearly';
  createdAt: string;
  updatedAt: string;
};

export function decodeAccess(row: Record<string, any>): AccessRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    agentId: row.agent_id,
    projectId: orUndefined(row.project_id),
    plan: row.plan,
    state: row.state,
    waldurResourceUuid: orUndefined(row.waldur_resource_uuid),
    pinnedVersion: orUndefined(row.pinned_version),
    billingCycle: row.billing_cycle ?? 'monthly',
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/**
 * The only code that writes `agent_access`; reads are tenant-scoped except the lookups by
 * id and by marketplace resource (the gateway's joined read by key is
 * DatabaseAdmissionStore).
 */
export class DatabaseAccessStore {
  constructor(private readonly db: Knex) {}

  async insert(access: AccessRecord): Promise<void> {
    await this.db('agent_access').insert({
      tenant_id: access.tenantId,
      id: access.id,
      agent_id: access.agentId,
      project_id: access.projectId ?? null,
      plan: access.plan,
      state: access.state,
      waldur_resource_uuid: access.waldurResourceUuid ?? null,
      pinned_version: access.pinnedVersion ?? null,
      billing_cycle: access.billingCycle,
      created_at: new Date(access.createdAt),
      updated_at: new Date(access.updatedAt),
    });
  }

  async get(scope: TenantScope, id: string): Promise<AccessRecord | undefined> {
    const row = await this.db('agent_access')
      .where({ id })
      .where(b => whereInScope(b, scope))
      .first();
    return row ? decodeAccess(row) : undefined;
  }

  async list(
    scope: TenantScope,
    filter: { tenantId?: string; agentId?: string; pinnedOnly?: boolean },
  ): Promise<AccessRecord[]> {
    const rows = await this.db('agent_access')
      .where(b => {
        whereInScope(b, scope);
        if (filter.tenantId) b.where('tenant_id', filter.tenantId);
        if (filter.agentId) b.where('agent_id', filter.agentId);
        if (filter.pinnedOnly) b.whereNotNull('pinned_version');
      })
      .orderBy([
        { column: 'tenant_id' },
        { column: 'created_at' },
        { column: 'id' },
      ]);
    return rows.map(decodeAccess);
  }

  /** True when the tenant has a (non-terminated) access to the agent. */
  async tenantHasAgent(tenantId: string, agentId: string): Promise<boolean> {
    const row = await this.db('agent_access')
      .where({ tenant_id: tenantId, agent_id: agentId })
      .whereNot('state', 'terminated')
      .first();
    return Boolean(row);
  }

  /** The gateway's lookup, by id alone: the key that names the access was already checked. */
  async getById(id: string): Promise<AccessRecord | undefined> {
    const row = await this.db('agent_access').where({ id }).first();
    return row ? decodeAccess(row) : undefined;
  }

  async getByResource(
    waldurResourceUuid: string,
  ): Promise<AccessRecord | undefined> {
    const row = await this.db('agent_access')
      .where({ waldur_resource_uuid: waldurResourceUuid })
      .first();
    return row ? decodeAccess(row) : undefined;
  }

  /** Accesses sold through a marketplace resource, with their tenant's marketplace id. */
  async listWithResource(): Promise<
    (AccessRecord & { tenantWaldurUuid?: string })[]
  > {
    const rows = await this.db('agent_access')
      .leftJoin('tenants', 'tenants.id', 'agent_access.tenant_id')
      .whereNotNull('agent_access.waldur_resource_uuid')
      .select(
        'agent_access.*',
        'tenants.waldur_customer_uuid as tenant_waldur_uuid',
      )
      .orderBy('agent_access.created_at');
    return rows.map(r => ({
      ...decodeAccess(r),
      tenantWaldurUuid: orUndefined(r.tenant_waldur_uuid),
    }));
  }

  async setPlan(
    tenantId: string,
    id: string,
    plan: string,
    updatedAt: string,
  ): Promise<void> {
    await this.db('agent_access')
      .where({ tenant_id: tenantId, id })
      .update({ plan, updated_at: new Date(updatedAt) });
  }

  async setBillingCycle(
    tenantId: string,
    id: string,
    billingCycle: 'monthly' | 'yearly',
    updatedAt: string,
  ): Promise<void> {
    await this.db('agent_access')
      .where({ tenant_id: tenantId, id })
      .update({ billing_cycle: billingCycle, updated_at: new Date(updatedAt) });
  }

  async setState(
    tenantId: string,
    id: string,
    state: AgentAccessState,
    updatedAt: string,
  ): Promise<void> {
    await this.db('agent_access')
      .where({ tenant_id: tenantId, id })
      .update({ state, updated_at: new Date(updatedAt) });
  }

  async setPinnedVersion(
    tenantId: string,
    ids: string[],
    pinnedVersion: string | null,
    updatedAt: string,
  ): Promise<void> {
    await this.db('agent_access')
      .where({ tenant_id: tenantId })
      .whereIn('id', ids)
      .update({
        pinned_version: pinnedVersion,
        updated_at: new Date(updatedAt),
      });
  }
}
