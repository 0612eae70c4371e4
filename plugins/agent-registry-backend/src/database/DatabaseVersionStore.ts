import type { AgentVersionStatus } from '@cmp/plugin-agent-registry-common';
import type { Knex } from 'knex';
import { orUndefined, parseJson, toIso, toOptionalIso } from './util';

/** A version row, decoded. */
export type VersionRecord = {
  agentId: string;
  version: string;
  status: AgentVersionStatus;
  changelog?: string;
  flow: Record<string, unknown>;
  createdBy: string;
  createdAt: string;
  publishedAt?: string;
  deprecatedAt?: string;
};

/** Version and status, without the (large) flow snapshot. */
export type VersionSummary = Omit<VersionRecord, 'flow'>;

const SUMMARY_COLUMNS = [
  'agent_id',
  'version',
  'status',
  'changelog',
  'created_by',
  'created_at',
  'published_at',
  'deprecated_at',
];

function decodeSummary(row: Record<string, any>): VersionSummary {
  return {
    agentId: row.agent_id,
    version: row.version,
    status: row.status,
    changelog: orUndefined(row.changelog),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    publishedAt: toOptionalIso(row.published_at),
    deprecatedAt: toOptionalIso(row.deprecated_at),
  };
}

/** The only code that reads and writes the `agent_versions` table. */
export class DatabaseVersionStore {
  constructor(private readonly db: Knex) {}

  async insert(version: VersionRecord): Promise<void> {
    await this.db('agent_versions').insert({
      agent_id: version.agentId,
      version: version.version,
      status: version.status,
      changelog: version.changelog ?? null,
      flow: JSON.stringify(version.flow),
      created_by: version.createdBy,
      created_at: new Date(version.createdAt),
    });
  }

  async get(
    agentId: string,
    version: string,
  ): Promise<VersionRecord | undefined> {
    const row = await this.db('agent_versions')
      .where({ agent_id: agentId, version })
      .first();
    return row
      ? { ...decodeSummary(row), flow: parseJson(row.flow) }
      : undefined;
  }

  /** Summaries of every version of the given agents (no flow snapshots). */
  async listSummaries(agentIds: string[]): Promise<VersionSummary[]> {
    if (!agentIds.length) return [];
    const rows = await this.db('agent_versions')
      .select(SUMMARY_COLUMNS)
      .whereIn('agent_id', agentIds);
    return rows.map(decodeSummary);
  }

  /**
   * Changes a version only while it is in the expected status, so two concurrent writers
   * cannot both succeed. Returns whether a row changed.
   */
  async updateIfStatus(
    agentId: string,
    version: string,
    expected: AgentVersionStatus,
    patch: {
      status?: AgentVersionStatus;
      flow?: Record<string, unknown>;
      changelog?: string | null;
      publishedAt?: string;
      deprecatedAt?: string;
    },
  ): Promise<boolean> {
    const row: Record<string, unknown> = {};
    if (patch.status) row.status = patch.status;
    if (patch.flow) row.flow = JSON.stringify(patch.flow);
    if (patch.changelog !== undefined) row.changelog = patch.changelog;
    if (patch.publishedAt) row.published_at = new Date(patch.publishedAt);
    if (patch.deprecatedAt) row.deprecated_at = new Date(patch.deprecatedAt);
    const count = await this.db('agent_versions')
      .where({ agent_id: agentId, version, status: expected })
      .update(row);
    return count > 0;
  }
}
