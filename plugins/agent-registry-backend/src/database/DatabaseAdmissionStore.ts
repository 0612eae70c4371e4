import type { Knex } from 'knex';
import { type AccessRecord, decodeAccess } from './DatabaseAccessStore';
import { type AgentRecord, decodeAgent } from './DatabaseAgentStore';
import { decodeKey, type KeyRecord } from './DatabaseKeyStore';
import {
  pgUnnest,
  sqliteColumnNames,
  sqliteStatement,
  withDriver,
} from './driverSql';

/** A key found by its hash, with its access and the access's agent (if they exist). */
export type KeyAdmission = {
  key: KeyRecord;
  access?: AccessRecord;
  agent?: AgentRecord;
  /**
   * PostgreSQL: the versions of the three rows as read (each row's `xmin`, the
   * transaction that wrote it; any update gives a row a new one). The gateway keeps
   * admissions it has read and passes this to `insertPendingWithinQuota`, which records
   * a call only while its rows still have these versions.
   */
  version?: string;
};

// SQLite: the three tables' rows side by side, as arrays (the tables share column names),
// with markers between them: column names none of the tables has. The row is split there
// and each part goes to its own store's decoder.
const ACCESS_MARK = '__agent_access';
const AGENT_MARK = '__agents';

export const ADMISSION_JOIN = `FROM api_keys k
  LEFT JOIN agent_access a ON a.id = k.access_id
  LEFT JOIN agents g ON g.id = a.agent_id`;

/** PostgreSQL: the versions of a key's row and its access's and agent's, as one value. */
export const PG_ADMISSION_VERSION = `concat(k.xmin, ':', a.xmin, ':', g.xmin)`;

const SQLITE_KEY_ACCESS_AGENT = `SELECT k.*, NULL AS ${ACCESS_MARK}, a.*, NULL AS ${AGENT_MARK}, g.*
  ${ADMISSION_JOIN} WHERE k.key_hash = ?`;

// PostgreSQL: each table's row as one JSON value. node-postgres sets up a parser per
// column of every result it reads; for the ~60 columns of the three rows that measured
// about 40 µs of CPU per read, three JSON columns a fraction of it.
// One index lookup per hash, whatever the plan (see `withDriver`).
const PG_KEY_ACCESS_AGENT = `SELECT r.* FROM ${pgUnnest(
  '$1::text[]',
)} AS h(key_hash)
  CROSS JOIN LATERAL (SELECT to_json(k) AS key, to_json(a) AS access, to_json(g) AS agent,
    ${PG_ADMISSION_VERSION} AS version
    ${ADMISSION_JOIN} WHERE k.key_hash = h.key_hash LIMIT 1) r`;

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

type Rows = Record<
  'key' | 'access' | 'agent',
  Record<string, unknown> | null
> & {
  version?: string;
};

/**
 * The gateway's read of what a call is checked against: its key, the key's access and
 * the access's agent, for many key hashes at once, in one joined statement (on
 * PostgreSQL every statement of the gateway's turn is a round trip). It reads the three
 * tables without caching (a revocation or a paused access holds at once, on every
 * replica) and decodes each table's row with its own store's decoder.
 */
export class DatabaseAdmissionStore {
  constructor(private readonly db: Knex) {}

  async getByKeyHashes(hashes: string[]): Promise<Map<string, KeyAdmission>> {
    const rows = await withDriver<Rows[]>(this.db, {
      sqlite: connection => {
        const select = sqliteStatement(connection, SQLITE_KEY_ACCESS_AGENT).raw(
          true,
        );
        const names = sqliteColumnNames(select);
        const accessAt = names.indexOf(ACCESS_MARK);
        const agentAt = names.indexOf(AGENT_MARK);
        return hashes.flatMap(hash =>
          (select.all(hash) as unknown[][]).map(row => ({
            key: columns(names, row, 0, accessAt),
            access: columns(names, row, accessAt + 1, agentAt),
            agent: columns(names, row, agentAt + 1, names.length),
          })),
        );
      },
      pg: async connection =>
        (
          await connection.query({
            name: 'agent_registry_key_access_agent',
            text: PG_KEY_ACCESS_AGENT,
            values: [hashes],
          })
        ).rows as Rows[],
    });
    const found = new Map<string, KeyAdmission>();
    for (const { key: keyRow, access, agent, version } of rows) {
      const key = decodeKey(keyRow!);
      found.set(key.keyHash, {
        key,
        access: access?.id ? decodeAccess(access) : undefined,
        agent: agent?.id ? decodeAgent(agent) : undefined,
        ...(version ? { version } : {}),
      });
    }
    return found;
  }
}
