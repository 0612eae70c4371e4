import type { Knex } from 'knex';
import { type AccessRecord, decodeAccess } from './DatabaseAccessStore';
import { type AgentRecord, decodeAgent } from './DatabaseAgentStore';
import { DatabaseAccessStore } from './DatabaseAccessStore';
import { DatabaseAgentStore } from './DatabaseAgentStore';
import {
  decodeKey,
  DatabaseKeyStore,
  type KeyRecord,
} from './DatabaseKeyStore';
import { isSqliteClient, pgQuery } from './driverSql';

/** A key found by its hash, with its access and the access's agent (if they exist). */
export type KeyAdmission = {
  key: KeyRecord;
  access?: AccessRecord;
  agent?: AgentRecord;
};

// Markers between the three tables' columns in the joined row: a column name none of
// the tables has. The row is split there and hands each part to its owner's decoder.
const ACCESS_MARK = '__agent_access';
const AGENT_MARK = '__agents';

const PG_KEY_ACCESS_AGENT = `SELECT k.*, NULL AS ${ACCESS_MARK}, a.*, NULL AS ${AGENT_MARK}, g.*
  FROM api_keys k
  LEFT JOIN agent_access a ON a.id = k.access_id
  LEFT JOIN agents g ON g.id = a.agent_id
  WHERE k.key_hash = ANY($1::text[])`;

/** The columns of `[from, to)` of an array row, as the object its table's decoder reads. */
function columns(
  names: string[],
  row: unknown[],
  from: number,
  to: number,
): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (let i = from; i < to; i++) object[names[i]] = row[i];
  return object;
}

/**
 * The gateway's read of what a call is checked against: its key, the key's access and
 * the access's agent, for many key hashes at once. It reads the three tables without
 * caching (a revocation or a paused access holds at once, on every replica) and decodes
 * each row with its own store's decoder. On PostgreSQL it is one joined statement: every
 * statement in the gateway's turn is a round trip, and the turn holds the quota's row
 * lock until it commits. On SQLite, where a statement costs microseconds and no round
 * trip, it is the three stores' own prepared lookups.
 */
export class DatabaseAdmissionStore {
  constructor(private readonly db: Knex) {}

  async getByKeyHashes(hashes: string[]): Promise<Map<string, KeyAdmission>> {
    if (isSqliteClient(this.db)) return this.lookupEach(hashes);
    const { rows, fields } = await pgQuery(this.db, {
      name: 'agent_registry_key_access_agent',
      text: PG_KEY_ACCESS_AGENT,
      values: [hashes],
      rowMode: 'array',
    });
    const names = (fields ?? []).map(field => field.name);
    const accessAt = names.indexOf(ACCESS_MARK);
    const agentAt = names.indexOf(AGENT_MARK);
    const found = new Map<string, KeyAdmission>();
    for (const row of rows as unknown as unknown[][]) {
      const key = decodeKey(columns(names, row, 0, accessAt));
      const access = columns(names, row, accessAt + 1, agentAt);
      const agent = columns(names, row, agentAt + 1, names.length);
      found.set(key.keyHash, {
        key,
        access: access.id ? decodeAccess(access) : undefined,
        agent: agent.id ? decodeAgent(agent) : undefined,
      });
    }
    return found;
  }

  private async lookupEach(
    hashes: string[],
  ): Promise<Map<string, KeyAdmission>> {
    const keys = await new DatabaseKeyStore(this.db).getByHashes(hashes);
    const accesses = await new DatabaseAccessStore(this.db).getByIds([
      ...new Set([...keys.values()].map(k => k.accessId)),
    ]);
    const agents = await new DatabaseAgentStore(this.db).getMany([
      ...new Set([...accesses.values()].map(a => a.agentId)),
    ]);
    const found = new Map<string, KeyAdmission>();
    for (const [hash, key] of keys) {
      const access = accesses.get(key.accessId);
      found.set(hash, {
        key,
        access,
        agent: access && agents.get(access.agentId),
      });
    }
    return found;
  }
}
