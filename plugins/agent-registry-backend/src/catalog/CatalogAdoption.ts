import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
} from '@backstage/catalog-model';
import {
  type AgentEntityV1alpha1,
  isAgentEntity,
  tenantAdminPermission,
  validateAgentEntity,
} from '@cmp/plugin-agent-registry-common';
import { normalizeOwnerRef } from '@cmp/plugin-agent-registry-node';
import type { AgentPatch, AgentRecord } from '../database/DatabaseAgentStore';
import { DEFAULTS_TENANT } from '../database/DatabaseConfigStore';
import type { Caller } from '../service/Caller';
import type { RegistryContext } from '../service/RegistryContext';
import { agentEntityRef } from '../agents/agentView';

/** Entities the registry's own provider emits carry locations with this prefix. */
export const REGISTRY_LOCATION_PREFIX = 'agent-registry:';

export type AdoptionResult = {
  adopted: string[];
  updated: string[];
  released: string[];
};

function fromEntity(entity: AgentEntityV1alpha1) {
  const { spec, metadata } = entity;
  return {
    title: metadata.title,
    description: metadata.description,
    type: spec.type,
    lifecycle: spec.lifecycle,
    owner: normalizeOwnerRef(spec.owner),
    system: spec.system,
    tags: metadata.tags ?? [],
    runtime: spec.runtime,
    plans: spec.plans ?? [],
    sourceLocation:
      metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION] ??
      metadata.annotations?.[ANNOTATION_LOCATION],
    sourcePersona: JSON.stringify(spec.persona ?? {}),
  };
}

const sameJson = (a: unknown, b: unknown) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Adopts Agent entities declared in YAML (GitOps): each gets a registry record (origin
 * `catalog`) so versions, configuration and access can attach to it, while the YAML stays
 * the source of its metadata. The registry's entity provider never emits these, so the
 * catalog holds each agent exactly once. Agents whose YAML disappeared are archived.
 */
export class CatalogAdoption {
  constructor(
    private readonly ctx: RegistryContext,
    private readonly logger: LoggerService,
  ) {}

  /** Runs adoption now on behalf of a caller; an admin task (tenant admin permission). */
  async runFor(caller: Caller): Promise<AdoptionResult> {
    await this.ctx.accessControl.assertBasic(caller, tenantAdminPermission);
    return this.run();
  }

  async run(): Promise<AdoptionResult> {
    const result: AdoptionResult = { adopted: [], updated: [], released: [] };
    const entities = (await this.ctx.catalog.listAgentEntities()).filter(
      (e): e is AgentEntityV1alpha1 =>
        isAgentEntity(e) &&
        !this.isFromRegistry(e) &&
        validateAgentEntity(e).length === 0,
    );
    const seen = new Set<string>();
    for (const entity of entities) {
      const namespace = entity.metadata.namespace ?? 'default';
      const ref = agentEntityRef({ namespace, name: entity.metadata.name });
      seen.add(ref);
      try {
        const outcome = await this.adopt(entity, namespace);
        if (outcome) result[outcome].push(ref);
      } catch (error) {
        this.logger.warn(
          `Could not adopt ${ref} from the catalog`,
          error as Error,
        );
      }
    }
    const adopted = await this.ctx.db.stores.agents.list(
      { origin: 'catalog' },
      { limit: 100000, offset: 0 },
    );
    for (const record of adopted.items) {
      if (!seen.has(agentEntityRef(record))) {
        const now = this.ctx.now().toISOString();
        await this.ctx.db.stores.agents.update(record.id, {
          archivedAt: now,
          updatedAt: now,
        });
        result.released.push(agentEntityRef(record));
      }
    }
    if (
      result.adopted.length ||
      result.updated.length ||
      result.released.length
    ) {
      this.logger.info(
        `Catalog adoption: adopted ${result.adopted.length}, updated ${result.updated.length}, archived ${result.released.length}`,
      );
    }
    return result;
  }

  private isFromRegistry(entity: Entity): boolean {
    const location = entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? '';
    return location.startsWith(REGISTRY_LOCATION_PREFIX);
  }

  private async adopt(
    entity: AgentEntityV1alpha1,
    namespace: string,
  ): Promise<'adopted' | 'updated' | undefined> {
    const fields = fromEntity(entity);
    const now = this.ctx.now().toISOString();
    return this.ctx.db.transaction(async stores => {
      const existing = await stores.agents.getByName(
        namespace,
        entity.metadata.name,
      );
      if (existing && existing.origin === 'registry') {
        this.logger.warn(
          `${agentEntityRef(existing)} is declared in YAML (${
            fields.sourceLocation
          }) and registered in the registry; keeping the registry's`,
        );
        return undefined;
      }
      if (!existing) {
        const record: AgentRecord = {
          id: this.ctx.newId(),
          namespace,
          name: entity.metadata.name,
          origin: 'catalog',
          createdAt: now,
          updatedAt: now,
          ...fields,
        };
        await stores.agents.insert(record);
        if (entity.spec.persona) {
          await stores.configs.append(
            DEFAULTS_TENANT,
            record.id,
            { persona: entity.spec.persona },
            `catalog:${fields.sourceLocation}`,
            now,
          );
        }
        return 'adopted';
      }
      const patch: AgentPatch = {};
      for (const [key, value] of Object.entries(fields)) {
        if (!sameJson(existing[key as keyof AgentRecord], value)) {
          (patch as Record<string, unknown>)[key] = value ?? null;
        }
      }
      if (existing.archivedAt) patch.archivedAt = null;
      if (!Object.keys(patch).length) return undefined;
      await stores.agents.update(existing.id, { ...patch, updatedAt: now });
      // A persona changed in YAML replaces the default persona; edits made in the registry
      // since the last adoption stay until the YAML persona changes again.
      if (patch.sourcePersona !== undefined && entity.spec.persona) {
        const current = await stores.configs.latest(
          DEFAULTS_TENANT,
          existing.id,
        );
        await stores.configs.append(
          DEFAULTS_TENANT,
          existing.id,
          { ...current?.config, persona: entity.spec.persona },
          `catalog:${fields.sourceLocation}`,
          now,
        );
      }
      return 'updated';
    });
  }
}
