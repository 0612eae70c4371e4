import { NotFoundError } from '@backstage/errors';
import {
  type AgentConfiguration,
  type ConfigRevision,
  type Page,
} from '@cmp/plugin-agent-registry-common';
import type { AgentService } from '../agents/AgentService';
import { agentEntityRef } from '../agents/agentView';
import { DEFAULTS_TENANT } from '../database/DatabaseConfigStore';
import type { TenantService } from '../tenancy/TenantService';
import type { Caller } from '../service/Caller';
import { audited, type RegistryContext } from '../service/RegistryContext';
import { parseInput } from '../service/validation';
import { configurationSchema } from './configSchema';
import { mergeConfiguration } from './mergeConfiguration';

/** What a customer's copy of an agent runs with, and where each part came from. */
export type EffectiveConfiguration = {
  agentId: string;
  tenantId: string;
  config: AgentConfiguration;
  defaultsRevision?: number;
  overlayRevision?: number;
};

type PageQuery = { limit?: number; offset?: number };
const page = (q: PageQuery) => ({
  limit: Math.min(q.limit ?? 50, 500),
  offset: q.offset ?? 0,
});
const agentDefaultsSchema = configurationSchema.omit({ branding: true });

/** Agent defaults and per-customer overlays, each save kept as a revision. */
export class ConfigService {
  constructor(
    private readonly ctx: RegistryContext,
    private readonly agents: AgentService,
    private readonly tenants: TenantService,
  ) {}

  async getDefaults(caller: Caller, agentRef: string): Promise<ConfigRevision> {
    const { record } = await this.agents.resolve(caller, agentRef);
    return (
      (await this.ctx.db.stores.configs.latest(DEFAULTS_TENANT, record.id)) ??
      emptyRevision()
    );
  }

  async setDefaults(
    caller: Caller,
    agentRef: string,
    body: unknown,
  ): Promise<ConfigRevision> {
    const config = parseInput(agentDefaultsSchema, body);
    const { record, agent } = await this.agents.resolveForUpdate(
      caller,
      agentRef,
    );
    const saved = await audited(
      this.ctx,
      caller,
      'config-defaults-update',
      { agent: agent.entityRef },
      () =>
        this.ctx.db.transaction(stores =>
          stores.configs.append(
            DEFAULTS_TENANT,
            record.id,
            config,
            caller.actor,
            this.ctx.now().toISOString(),
          ),
        ),
    );
    await this.ctx.notifier.notify({ agentId: record.id, change: 'updated' });
    return saved;
  }

  async defaultsHistory(
    caller: Caller,
    agentRef: string,
    q: PageQuery,
  ): Promise<Page<ConfigRevision>> {
    const { record } = await this.agents.resolve(caller, agentRef);
    const p = page(q);
    return {
      ...(await this.ctx.db.stores.configs.history(
        DEFAULTS_TENANT,
        record.id,
        p,
      )),
      ...p,
    };
  }

  async getOverlay(
    caller: Caller,
    tenantId: string,
    agentRef: string,
  ): Promise<ConfigRevision> {
    const { agentId } = await this.tenantAgent(caller, tenantId, agentRef);
    return (
      (await this.ctx.db.stores.configs.latest(tenantId, agentId)) ??
      emptyRevision()
    );
  }

  async setOverlay(
    caller: Caller,
    tenantId: string,
    agentRef: string,
    body: unknown,
  ): Promise<ConfigRevision> {
    const config = parseInput(configurationSchema, body);
    const { agentId, entityRef } = await this.tenantAgent(
      caller,
      tenantId,
      agentRef,
    );
    return audited(
      this.ctx,
      caller,
      'config-overlay-update',
      { agent: entityRef, tenant: tenantId },
      () =>
        this.ctx.db.transaction(stores =>
          stores.configs.append(
            tenantId,
            agentId,
            config,
            caller.actor,
            this.ctx.now().toISOString(),
          ),
        ),
    );
  }

  async overlayHistory(
    caller: Caller,
    tenantId: string,
    agentRef: string,
    q: PageQuery,
  ): Promise<Page<ConfigRevision>> {
    const { agentId } = await this.tenantAgent(caller, tenantId, agentRef);
    const p = page(q);
    return {
      ...(await this.ctx.db.stores.configs.history(tenantId, agentId, p)),
      ...p,
    };
  }

  async effective(
    caller: Caller,
    tenantId: string,
    agentRef: string,
  ): Promise<EffectiveConfiguration> {
    const { agentId, title } = await this.tenantAgent(
      caller,
      tenantId,
      agentRef,
    );
    return this.effectiveFor(tenantId, agentId, title);
  }

  /** Without access checks: for the gateway, which has already authenticated a key. */
  async effectiveFor(
    tenantId: string,
    agentId: string,
    title?: string,
  ): Promise<EffectiveConfiguration> {
    const [defaults, overlay] = await Promise.all([
      this.ctx.db.stores.configs.latest(DEFAULTS_TENANT, agentId),
      this.ctx.db.stores.configs.latest(tenantId, agentId),
    ]);
    const base: AgentConfiguration = {
      ...defaults?.config,
      ...(title ? { branding: { displayName: title } } : {}),
    };
    return {
      agentId,
      tenantId,
      config: mergeConfiguration(base, overlay?.config ?? {}),
      defaultsRevision: defaults?.revision,
      overlayRevision: overlay?.revision,
    };
  }

  /**
   * A tenant's view of an agent exists only if the caller may see the tenant and the
   * tenant has access to the agent; otherwise 404, like an agent that does not exist.
   */
  private async tenantAgent(
    caller: Caller,
    tenantId: string,
    agentRef: string,
  ) {
    const tenant = await this.tenants.get(caller, tenantId);
    const record = await this.agents.findRecord(agentRef, this.ctx.db.stores);
    if (
      !record ||
      !(await this.ctx.db.stores.access.tenantHasAgent(tenant.id, record.id))
    ) {
      throw new NotFoundError(
        `Tenant ${tenantId} has no agent ${JSON.stringify(agentRef)}`,
      );
    }
    return {
      agentId: record.id,
      entityRef: agentEntityRef(record),
      title: record.title ?? record.name,
    };
  }
}

function emptyRevision(): ConfigRevision {
  return {
    revision: 0,
    config: {},
    createdAt: new Date(0).toISOString(),
    createdBy: '',
  };
}
