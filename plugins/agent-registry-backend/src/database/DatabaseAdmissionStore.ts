import type { Knex } from 'knex';
import { type AccessRecord, decodeAccess } from './DatabaseAccessStore';
import { type AgentRecord, decodeAgent } from './DatabaseAgentStore';
import { decodeKey, type KeyRecord } from './DatabaseKeyStore';
import { sqliteStatement, withDriver } from './driverSql';

/** A key found by its hash, with its access and the access's agent (if they exist). */
export type KeyAdmission = {
  key: KeyRecord;
  access?: AccessRecord;
  agent?: AgentRecord;
};

// Markers between the three tables' columns in the joined row: column names none of the
// tables has. The row is split there and each part goes to its own store's decoder.
const ACCESS_MARK = '__agent_access';
const AGENT_MARK = '__agents';

const KEY_ACCESS_AGENT = `SELECT k.*, NULL AS ${ACCESS_MARK}, a.*, NULL AS ${AGENT_MARK}, g.*
  FROM api_keys k
  LEFT JOIN agent_access a ON a.id = k.access_id
  LEFT JOIN agents g ON g.id = a.agent_id
  WHERE k.key_hash`;

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
 * the access's agent, for many key hashes at once, in one joined statement (on
 * PostgreSQL every statement of the gateway's turn is a round trip). It reads the three
 * tables without caching (a revocation or a paused access holds at once, on every
 * replica) and decodes each part of the row with its own store's decoder.
 */
export class DatabaseAdmissionStore {
  constructor(private readonly db: Knex) {}

  async getByKeyHashes(hashes: string[]): Promise<Map<string, KeyAdmission>> {
    const { names, rows } = await withDriver(this.db, {
      sqlite: connection => {
        // One prepared lookup per hash, rows as arrays (the tables share column names).
        const select = sqliteStatement(
          connection,
          `${KEY_ACCESS_AGENT} = ?`,
        ).raw(true);
        return {
          names: select.columns().map(column => column.name),
          rows: hashes.flatMap(hash => select.all(hash) as unknown[][]),
        };
      },
      pg: async connection => {
        const result = await connection.query({
          name: 'agent_registry_key_access_agent',
          text: `${KEY_ACCESS_AGENT} = ANY($1::text[])`,
          values: [hashes],
          rowMode: 'array',
        });
        return {
          names: (result.fields ?? []).map(field => field.name),
          rows: result.rows as unknown as unknown[][],
        };
      },
    });
    const accessAt = names.indexOf(ACCESS_MARK);
    const agentAt = names.indexOf(AGENT_MARK);
    const found = new Map<string, KeyAdmission>();
    for (const row of rows) {
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
}
