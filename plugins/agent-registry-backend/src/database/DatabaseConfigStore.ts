import type {
  AgentConfiguration,
  ConfigRevision,
} from '@cmp/plugin-agent-registry-common';
import type { Knex } from 'knex';
import { parseJson, toIso } from './util';

/** Agent defaults are stored under this tenant id. */
export const DEFAULTS_TENANT = '';

function decode(row: Record<string, any>): ConfigRevision {
  return {
    revision: Number(row.revision),
    config: parseJson(row.config),
    createdAt: toIso(row.created_at),
    createdBy: row.created_by,
  };
}

/**
 * The only code that reads and writes `config_revisions`. Every save is a new revision;
 * the newest revision is the current configuration. Tenant overlays are always read with
 * their tenant id in the key.
 */
export class DatabaseConfigStore {
  constructor(private readonly db: Knex) {}

  async latest(
    tenantId: string,
    agentId: string,
  ): Promise<ConfigRevision | undefined> {
    const row = await this.db('config_revisions')
      .where({ tenant_id: tenantId, agent_id: agentId })
      .orderBy('revision', 'desc')
      .first();
    return row ? decode(row) : undefined;
  }

  async history(
    tenantId: string,
    agentId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: ConfigRevision[]; totalCount: number }> {
    const query = this.db('config_revisions').where({
      tenant_id: tenantId,
      agent_id: agentId,
    });
    const [{ count }] = await query.clone().count({ count: '*' });
    const rows = await query
      .orderBy('revision', 'desc')
      .limit(page.limit)
      .offset(page.offset);
    return { items: rows.map(decode), totalCount: Number(count) };
  }

  /**
   * Saves a new revision. The (tenant, agent, revision) primary key makes a concurrent save
   * of the same revision fail instead of silently interleaving.
   */
  async append(
    tenantId: string,
    agentId: string,
    config: AgentConfiguration,
    createdBy: string,
    createdAt: string,
  ): Promise<ConfigRevision> {
    const current = await this.latest(tenantId, agentId);
    const revision = (current?.revision ?? 0) + 1;
    await this.db('config_revisions').insert({
      tenant_id: tenantId,
      agent_id: agentId,
      revision,
      config: JSON.stringify(config),
      created_by: createdBy,
      created_at: new Date(createdAt),
    });
    return { revision, config, createdAt, createdBy };
  }
}
