import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  type AgentVersion,
  validateLangflowExport,
} from '@cmp/plugin-agent-registry-common';
import semver from 'semver';
import { z } from 'zod/v3';
import type { AgentService } from '../agents/AgentService';
import { MAX_FLOW_BYTES } from '../agents/AgentService';
import { agentEntityRef } from '../agents/agentView';
import type { AgentRecord } from '../database/DatabaseAgentStore';
import type {
  VersionRecord,
  VersionSummary,
} from '../database/DatabaseVersionStore';
import type { Caller } from '../service/Caller';
import { audited, type RegistryContext } from '../service/RegistryContext';
import { parseInput, throwIfIssues } from '../service/validation';
import { publishVersionInTx } from './publishVersion';
import {
  isStrictSemver,
  latestPublished,
  sortBySemverDesc,
} from './semverOrder';

export const createVersionSchema = z
  .object({
    version: z.string(),
    flow: z.record(z.unknown()),
    changelog: z.string().max(10000).optional(),
  })
  .strict();

export const updateDraftSchema = z
  .object({
    flow: z.record(z.unknown()).optional(),
    changelog: z.string().max(10000).nullable().optional(),
  })
  .strict()
  .refine(
    p => p.flow !== undefined || p.changelog !== undefined,
    'must change flow or changelog',
  );

function toView(
  v: VersionSummary & { flow?: Record<string, unknown> },
  agent: AgentRecord,
  latest: string | undefined,
): AgentVersion {
  return {
    agentId: v.agentId,
    version: v.version,
    status: v.status,
    changelog: v.changelog,
    flow: v.flow ?? {},
    isLatest: v.version === latest,
    isDefault: v.version === agent.defaultVersion,
    createdAt: v.createdAt,
    createdBy: v.createdBy,
    publishedAt: v.publishedAt,
    deprecatedAt: v.deprecatedAt,
  };
}

function checkFlow(flow: Record<string, unknown>) {
  if (JSON.stringify(flow).length > MAX_FLOW_BYTES) {
    throw new InputError(`flow is larger than ${MAX_FLOW_BYTES} bytes`);
  }
  throwIfIssues(validateLangflowExport(flow));
}

/** The version lifecycle: draft → published (immutable) → deprecated, and rollback. */
export class VersionService {
  constructor(
    private readonly ctx: RegistryContext,
    private readonly agents: AgentService,
  ) {}

  /** Versions newest first by semver; flows are omitted from the list. */
  async list(caller: Caller, agentRef: string): Promise<AgentVersion[]> {
    const { record } = await this.agents.resolve(caller, agentRef);
    const versions = await this.ctx.db.stores.versions.listSummaries([
      record.id,
    ]);
    const latest = latestPublished(versions);
    return sortBySemverDesc(versions).map(v => {
      const { flow: _omitted, ...view } = toView(v, record, latest);
      return view as AgentVersion;
    });
  }

  async get(
    caller: Caller,
    agentRef: string,
    version: string,
  ): Promise<AgentVersion> {
    const { record } = await this.agents.resolve(caller, agentRef);
    const found = await this.ctx.db.stores.versions.get(record.id, version);
    if (!found)
      throw new NotFoundError(
        `No version ${version} of ${agentEntityRef(record)}`,
      );
    const latest = latestPublished(
      await this.ctx.db.stores.versions.listSummaries([record.id]),
    );
    return toView(found, record, latest);
  }

  /** A new draft; its number must be new and higher than every published version. */
  async createDraft(
    caller: Caller,
    agentRef: string,
    body: unknown,
  ): Promise<AgentVersion> {
    const input = parseInput(createVersionSchema, body);
    const { record, agent } = await this.agents.resolveForUpdate(
      caller,
      agentRef,
    );
    if (!isStrictSemver(input.version)) {
      throw new InputError(
        `version must be a semantic version such as 1.2.0 (got ${JSON.stringify(
          input.version,
        )})`,
      );
    }
    checkFlow(input.flow);
    const now = this.ctx.now().toISOString();
    return audited(
      this.ctx,
      caller,
      'version-create',
      { agent: agent.entityRef, version: input.version },
      () =>
        this.ctx.db.transaction(async stores => {
          const existing = await stores.versions.listSummaries([record.id]);
          if (existing.some(v => v.version === input.version)) {
            throw new ConflictError(
              `Version ${input.version} of ${agent.entityRef} already exists`,
            );
          }
          const highest = existing
            .filter(v => v.status !== 'draft')
            .map(v => v.version)
            .sort(semver.rcompare)[0];
          if (highest && !semver.gt(input.version, highest)) {
            throw new InputError(
              `version ${input.version} must be greater than the latest released version ${highest}`,
            );
          }
          const created: VersionRecord = {
            agentId: record.id,
            version: input.version,
            status: 'draft',
            changelog: input.changelog,
            flow: input.flow,
            createdBy: caller.actor,
            createdAt: now,
          };
          await stores.versions.insert(created);
          return toView(created, record, latestPublished(existing));
        }),
    );
  }

  /** Drafts may change; published and deprecated versions are immutable (409). */
  async updateDraft(
    caller: Caller,
    agentRef: string,
    version: string,
    body: unknown,
  ): Promise<AgentVersion> {
    const patch = parseInput(updateDraftSchema, body);
    const { record, agent } = await this.agents.resolveForUpdate(
      caller,
      agentRef,
    );
    if (patch.flow) checkFlow(patch.flow);
    return audited(
      this.ctx,
      caller,
      'version-update',
      { agent: agent.entityRef, version },
      async () => {
        const changed = await this.ctx.db.stores.versions.updateIfStatus(
          record.id,
          version,
          'draft',
          {
            flow: patch.flow,
            changelog: patch.changelog,
          },
        );
        if (!changed) await this.explainNotDraft(record, version, 'changed');
        return this.get(caller, agentRef, version);
      },
    );
  }

  async publish(
    caller: Caller,
    agentRef: string,
    version: string,
  ): Promise<AgentVersion> {
    const { record, agent } = await this.agents.resolveForUpdate(
      caller,
      agentRef,
    );
    await audited(
      this.ctx,
      caller,
      'version-publish',
      { agent: agent.entityRef, version },
      () =>
        this.ctx.db.transaction(stores =>
          publishVersionInTx(
            stores,
            record.id,
            version,
            this.ctx.now().toISOString(),
          ),
        ),
    );
    await this.ctx.notifier.notify({
      agentId: record.id,
      change: 'version-published',
    });
    return this.get(caller, agentRef, version);
  }

  /**
   * Deprecated versions still run for customers pinned to them but are never "latest";
   * if it was the default, the default moves to the latest remaining published version.
   */
  async deprecate(
    caller: Caller,
    agentRef: string,
    version: string,
  ): Promise<AgentVersion> {
    const { record, agent } = await this.agents.resolveForUpdate(
      caller,
      agentRef,
    );
    await audited(
      this.ctx,
      caller,
      'version-deprecate',
      { agent: agent.entityRef, version },
      () =>
        this.ctx.db.transaction(async stores => {
          const now = this.ctx.now().toISOString();
          const changed = await stores.versions.updateIfStatus(
            record.id,
            version,
            'published',
            {
              status: 'deprecated',
              deprecatedAt: now,
            },
          );
          if (!changed) {
            const existing = await stores.versions.get(record.id, version);
            if (!existing)
              throw new NotFoundError(
                `No version ${version} of ${agent.entityRef}`,
              );
            throw new ConflictError(
              `Version ${version} is ${existing.status}; only published versions can be deprecated`,
            );
          }
          const current = (await stores.agents.get(record.id))!;
          if (current.defaultVersion === version) {
            const next = latestPublished(
              await stores.versions.listSummaries([record.id]),
            );
            await stores.agents.update(record.id, {
              defaultVersion: next ?? null,
              updatedAt: now,
            });
          }
        }),
    );
    await this.ctx.notifier.notify({ agentId: record.id, change: 'updated' });
    return this.get(caller, agentRef, version);
  }

  /**
   * Makes an earlier published version the default again. Without `version`, the highest
   * published version below the current default is chosen.
   */
  async rollback(
    caller: Caller,
    agentRef: string,
    body: { version?: string },
  ): Promise<AgentVersion> {
    const input = parseInput(
      z.object({ version: z.string().optional() }).strict(),
      body ?? {},
    );
    const { record, agent } = await this.agents.resolveForUpdate(
      caller,
      agentRef,
    );
    const target = await audited(
      this.ctx,
      caller,
      'version-rollback',
      { agent: agent.entityRef, version: input.version ?? null },
      () =>
        this.ctx.db.transaction(async stores => {
          const current = (await stores.agents.get(record.id))!;
          if (!current.defaultVersion) {
            throw new ConflictError(
              `${agent.entityRef} has no published version to roll back from`,
            );
          }
          const published = (await stores.versions.listSummaries([record.id]))
            .filter(v => v.status === 'published')
            .map(v => v.version);
          const earlier = published
            .filter(v => semver.lt(v, current.defaultVersion!))
            .sort(semver.rcompare);
          const chosen = input.version ?? earlier[0];
          if (!chosen) {
            throw new ConflictError(
              `No published version of ${agent.entityRef} is older than ${current.defaultVersion}`,
            );
          }
          if (!published.includes(chosen)) {
            throw new ConflictError(
              `Version ${chosen} of ${agent.entityRef} is not a published version`,
            );
          }
          if (!semver.lt(chosen, current.defaultVersion)) {
            throw new ConflictError(
              `Rollback goes to an earlier version than the default ${current.defaultVersion} (got ${chosen})`,
            );
          }
          await stores.agents.update(record.id, {
            defaultVersion: chosen,
            updatedAt: this.ctx.now().toISOString(),
          });
          return chosen;
        }),
    );
    await this.ctx.notifier.notify({ agentId: record.id, change: 'updated' });
    return this.get(caller, agentRef, target);
  }

  private async explainNotDraft(
    record: AgentRecord,
    version: string,
    verb: string,
  ): Promise<never> {
    const existing = await this.ctx.db.stores.versions.get(record.id, version);
    if (!existing)
      throw new NotFoundError(
        `No version ${version} of ${agentEntityRef(record)}`,
      );
    throw new ConflictError(
      `Version ${version} is ${existing.status} and cannot be ${verb}; create a new version instead`,
    );
  }
}
