import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  type AgentAccess,
  tenantAdminPermission,
} from '@cmp/plugin-agent-registry-common';
import semver from 'semver';
import { z } from 'zod/v3';
import type { AgentService } from '../agents/AgentService';
import { agentEntityRef } from '../agents/agentView';
import type { AccessRecord } from '../database/DatabaseAccessStore';
import type { AgentRecord } from '../database/DatabaseAgentStore';
import type { TenantService } from '../tenancy/TenantService';
import type { Caller } from '../service/Caller';
import { audited, type RegistryContext } from '../service/RegistryContext';
import { parseInput } from '../service/validation';

export const createAccessSchema = z
  .object({
    agent: z.string().min(1),
    projectId: z.string().optional(),
    plan: z.string().min(1),
    state: z.enum(['pending', 'active', 'paused']).default('active'),
    waldurResourceUuid: z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'must be a Waldur UUID (32 hex digits)')
      .optional(),
    pinnedVersion: z.string().optional(),
    billingCycle: z.enum(['monthly', 'yearly']).default('monthly'),
  })
  .strict();

export const pinSchema = z.object({ version: z.string().nullable() }).strict();

export const setStateSchema = z
  .object({ state: z.enum(['pending', 'active', 'paused', 'terminated']) })
  .strict();

export const moveSchema = z
  .object({
    range: z.string().min(1),
    toVersion: z.string().min(1),
    dryRun: z.boolean().default(false),
  })
  .strict();

export type MoveResult = {
  dryRun: boolean;
  toVersion: string;
  moved: { accessId: string; tenantId: string; fromVersion: string }[];
};

/** The API view of an access: what it is, and which version the customer runs now. */
export function toAccessView(
  access: AccessRecord,
  agent: AgentRecord,
): AgentAccess {
  return {
    id: access.id,
    agentId: access.agentId,
    agentRef: agentEntityRef(agent),
    tenantId: access.tenantId,
    projectId: access.projectId,
    plan: access.plan,
    state: access.state,
    waldurResourceUuid: access.waldurResourceUuid,
    pinnedVersion: access.pinnedVersion,
    billingCycle: access.billingCycle,
    effectiveVersion: access.pinnedVersion ?? agent.defaultVersion,
    createdAt: access.createdAt,
    updatedAt: access.updatedAt,
  };
}

/** Who bought which agent, on which plan, and which version each customer runs. */
export class AccessService {
  constructor(
    private readonly ctx: RegistryContext,
    private readonly agents: AgentService,
    private readonly tenants: TenantService,
  ) {}

  /** The buyers of an agent: for its owners and admins. */
  async listForAgent(caller: Caller, agentRef: string): Promise<AgentAccess[]> {
    const { record } = await this.agents.resolveForUpdate(caller, agentRef);
    const rows = await this.ctx.db.stores.access.list(
      { all: true },
      { agentId: record.id },
    );
    return rows.map(r => toAccessView(r, record));
  }

  /** A tenant's agents: for the tenant's members and admins. */
  async listForTenant(
    caller: Caller,
    tenantId: string,
  ): Promise<AgentAccess[]> {
    const tenant = await this.tenants.get(caller, tenantId);
    const scope = { all: false as const, tenantIds: [tenant.id] };
    const rows = await this.ctx.db.stores.access.list(scope, {
      tenantId: tenant.id,
    });
    return this.withAgents(rows);
  }

  /** Every access of the caller's tenants, with the agent's name and title: "my agents". */
  async listMine(caller: Caller) {
    const scope = await this.ctx.accessControl.tenantScope(caller);
    const rows = await this.ctx.db.stores.access.list(scope, {});
    const agents = new Map<string, AgentRecord>();
    for (const id of new Set(rows.map(r => r.agentId))) {
      const agent = await this.ctx.db.stores.agents.get(id);
      if (agent) agents.set(id, agent);
    }
    return rows
      .filter(r => agents.has(r.agentId))
      .map(r => {
        const agent = agents.get(r.agentId)!;
        return {
          ...toAccessView(r, agent),
          agent: {
            name: agent.name,
            title: agent.title,
            description: agent.description,
            type: agent.type,
          },
        };
      });
  }

  async get(
    caller: Caller,
    tenantId: string,
    accessId: string,
  ): Promise<AgentAccess> {
    const tenant = await this.tenants.get(caller, tenantId);
    const row = await this.ctx.db.stores.access.get(
      { all: false, tenantIds: [tenant.id] },
      accessId,
    );
    if (!row)
      throw new NotFoundError(
        `No access ${JSON.stringify(accessId)} in tenant ${tenantId}`,
      );
    return (await this.withAgents([row]))[0];
  }

  async create(
    caller: Caller,
    tenantId: string,
    body: unknown,
  ): Promise<AgentAccess> {
    const input = parseInput(createAccessSchema, body);
    const tenant = await this.tenants.get(caller, tenantId);
    await this.ctx.accessControl.assertBasic(caller, tenantAdminPermission);
    const { record } = await this.agents.resolve(caller, input.agent);
    if (!record.plans.some(p => p.name === input.plan)) {
      throw new InputError(
        `plan ${JSON.stringify(input.plan)} is not a plan of ${agentEntityRef(
          record,
        )} (${record.plans.map(p => p.name).join(', ') || 'it has none'})`,
      );
    }
    if (
      input.projectId &&
      !(await this.ctx.db.stores.tenants.getProject(tenant.id, input.projectId))
    ) {
      throw new InputError(
        `projectId ${input.projectId} is not a project of tenant ${tenant.id}`,
      );
    }
    if (input.pinnedVersion)
      await this.assertPublished(record, input.pinnedVersion, 'pinnedVersion');
    const now = this.ctx.now().toISOString();
    const access: AccessRecord = {
      id: this.ctx.newId(),
      tenantId: tenant.id,
      agentId: record.id,
      projectId: input.projectId,
      plan: input.plan,
      state: input.state,
      billingCycle: input.billingCycle,
      waldurResourceUuid: input.waldurResourceUuid,
      pinnedVersion: input.pinnedVersion,
      createdAt: now,
      updatedAt: now,
    };
    return audited(
      this.ctx,
      caller,
      'access-create',
      { agent: agentEntityRef(record), tenant: tenant.id, access: access.id },
      async () => {
        await this.ctx.db.stores.access.insert(access);
        return toAccessView(access, record);
      },
    );
  }

  /**
   * Pauses, resumes or ends an access (admins; Waldur order processing in production).
   * Ending it revokes its keys in the same transaction; an ended access stays ended.
   */
  async setState(
    caller: Caller,
    tenantId: string,
    accessId: string,
    body: unknown,
  ): Promise<AgentAccess> {
    const { state } = parseInput(setStateSchema, body);
    const tenant = await this.tenants.get(caller, tenantId);
    await this.ctx.accessControl.assertBasic(caller, tenantAdminPermission);
    const row = await this.ctx.db.stores.access.get(
      { all: false, tenantIds: [tenant.id] },
      accessId,
    );
    if (!row)
      throw new NotFoundError(
        `No access ${JSON.stringify(accessId)} in tenant ${tenantId}`,
      );
    if (row.state === 'terminated' && state !== 'terminated') {
      throw new ConflictError(
        `Access ${accessId} has ended; order the agent again instead`,
      );
    }
    const agent = (await this.ctx.db.stores.agents.get(row.agentId))!;
    return audited(
      this.ctx,
      caller,
      'access-state',
      { tenant: tenant.id, access: accessId, state },
      () =>
        this.ctx.db.transaction(async stores => {
          const now = this.ctx.now().toISOString();
          await stores.access.setState(tenant.id, accessId, state, now);
          if (state === 'terminated')
            await stores.keys.revokeAllForAccess(tenant.id, accessId, now);
          return toAccessView({ ...row, state, updatedAt: now }, agent);
        }),
    );
  }

  /** Holds one customer at a version (or, with `null`, lets it follow the default again). */
  async pin(
    caller: Caller,
    agentRef: string,
    accessId: string,
    body: unknown,
  ): Promise<AgentAccess> {
    const { version } = parseInput(pinSchema, body);
    const { record, agent } = await this.agents.resolveForUpdate(
      caller,
      agentRef,
    );
    const row = await this.ctx.db.stores.access.get({ all: true }, accessId);
    if (!row || row.agentId !== record.id) {
      throw new NotFoundError(
        `${agent.entityRef} has no customer access ${JSON.stringify(accessId)}`,
      );
    }
    if (version !== null)
      await this.assertPublished(record, version, 'version');
    return audited(
      this.ctx,
      caller,
      'access-pin',
      {
        agent: agent.entityRef,
        tenant: row.tenantId,
        access: accessId,
        version,
      },
      async () => {
        const now = this.ctx.now().toISOString();
        await this.ctx.db.stores.access.setPinnedVersion(
          row.tenantId,
          [accessId],
          version,
          now,
        );
        return toAccessView(
          { ...row, pinnedVersion: version ?? undefined, updatedAt: now },
          record,
        );
      },
    );
  }

  /**
   * Moves every customer pinned to a version in `range` to `toVersion` in one transaction.
   * With `dryRun`, lists who would move and changes nothing.
   */
  async moveRange(
    caller: Caller,
    agentRef: string,
    body: unknown,
  ): Promise<MoveResult> {
    const input = parseInput(moveSchema, body);
    if (!semver.validRange(input.range)) {
      throw new InputError(
        `range ${JSON.stringify(
          input.range,
        )} is not a semver range such as ^1.0.0 or >=1.0.0 <2.0.0`,
      );
    }
    const { record, agent } = await this.agents.resolveForUpdate(
      caller,
      agentRef,
    );
    await this.assertPublished(record, input.toVersion, 'toVersion');
    const run = () =>
      this.ctx.db.transaction(async stores => {
        const pinned = await stores.access.list(
          { all: true },
          { agentId: record.id, pinnedOnly: true },
        );
        const moving = pinned.filter(
          a =>
            a.state !== 'terminated' &&
            a.pinnedVersion !== input.toVersion &&
            semver.satisfies(a.pinnedVersion!, input.range),
        );
        if (!input.dryRun) {
          const now = this.ctx.now().toISOString();
          const byTenant = new Map<string, string[]>();
          for (const a of moving)
            byTenant.set(a.tenantId, [
              ...(byTenant.get(a.tenantId) ?? []),
              a.id,
            ]);
          for (const [tenantId, ids] of byTenant) {
            await stores.access.setPinnedVersion(
              tenantId,
              ids,
              input.toVersion,
              now,
            );
          }
        }
        return {
          dryRun: input.dryRun,
          toVersion: input.toVersion,
          moved: moving.map(a => ({
            accessId: a.id,
            tenantId: a.tenantId,
            fromVersion: a.pinnedVersion!,
          })),
        };
      });
    if (input.dryRun) return run();
    return audited(
      this.ctx,
      caller,
      'access-move',
      {
        agent: agent.entityRef,
        range: input.range,
        toVersion: input.toVersion,
      },
      run,
    );
  }

  private async assertPublished(
    record: AgentRecord,
    version: string,
    field: string,
  ) {
    const found = await this.ctx.db.stores.versions.get(record.id, version);
    if (!found)
      throw new InputError(
        `${field} ${version} is not a version of ${agentEntityRef(record)}`,
      );
    if (found.status === 'draft') {
      throw new ConflictError(
        `${field} ${version} of ${agentEntityRef(
          record,
        )} is a draft; publish it first`,
      );
    }
  }

  private async withAgents(rows: AccessRecord[]): Promise<AgentAccess[]> {
    const ids = [...new Set(rows.map(r => r.agentId))];
    const agents = new Map<string, AgentRecord>();
    for (const id of ids) {
      const agent = await this.ctx.db.stores.agents.get(id);
      if (agent) agents.set(id, agent);
    }
    return rows
      .filter(r => agents.has(r.agentId))
      .map(r => toAccessView(r, agents.get(r.agentId)!));
  }
}
