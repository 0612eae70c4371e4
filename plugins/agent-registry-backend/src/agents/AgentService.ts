import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  agentCreatePermission,
  agentDeletePermission,
  agentReadPermission,
  agentUpdatePermission,
  type AgentEntityV1alpha1,
  buildAgentEntity,
  formatAgentValidationIssues,
  type Page,
  type RegistryAgent,
  summarizeLangflowExport,
  validateAgentEntity,
  validateLangflowExport,
} from '@cmp/plugin-agent-registry-common';
import { normalizeOwnerRef } from '@cmp/plugin-agent-registry-node';
import type {
  AgentListFilter,
  AgentPatch,
  AgentRecord,
} from '../database/DatabaseAgentStore';
import type { RegistryStores } from '../database/RegistryDatabase';
import type { Caller } from '../service/Caller';
import { audited, type RegistryContext } from '../service/RegistryContext';
import { parseInput, throwIfIssues } from '../service/validation';
import { publishVersionInTx } from '../versions/publishVersion';
import { isStrictSemver } from '../versions/semverOrder';
import {
  createAgentSchema,
  type CreateAgentInput,
  updateAgentSchema,
  type UpdateAgentInput,
} from './agentInput';
import { agentEntityRef, toRegistryAgent } from './agentView';

/** Flow snapshots are stored whole; this keeps one agent version under a few MB. */
export const MAX_FLOW_BYTES = 2 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type AgentListQuery = Omit<AgentListFilter, 'permission' | 'ids'> & {
  limit?: number;
  offset?: number;
};

/** Registration and metadata of agents. */
export class AgentService {
  constructor(private readonly ctx: RegistryContext) {}

  /**
   * Finds an agent by id, `name` (default namespace) or `namespace:name`, checking that the
   * caller may read it; unreadable agents are reported as missing.
   */
  async resolve(
    caller: Caller,
    ref: string,
    stores?: RegistryStores,
  ): Promise<{ record: AgentRecord; agent: RegistryAgent }> {
    const s = stores ?? this.ctx.db.stores;
    const record = await this.findRecord(ref, s);
    if (!record) throw new NotFoundError(`No agent ${JSON.stringify(ref)}`);
    const agent = toRegistryAgent(
      record,
      await s.versions.listSummaries([record.id]),
    );
    await this.ctx.accessControl.assertAgent(
      caller,
      agentReadPermission,
      agent,
      { hide: true },
    );
    return { record, agent };
  }

  /** Like `resolve`, and checks that the caller may change the agent. */
  async resolveForUpdate(caller: Caller, ref: string) {
    const resolved = await this.resolve(caller, ref);
    await this.ctx.accessControl.assertAgent(
      caller,
      agentUpdatePermission,
      resolved.agent,
    );
    return resolved;
  }

  async findRecord(
    ref: string,
    stores: RegistryStores,
  ): Promise<AgentRecord | undefined> {
    if (UUID.test(ref))
      return stores.agents.get(ref.toLocaleLowerCase('en-US'));
    const [namespace, name] = ref.includes(':')
      ? ref.split(':', 2)
      : ['default', ref];
    return stores.agents.getByName(namespace, name);
  }

  async list(
    caller: Caller,
    query: AgentListQuery,
  ): Promise<Page<RegistryAgent>> {
    const limit = Math.min(query.limit ?? 50, 500);
    const offset = query.offset ?? 0;
    const permission = await this.ctx.accessControl.agentFilter(
      caller,
      agentReadPermission,
    );
    if (permission === false)
      return { items: [], totalCount: 0, limit, offset };
    const { limit: _l, offset: _o, ...filter } = query;
    const { items, totalCount } = await this.ctx.db.stores.agents.list(
      {
        ...filter,
        owner: filter.owner && this.normalizeRef(filter.owner, 'owner'),
        permission,
      },
      { limit, offset },
    );
    const versions = await this.ctx.db.stores.versions.listSummaries(
      items.map(a => a.id),
    );
    return {
      items: items.map(a => toRegistryAgent(a, versions)),
      totalCount,
      limit,
      offset,
    };
  }

  async get(caller: Caller, ref: string): Promise<RegistryAgent> {
    return (await this.resolve(caller, ref)).agent;
  }

  /** Registers an agent from a Langflow flow export: the agent, its first version, its defaults. */
  async create(caller: Caller, body: CreateAgentInput): Promise<RegistryAgent> {
    await this.ctx.accessControl.assertBasic(caller, agentCreatePermission);
    const input = parseInput(createAgentSchema, body);
    if (!isStrictSemver(input.version)) {
      throw new InputError(
        `version must be a semantic version such as 1.0.0 (got ${JSON.stringify(
          input.version,
        )})`,
      );
    }
    if (JSON.stringify(input.flow).length > MAX_FLOW_BYTES) {
      throw new InputError(`flow is larger than ${MAX_FLOW_BYTES} bytes`);
    }
    throwIfIssues(validateLangflowExport(input.flow));
    const flow = summarizeLangflowExport(input.flow);
    const flowId = input.flowId ?? flow.id;
    if (!flowId) {
      throw new InputError(
        'flow.id is missing: give the Langflow flow id as flowId',
      );
    }

    const now = this.ctx.now().toISOString();
    const record: AgentRecord = {
      id: this.ctx.newId(),
      namespace: input.namespace,
      name: input.name,
      title: input.title,
      description: input.description ?? flow.description,
      type: input.type,
      lifecycle: input.lifecycle,
      owner: this.normalizeRef(input.owner, 'owner'),
      system: input.system,
      tags: input.tags.length
        ? input.tags
        : flow.tags.filter(t => /^[a-z0-9:+#-]+$/.test(t)),
      runtime: {
        type: 'langflow',
        flowId,
        ...(flow.endpointName ? { endpointName: flow.endpointName } : {}),
      },
      plans: input.plans,
      origin: 'registry',
      createdAt: now,
      updatedAt: now,
    };
    this.assertValidEntity(record, input.config?.persona);
    await this.assertOwnerExists(record.owner);
    await this.assertNameFree(record);

    return audited(
      this.ctx,
      caller,
      'agent-create',
      { agent: agentEntityRef(record), version: input.version },
      async () => {
        const agent = await this.ctx.db.transaction(async stores => {
          await stores.agents.insert(record);
          await stores.versions.insert({
            agentId: record.id,
            version: input.version,
            status: 'draft',
            changelog: input.changelog,
            flow: input.flow,
            createdBy: caller.actor,
            createdAt: now,
          });
          await stores.configs.append(
            '',
            record.id,
            input.config ?? {},
            caller.actor,
            now,
          );
          if (input.publish) {
            await publishVersionInTx(stores, record.id, input.version, now);
          }
          const saved = (await stores.agents.get(record.id))!;
          return toRegistryAgent(
            saved,
            await stores.versions.listSummaries([record.id]),
          );
        });
        await this.ctx.notifier.notify({
          agentId: agent.id,
          change: 'created',
        });
        return agent;
      },
    );
  }

  async update(
    caller: Caller,
    ref: string,
    body: UpdateAgentInput,
  ): Promise<RegistryAgent> {
    const patch = parseInput(updateAgentSchema, body);
    const { record, agent } = await this.resolve(caller, ref);
    await this.ctx.accessControl.assertAgent(
      caller,
      agentUpdatePermission,
      agent,
    );
    this.assertRegistryOwned(record);
    const changes: AgentPatch = {
      ...patch,
      updatedAt: this.ctx.now().toISOString(),
    };
    if (patch.owner) {
      changes.owner = this.normalizeRef(patch.owner, 'owner');
      await this.assertOwnerExists(changes.owner);
    }
    const next = { ...record, ...changes } as AgentRecord;
    for (const key of Object.keys(next) as (keyof AgentRecord)[]) {
      if (next[key] === null) delete next[key];
    }
    this.assertValidEntity(next);

    return audited(
      this.ctx,
      caller,
      'agent-update',
      { agent: agent.entityRef, fields: Object.keys(patch).join(',') },
      async () => {
        const updated = await this.ctx.db.transaction(async stores => {
          await stores.agents.update(record.id, changes);
          const saved = (await stores.agents.get(record.id))!;
          return toRegistryAgent(
            saved,
            await stores.versions.listSummaries([record.id]),
          );
        });
        await this.ctx.notifier.notify({
          agentId: record.id,
          change: 'updated',
        });
        return updated;
      },
    );
  }

  /** Archived agents leave the catalog and cannot be bought; their data stays. */
  async archive(caller: Caller, ref: string): Promise<RegistryAgent> {
    const { record, agent } = await this.resolve(caller, ref);
    await this.ctx.accessControl.assertAgent(
      caller,
      agentDeletePermission,
      agent,
    );
    this.assertRegistryOwned(record);
    if (record.archivedAt) return agent;
    return audited(
      this.ctx,
      caller,
      'agent-archive',
      { agent: agent.entityRef },
      async () => {
        const now = this.ctx.now().toISOString();
        await this.ctx.db.stores.agents.update(record.id, {
          archivedAt: now,
          updatedAt: now,
        });
        await this.ctx.notifier.notify({
          agentId: record.id,
          change: 'archived',
        });
        return { ...agent, archived: true, updatedAt: now };
      },
    );
  }

  private normalizeRef(ref: string, field: string): string {
    try {
      return normalizeOwnerRef(ref);
    } catch (e) {
      throw new InputError(
        `${field} is not a valid entity reference: ${(e as Error).message}`,
      );
    }
  }

  private assertValidEntity(
    record: AgentRecord,
    persona?: AgentEntityV1alpha1['spec']['persona'],
  ) {
    const entity = buildAgentEntity(toRegistryAgent(record, []), { persona });
    const issues = validateAgentEntity(entity);
    if (issues.length)
      throw new InputError(formatAgentValidationIssues(issues, record.name));
  }

  private async assertOwnerExists(owner: string) {
    const entity = await this.ctx.catalog.getEntity(owner);
    if (
      !entity ||
      !['group', 'user'].includes(entity.kind.toLocaleLowerCase('en-US'))
    ) {
      throw new InputError(
        `owner ${owner} does not exist in the catalog (expected a group or user)`,
      );
    }
  }

  private async assertNameFree(record: AgentRecord) {
    const ref = agentEntityRef(record);
    if (
      await this.ctx.db.stores.agents.getByName(record.namespace, record.name)
    ) {
      throw new ConflictError(`Agent ${ref} already exists`);
    }
    const existing = await this.ctx.catalog.getEntity(ref);
    if (existing) {
      const location =
        existing.metadata.annotations?.['backstage.io/managed-by-location'];
      throw new ConflictError(
        `Agent ${ref} already exists in the catalog${
          location ? ` (${location})` : ''
        }`,
      );
    }
  }

  /** Agents declared in YAML are changed in git, not through the registry. */
  private assertRegistryOwned(record: AgentRecord) {
    if (record.origin === 'catalog') {
      throw new ConflictError(
        `${agentEntityRef(record)} is declared in ${
          record.sourceLocation ?? 'a catalog location'
        }; change it there`,
      );
    }
  }
}
