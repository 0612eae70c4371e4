import type { Knex } from 'knex';
import { ADMISSION_JOIN, PG_ADMISSION_VERSION } from './DatabaseAdmissionStore';
import { type TenantScope, whereInScope } from './DatabaseTenantStore';
import {
  pgUnnest,
  runStatement,
  sqliteStatement,
  sqliteValue,
  withDriver,
} from './driverSql';
import { isSqlite, orUndefined, parseJson, toIso } from './util';

/** A call as recorded before and after the runtime ran. */
export type UsageEvent = {
  id: string;
  tenantId: string;
  accessId: string;
  keyId: string;
  idempotencyKey: string;
  status: 'pending' | 'ok';
  quotaPeriod?: string;
  countedInQuota: boolean;
  chargedMicros: number;
  inputTokens?: number;
  outputTokens?: number;
  computeMs?: number;
  response?: unknown;
  occurredAt: string;
};

export type UsageTotals = {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  computeMs: number;
  chargedMicros: number;
};

export type DailyUsage = UsageTotals & {
  day: string;
  accessId: string;
  keyId: string;
};

function decodeEvent(row: Record<string, any>): UsageEvent {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    accessId: row.access_id,
    keyId: row.key_id,
    idempotencyKey: row.idempotency_key,
    status: row.status,
    quotaPeriod: orUndefined(row.quota_period),
    countedInQuota: Boolean(row.counted_in_quota),
    chargedMicros: Number(row.charged_micros),
    inputTokens: row.input_tokens ?? undefined,
    outputTokens: row.output_tokens ?? undefined,
    computeMs: row.compute_ms ?? undefined,
    response: row.response ? parseJson(row.response) : undefined,
    occurredAt: toIso(row.occurred_at),
  };
}

export type UsageResult = {
  inputTokens?: number;
  outputTokens?: number;
  computeMs: number;
  /** The answer, kept only where it can be replayed (the caller chose the idempotency key). */
  response?: unknown;
};

type Completed = { event: UsageEvent; result: UsageResult };

/** What became of one call given to `insertPendingWithinQuota` or `recordWithinQuota`. */
export type WithinQuotaOutcome =
  | 'recorded'
  | 'no_room'
  | 'key_taken'
  | 'changed';

export type WithinQuotaOptions = {
  durability?: 'commit' | 'later';
  /** Hears how many calls each counter found with room has left after the write. */
  left?: (counter: { accessId: string; period: string }, left: number) => void;
};

const ROLLUP_SUMS = [
  'calls',
  'input_tokens',
  'output_tokens',
  'compute_ms',
  'charged_micros',
] as const;

/** A day's rollup row, or what a batch adds to it. */
const ROLLUP_ADD = `ON CONFLICT (tenant_id, access_id, key_id, day) DO UPDATE SET ${ROLLUP_SUMS.map(
  c => `${c} = usage_rollups.${c} + excluded.${c}`,
).join(', ')}`;

/** PostgreSQL's array types of a rollup row: tenant_id, access_id, key_id, day, then ROLLUP_SUMS. */
const ROLLUP_PG_TYPES = [
  'text',
  'text',
  'text',
  'text',
  ...ROLLUP_SUMS.map(() => 'bigint'),
];

/** The calls summed per access, key and day, in the rollup table's column order. */
function rollupRows(calls: Completed[]): (string | number)[][] {
  const rollups = new Map<string, (string | number)[]>();
  for (const { event, result } of calls) {
    const day = event.occurredAt.slice(0, 10);
    const id = `${event.tenantId}\n${event.accessId}\n${event.keyId}\n${day}`;
    let row = rollups.get(id);
    if (!row) {
      row = [event.tenantId, event.accessId, event.keyId, day, 0, 0, 0, 0, 0];
      rollups.set(id, row);
    }
    (row[4] as number) += 1;
    (row[5] as number) += result.inputTokens ?? 0;
    (row[6] as number) += result.outputTokens ?? 0;
    (row[7] as number) += result.computeMs;
    (row[8] as number) += event.chargedMicros;
  }
  // Sorted, so that replicas lock rollup rows in one order and never wait in a cycle.
  return [...rollups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, row]) => row);
}

const totals = (row: Record<string, any> | undefined): UsageTotals => ({
  calls: Number(row?.calls ?? 0),
  inputTokens: Number(row?.input_tokens ?? 0),
  outputTokens: Number(row?.output_tokens ?? 0),
  computeMs: Number(row?.compute_ms ?? 0),
  chargedMicros: Number(row?.charged_micros ?? 0),
});

/** One row of `usage_events`, in column order, for the hot-path statements. */
const EVENT_COLUMNS = [
  'tenant_id',
  'id',
  'access_id',
  'key_id',
  'idempotency_key',
  'status',
  'quota_period',
  'counted_in_quota',
  'charged_micros',
  'input_tokens',
  'output_tokens',
  'compute_ms',
  'response',
  'occurred_at',
] as const;

/** PostgreSQL's array type for each column, for `unnest` over one array per column. */
const EVENT_PG_TYPES: Record<(typeof EVENT_COLUMNS)[number], string> = {
  tenant_id: 'text',
  id: 'text',
  access_id: 'text',
  key_id: 'text',
  idempotency_key: 'text',
  status: 'text',
  quota_period: 'text',
  counted_in_quota: 'boolean',
  charged_micros: 'bigint',
  input_tokens: 'integer',
  output_tokens: 'integer',
  compute_ms: 'integer',
  response: 'text',
  occurred_at: 'timestamptz',
};

type EventRow = Record<(typeof EVENT_COLUMNS)[number], unknown>;

function eventRow(event: UsageEvent, result?: UsageResult): EventRow {
  return {
    tenant_id: event.tenantId,
    id: event.id,
    access_id: event.accessId,
    key_id: event.keyId,
    idempotency_key: event.idempotencyKey,
    status: result ? 'ok' : 'pending',
    quota_period: event.quotaPeriod ?? null,
    counted_in_quota: event.countedInQuota,
    charged_micros: event.chargedMicros,
    input_tokens: result?.inputTokens ?? null,
    output_tokens: result?.outputTokens ?? null,
    compute_ms: result?.computeMs ?? null,
    response:
      result?.response === undefined ? null : JSON.stringify(result.response),
    occurred_at: event.occurredAt,
  };
}

const sqliteRow = (row: EventRow) =>
  EVENT_COLUMNS.map(column =>
    column === 'occurred_at'
      ? Date.parse(row.occurred_at as string)
      : sqliteValue(row[column]),
  );

/** One array per column, in column order: the parameters of an `unnest` insert. */
function pgColumns(rows: EventRow[]): unknown[][] {
  return EVENT_COLUMNS.map(column => rows.map(row => row[column]));
}

const PG_UNNEST_EVENTS = `SELECT * FROM unnest(${EVENT_COLUMNS.map(
  (column, i) => `$${i + 1}::${EVENT_PG_TYPES[column]}[]`,
).join(', ')}) AS e(${EVENT_COLUMNS.join(', ')})`;

/**
 * PostgreSQL's calls within quota, one statement that commits by itself: lock the quota
 * counters with room for all of their calls (in one order, so that replicas never wait in
 * a cycle), record the calls counted against them and the calls no quota counts, then add
 * what was recorded to the counters. A counter's room is checked again after its lock is
 * granted (READ COMMITTED re-reads a locked row), so N concurrent calls against Q left
 * never record more than Q. A call admitted from rows read earlier (their versions given)
 * is recorded only while its key's, access's and agent's rows still have those versions:
 * a change committed since, on any replica, stops it. The last parameter, when not null,
 * is the transaction's synchronous_commit, set from inside the statement (see
 * `insertPendingWithinQuota`).
 *
 * `pending`: the gateway's usual reservation, before the runtime runs. `completed`: calls
 * that have already run and answered are recorded as completed, and added to their days'
 * rollups, in the same statement (`recordWithinQuota`).
 */
function pgWithinQuota(status: 'pending' | 'completed'): string {
  const n = EVENT_COLUMNS.length;
  const recordedColumns =
    status === 'pending'
      ? 'id, tenant_id, access_id, quota_period, counted_in_quota'
      : 'id, tenant_id, access_id, key_id, quota_period, counted_in_quota, ' +
        'charged_micros, input_tokens, output_tokens, compute_ms, occurred_at';
  // Summed per access, key and day, in one order (the rows' locks), as `rollupRows` does.
  const rollUp = `, rolled AS (
        INSERT INTO usage_rollups (tenant_id, access_id, key_id, day, ${ROLLUP_SUMS.join(
          ', ',
        )})
        SELECT tenant_id, access_id, key_id,
          to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*),
          sum(coalesce(input_tokens, 0)), sum(coalesce(output_tokens, 0)),
          sum(coalesce(compute_ms, 0)), sum(charged_micros)
        FROM recorded GROUP BY 1, 2, 3, 4
        ORDER BY tenant_id COLLATE "C", access_id COLLATE "C", key_id COLLATE "C", 4
        ${ROLLUP_ADD}
      )`;
  return `WITH want AS (
        SELECT * FROM ${pgUnnest(
          `$${n + 1}::text[]`,
          `$${n + 2}::text[]`,
          `$${n + 3}::text[]`,
          `$${n + 4}::bigint[]`,
          `$${n + 5}::bigint[]`,
        )}
          AS w(tenant_id, access_id, period, calls, quota)
      ), room AS (
        SELECT c.tenant_id, c.access_id, c.period, c.used
        FROM (SELECT * FROM want ORDER BY tenant_id COLLATE "C", access_id COLLATE "C",
          period COLLATE "C") w
        CROSS JOIN LATERAL (SELECT * FROM quota_counters c
          WHERE c.tenant_id = w.tenant_id AND c.access_id = w.access_id
            AND c.period = w.period AND c.used + w.calls <= w.quota
          LIMIT 1 FOR UPDATE) c
      ), unchanged AS (
        SELECT x.key_id FROM ${pgUnnest(
          `$${n + 6}::text[]`,
          `$${n + 7}::text[]`,
        )} AS x(key_id, version)
        CROSS JOIN LATERAL (SELECT ${PG_ADMISSION_VERSION} AS version ${ADMISSION_JOIN}
          WHERE k.id = x.key_id LIMIT 1) r
        WHERE r.version = x.version
      ), recorded AS (
        INSERT INTO usage_events (${EVENT_COLUMNS.join(', ')})
        SELECT e.* FROM (${PG_UNNEST_EVENTS}) e
        WHERE (NOT e.counted_in_quota OR EXISTS (SELECT 1 FROM room r
          WHERE r.tenant_id = e.tenant_id AND r.access_id = e.access_id
            AND r.period = e.quota_period))
          AND (NOT e.key_id = ANY($${n + 6}::text[])
            OR e.key_id IN (SELECT key_id FROM unchanged))
        ORDER BY e.access_id COLLATE "C", e.idempotency_key COLLATE "C"
        ON CONFLICT DO NOTHING
        RETURNING ${recordedColumns}
      ), taken AS (
        -- An upsert rather than UPDATE … FROM, so that each counter is found through
        -- its index in any plan. The counters exist (room holds their locks): it adds.
        INSERT INTO quota_counters AS c (tenant_id, access_id, period, used, quota)
        SELECT tenant_id, access_id, quota_period, count(*), 0 FROM recorded
        WHERE counted_in_quota GROUP BY 1, 2, 3
        ON CONFLICT (tenant_id, access_id, period)
          DO UPDATE SET used = c.used + excluded.used
      )${status === 'completed' ? rollUp : ''}
      SELECT * FROM (
        -- The calls not recorded, rather than all those that were: usually none.
        SELECT 'missed' AS kind, m.id AS value, NULL::bigint AS used
        FROM unnest($${EVENT_COLUMNS.indexOf('id') + 1}::text[]) AS m(id)
        WHERE m.id NOT IN (SELECT id FROM recorded)
        UNION ALL
        SELECT 'room', access_id || chr(10) || period, used FROM room
        UNION ALL
        SELECT 'unchanged', key_id, NULL FROM unchanged
      ) found
      WHERE (SELECT set_config('synchronous_commit', COALESCE($${
        n + 8
      }, current_setting('synchronous_commit')), true)) IS NOT NULL`;
}

const SQL = {
  giveBackToQuota: {
    name: 'give_back_to_quota',
    sql: `UPDATE quota_counters SET used = used - 1
      WHERE tenant_id = ? AND access_id = ? AND period = ? AND used > 0`,
  },
  deletePending: {
    name: 'delete_pending',
    sql: `DELETE FROM usage_events WHERE tenant_id = ? AND id = ? AND status = 'pending'`,
  },
  takeQuota: {
    name: 'take_quota',
    sql: `UPDATE quota_counters SET used = used + ?
      WHERE tenant_id = ? AND access_id = ? AND period = ? AND used <= ?`,
  },
  createCounter: {
    name: 'create_counter',
    sql: `INSERT INTO quota_counters (tenant_id, access_id, period, used, quota)
      VALUES (?, ?, ?, 0, ?) ON CONFLICT (tenant_id, access_id, period) DO NOTHING`,
  },
  // At the quota's edge the counter is read under lock (SQLite's transaction already
  // holds the only write lock), then takes what is left.
  readCounter: {
    name: 'read_counter',
    sql: `SELECT used FROM quota_counters
      WHERE tenant_id = ? AND access_id = ? AND period = ?`,
    pgSql: `SELECT used FROM quota_counters
      WHERE tenant_id = $1 AND access_id = $2 AND period = $3 FOR UPDATE`,
  },
  insertPending: {
    sqlite: `INSERT INTO usage_events (${EVENT_COLUMNS.join(', ')})
      VALUES (${EVENT_COLUMNS.map(() => '?').join(
        ', ',
      )}) ON CONFLICT DO NOTHING`,
    pg: `INSERT INTO usage_events (${EVENT_COLUMNS.join(', ')})
      ${PG_UNNEST_EVENTS} ON CONFLICT DO NOTHING RETURNING id`,
  },
  complete: {
    sqlite: `UPDATE usage_events SET status = 'ok', input_tokens = ?, output_tokens = ?,
      compute_ms = ?, response = ? WHERE tenant_id = ? AND id = ?`,
    // One statement (a round trip) for the completions and their rollups. An upsert,
    // not UPDATE … FROM unnest: PostgreSQL plans that join as a scan of the whole table.
    // A call released meanwhile as stale is written back.
    pg: `WITH completed AS (
        INSERT INTO usage_events (${EVENT_COLUMNS.join(', ')})
        ${PG_UNNEST_EVENTS}
        ON CONFLICT (tenant_id, id) DO UPDATE SET status = excluded.status,
          input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
          compute_ms = excluded.compute_ms, response = excluded.response
      )
      INSERT INTO usage_rollups (tenant_id, access_id, key_id, day, ${ROLLUP_SUMS.join(
        ', ',
      )})
      SELECT * FROM unnest(${ROLLUP_PG_TYPES.map(
        (type, i) => `$${EVENT_COLUMNS.length + i + 1}::${type}[]`,
      ).join(', ')})
      ${ROLLUP_ADD}`,
  },
  findByIdempotencyKey: {
    sqlite: `SELECT * FROM usage_events WHERE access_id = ? AND idempotency_key = ?`,
    // One index lookup per pair, whatever the plan (see `withDriver`).
    pg: `SELECT e.* FROM ${pgUnnest(
      '$1::text[]',
      '$2::text[]',
    )} AS k(access_id, idempotency_key)
      CROSS JOIN LATERAL (SELECT * FROM usage_events u WHERE u.access_id = k.access_id
        AND u.idempotency_key = k.idempotency_key LIMIT 1) e`,
  },
  reserveWithinQuota: { pg: pgWithinQuota('pending') },
  recordWithinQuota: { pg: pgWithinQuota('completed') },
  addToRollup: {
    sqlite: `INSERT INTO usage_rollups (tenant_id, access_id, key_id, day, ${ROLLUP_SUMS.join(
      ', ',
    )}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ${ROLLUP_ADD}`,
  },
};

/**
 * The only code that reads and writes `quota_counters`, `usage_events` and `usage_rollups`.
 * The quota check is one conditional UPDATE, so with N concurrent calls and Q calls left,
 * exactly Q succeed, on any number of replicas sharing the database. The gateway's
 * per-call statements run through the driver (`withDriver`), the rest through knex.
 */
export class DatabaseMeteringStore {
  constructor(private readonly db: Knex) {}

  /** Takes one call from the period's quota; false when none is left. */
  async takeFromQuota(
    tenantId: string,
    accessId: string,
    period: string,
    quota: number,
  ): Promise<boolean> {
    return (
      (await this.takeManyFromQuota(tenantId, accessId, period, quota, 1)) === 1
    );
  }

  /**
   * Takes up to `count` calls from the period's quota and says how many it got: all of them
   * in one statement while enough are left; at the quota's edge, what is left.
   */
  async takeManyFromQuota(
    tenantId: string,
    accessId: string,
    period: string,
    quota: number,
    count: number,
  ): Promise<number> {
    const take = async (n: number) =>
      (
        await runStatement(this.db, SQL.takeQuota, [
          n,
          tenantId,
          accessId,
          period,
          quota - n,
        ])
      ).changes > 0;
    if (await take(count)) return count;
    // The period's first call creates its counter (a concurrent first call may too).
    await runStatement(this.db, SQL.createCounter, [
      tenantId,
      accessId,
      period,
      quota,
    ]);
    if (await take(count)) return count;
    const { rows } = await runStatement(this.db, SQL.readCounter, [
      tenantId,
      accessId,
      period,
    ]);
    const left = Math.min(count, quota - Number(rows[0]?.used ?? quota));
    return left > 0 && (await take(left)) ? left : 0;
  }

  async giveBackToQuota(
    tenantId: string,
    accessId: string,
    period: string,
  ): Promise<void> {
    await runStatement(this.db, SQL.giveBackToQuota, [
      tenantId,
      accessId,
      period,
    ]);
  }

  async quotaUsed(
    tenantId: string,
    accessId: string,
    period: string,
  ): Promise<number> {
    const row = await this.db('quota_counters')
      .where({ tenant_id: tenantId, access_id: accessId, period })
      .first('used');
    return Number(row?.used ?? 0);
  }

  /** Records a pending call; false if its idempotency key is already taken. */
  async insertPending(event: UsageEvent): Promise<boolean> {
    return (await this.insertPendingMany([event])).has(event.id);
  }

  /**
   * Records pending calls and returns the ids it wrote; a call whose idempotency key is
   * already taken (by a row or an earlier call in the list) is skipped.
   */
  async insertPendingMany(events: UsageEvent[]): Promise<Set<string>> {
    if (!events.length) return new Set();
    const rows = events.map(event => eventRow(event));
    return withDriver(this.db, {
      sqlite: connection => {
        const insert = sqliteStatement(connection, SQL.insertPending.sqlite);
        return new Set(
          rows
            .filter(row => insert.run(...sqliteRow(row)).changes > 0)
            .map(row => row.id as string),
        );
      },
      pg: async connection => {
        const { rows: written } = await connection.query({
          name: 'agent_registry_insert_pending',
          text: SQL.insertPending.pg,
          values: pgColumns(rows),
        });
        return new Set(written.map(row => row.id as string));
      },
    });
  }

  /**
   * Records pending calls, each counted against its period's quota (`quota` given) or
   * against none, and says for each call, in order:
   * - `recorded`: written, its quota taken;
   * - `no_room`: not written, because its counter does not exist yet or has no room left
   *   for all of the calls given for it (the slower `takeManyFromQuota` takes what is
   *   left, or creates the counter);
   * - `key_taken`: not written, because its idempotency key is already in use;
   * - `changed` (PostgreSQL): not written, because `admittedAs` was given and its key's,
   *   access's or agent's row has changed since (see `KeyAdmission.version`).
   *
   * `options.left` hears, for each counter found with room, how many calls it has left
   * after this write.
   *
   * On PostgreSQL this is one statement that commits by itself: the gateway's usual
   * reservation in one round trip. With `durability: 'later'` its commit does not wait for
   * the disk (`synchronous_commit` set for this transaction from inside the statement,
   * since a single statement has no `SET LOCAL` before it). SQLite commits with its
   * connection's setting.
   */
  insertPendingWithinQuota(
    calls: { event: UsageEvent; quota?: number; admittedAs?: string }[],
    options: WithinQuotaOptions = {},
  ): Promise<WithinQuotaOutcome[]> {
    return this.writeWithinQuota('pending', calls, options);
  }

  /**
   * Records calls that have already run as completed, within their quotas, and adds them
   * to their days' rollups: `insertPendingWithinQuota` for calls admitted without a
   * reservation, in one statement on PostgreSQL. A call not recorded took nothing.
   */
  recordWithinQuota(
    calls: {
      event: UsageEvent;
      result: UsageResult;
      quota?: number;
      admittedAs?: string;
    }[],
    options: WithinQuotaOptions = {},
  ): Promise<WithinQuotaOutcome[]> {
    return this.writeWithinQuota('completed', calls, options);
  }

  private async writeWithinQuota(
    status: 'pending' | 'completed',
    calls: {
      event: UsageEvent;
      result?: UsageResult;
      quota?: number;
      admittedAs?: string;
    }[],
    options: WithinQuotaOptions,
  ): Promise<WithinQuotaOutcome[]> {
    const completed = status === 'completed';
    // The versions each checked key's call was admitted with (one per key).
    const admittedAs = new Map<string, string>();
    for (const { event, admittedAs: version } of calls)
      if (version !== undefined) admittedAs.set(event.keyId, version);
    const counters = new Map<
      string,
      {
        tenantId: string;
        accessId: string;
        period: string;
        calls: number;
        quota: number;
      }
    >();
    for (const { event, quota } of calls) {
      if (!event.countedInQuota) continue;
      if (quota === undefined || !event.quotaPeriod)
        throw new Error(`Call ${event.id} is counted in a quota but has none`);
      const id = `${event.accessId}\n${event.quotaPeriod}`;
      const counter = counters.get(id);
      if (counter) {
        counter.calls += 1;
        counter.quota = Math.min(counter.quota, quota);
      } else {
        counters.set(id, {
          tenantId: event.tenantId,
          accessId: event.accessId,
          period: event.quotaPeriod,
          calls: 1,
          quota,
        });
      }
    }
    const rows = calls.map(({ event, result }) => eventRow(event, result));
    const { recorded, room, unchanged } = await withDriver(this.db, {
      sqlite: connection => {
        // Its gateway reads what it admits inside the write transaction instead.
        if (admittedAs.size)
          throw new Error('SQLite does not check admitted row versions');
        const read = sqliteStatement(connection, SQL.readCounter.sql);
        const take = sqliteStatement(connection, SQL.takeQuota.sql);
        const insert = sqliteStatement(connection, SQL.insertPending.sqlite);
        const withRoom = new Map<string, number>();
        for (const [id, c] of counters) {
          const used = read.get(c.tenantId, c.accessId, c.period)?.used;
          if (used !== undefined && Number(used) + c.calls <= c.quota)
            withRoom.set(id, Number(used));
        }
        const written = new Set<string>();
        const takenPer = new Map<string, number>();
        for (const row of rows) {
          const counter = `${row.access_id}\n${row.quota_period}`;
          if (row.counted_in_quota && !withRoom.has(counter)) continue;
          if (insert.run(...sqliteRow(row)).changes === 0) continue;
          written.add(row.id as string);
          if (row.counted_in_quota)
            takenPer.set(counter, (takenPer.get(counter) ?? 0) + 1);
        }
        for (const [id, taken] of takenPer) {
          const c = counters.get(id)!;
          take.run(taken, c.tenantId, c.accessId, c.period, c.quota - taken);
        }
        if (completed) {
          const add = sqliteStatement(connection, SQL.addToRollup.sqlite);
          const done = calls.filter(c => written.has(c.event.id));
          for (const rollup of rollupRows(done as Completed[]))
            add.run(...rollup);
        }
        return {
          recorded: written,
          room: withRoom,
          unchanged: new Set<string>(),
        };
      },
      pg: async connection => {
        const wanted = [...counters.values()];
        const later = options.durability === 'later';
        const { rows: answer } = await connection.query({
          name: completed
            ? 'agent_registry_record_within_quota'
            : 'agent_registry_reserve_within_quota',
          text: completed
            ? SQL.recordWithinQuota.pg
            : SQL.reserveWithinQuota.pg,
          values: [
            ...pgColumns(rows),
            wanted.map(c => c.tenantId),
            wanted.map(c => c.accessId),
            wanted.map(c => c.period),
            wanted.map(c => c.calls),
            wanted.map(c => c.quota),
            [...admittedAs.keys()],
            [...admittedAs.values()],
            // Otherwise left as it is (the session's, or an enclosing transaction's).
            later ? 'off' : null,
          ],
        });
        const missed = new Set<string>();
        const seen = {
          recorded: new Set<string>(),
          room: new Map<string, number>(),
          unchanged: new Set<string>(),
        };
        for (const { kind, value, used } of answer) {
          if (kind === 'missed') missed.add(value);
          else if (kind === 'room') seen.room.set(value, Number(used));
          else seen.unchanged.add(value);
        }
        for (const row of rows)
          if (!missed.has(row.id as string))
            seen.recorded.add(row.id as string);
        return seen;
      },
    });
    const outcomes = calls.map(({ event }): WithinQuotaOutcome => {
      if (recorded.has(event.id)) return 'recorded';
      if (admittedAs.has(event.keyId) && !unchanged.has(event.keyId))
        return 'changed';
      if (
        event.countedInQuota &&
        !room.has(`${event.accessId}\n${event.quotaPeriod}`)
      )
        return 'no_room';
      return 'key_taken';
    });
    if (options.left) {
      const taken = new Map<string, number>();
      calls.forEach(({ event }, i) => {
        if (outcomes[i] !== 'recorded' || !event.countedInQuota) return;
        const id = `${event.accessId}\n${event.quotaPeriod}`;
        taken.set(id, (taken.get(id) ?? 0) + 1);
      });
      for (const [id, used] of room) {
        const { accessId, period, quota } = counters.get(id)!;
        options.left({ accessId, period }, quota - used - (taken.get(id) ?? 0));
      }
    }
    return outcomes;
  }

  async findByIdempotencyKey(
    accessId: string,
    idempotencyKey: string,
  ): Promise<UsageEvent | undefined> {
    const found = await this.findByIdempotencyKeys([
      { accessId, idempotencyKey },
    ]);
    return found.get(`${accessId}\n${idempotencyKey}`);
  }

  /** Many idempotency lookups at once, keyed `${accessId}\n${idempotencyKey}`. */
  async findByIdempotencyKeys(
    keys: { accessId: string; idempotencyKey: string }[],
  ): Promise<Map<string, UsageEvent>> {
    const wanted = new Set(keys.map(k => `${k.accessId}\n${k.idempotencyKey}`));
    const rows = await withDriver(this.db, {
      sqlite: connection => {
        const find = sqliteStatement(
          connection,
          SQL.findByIdempotencyKey.sqlite,
        );
        return keys.flatMap(k => find.all(k.accessId, k.idempotencyKey));
      },
      pg: async connection =>
        (
          await connection.query({
            name: 'agent_registry_find_idempotency_keys',
            text: SQL.findByIdempotencyKey.pg,
            values: [
              keys.map(k => k.accessId),
              keys.map(k => k.idempotencyKey),
            ],
          })
        ).rows,
    });
    const found = new Map<string, UsageEvent>();
    for (const row of rows) {
      const pair = `${row.access_id}\n${row.idempotency_key}`;
      if (wanted.has(pair)) found.set(pair, decodeEvent(row));
    }
    return found;
  }

  /** Completes a call and adds it to the day's rollup. */
  async complete(event: UsageEvent, result: UsageResult): Promise<void> {
    await this.completeMany([{ event, result }]);
  }

  /**
   * Completes calls and adds them to their days' rollups, summed per access, key and day
   * first. A call released meanwhile as stale (its process presumed dead) is written back
   * as completed: it did run and answer.
   */
  async completeMany(calls: Completed[]): Promise<void> {
    if (!calls.length) return;
    const rows = calls.map(({ event, result }) => eventRow(event, result));
    const rollups = rollupRows(calls);
    await withDriver(this.db, {
      sqlite: connection => {
        const complete = sqliteStatement(connection, SQL.complete.sqlite);
        const insert = sqliteStatement(connection, SQL.insertPending.sqlite);
        for (const row of rows) {
          const { changes } = complete.run(
            row.input_tokens,
            row.output_tokens,
            row.compute_ms,
            row.response,
            row.tenant_id,
            row.id,
          );
          if (!changes) insert.run(...sqliteRow(row));
        }
        const add = sqliteStatement(connection, SQL.addToRollup.sqlite);
        for (const rollup of rollups) add.run(...rollup);
      },
      pg: async connection => {
        await connection.query({
          name: 'agent_registry_complete_and_roll_up',
          text: SQL.complete.pg,
          values: [
            ...pgColumns(rows),
            ...ROLLUP_PG_TYPES.map((_, i) => rollups.map(rollup => rollup[i])),
          ],
        });
      },
    });
  }

  async deletePending(tenantId: string, id: string): Promise<boolean> {
    const { changes } = await runStatement(this.db, SQL.deletePending, [
      tenantId,
      id,
    ]);
    return changes > 0;
  }

  /**
   * One step of the sweep for calls left pending since before `before` (their process
   * died mid-call): the stale calls found, where the next step starts, and whether this
   * step reached the end. The caller releases the calls before it takes the next step.
   *
   * PostgreSQL finds them through its partial index of pending calls (`from` is not used).
   * SQLite has no such index (it cost two index writes per call): it walks at most `scan`
   * events in the order they were written (their rowid), after `from`. A step only moves
   * `next` past completed calls, which are never deleted, and stops at the first call
   * still pending but not stale yet; so `next` is never above the highest rowid, and an
   * event written later always comes after it.
   */
  async sweepStale(
    from: number,
    before: string,
    scan: number,
  ): Promise<{ stale: UsageEvent[]; next: number; done: boolean }> {
    if (!isSqlite(this.db)) {
      const rows = await this.db('usage_events')
        .where({ status: 'pending' })
        .where('occurred_at', '<', new Date(before))
        .orderBy('occurred_at')
        .limit(scan);
      return {
        stale: rows.map(decodeEvent),
        next: from,
        done: rows.length < scan,
      };
    }
    const cutoff = Date.parse(before);
    const walked: Array<{ row: number; status: string; occurred_at: unknown }> =
      await this.db.raw(
        `SELECT rowid AS row, status, occurred_at FROM usage_events
          WHERE rowid > ? ORDER BY rowid LIMIT ?`,
        [from, scan],
      );
    let next = from;
    const stale: number[] = [];
    let blocked = false;
    for (const { row, status, occurred_at } of walked) {
      if (status === 'ok') {
        next = row;
      } else if (Date.parse(toIso(occurred_at)) < cutoff) {
        stale.push(row);
      } else {
        blocked = true;
        break;
      }
    }
    const found = stale.length
      ? await this.db.raw(
          `SELECT * FROM usage_events WHERE rowid IN (${stale
            .map(() => '?')
            .join(', ')}) ORDER BY rowid`,
          stale,
        )
      : [];
    return {
      stale: found.map(decodeEvent),
      next,
      done: blocked || walked.length < scan,
    };
  }

  /** Daily usage within [from, to] (YYYY-MM-DD), scoped to tenants. */
  async daily(
    scope: TenantScope,
    filter: {
      tenantId?: string;
      accessIds?: string[];
      from: string;
      to: string;
    },
  ): Promise<DailyUsage[]> {
    const rows = await this.db('usage_rollups')
      .where(b => {
        whereInScope(b, scope);
        if (filter.tenantId) b.where('tenant_id', filter.tenantId);
        if (filter.accessIds)
          b.whereIn(
            'access_id',
            filter.accessIds.length ? filter.accessIds : [''],
          );
      })
      .whereBetween('day', [filter.from, filter.to])
      .orderBy([
        { column: 'day' },
        { column: 'access_id' },
        { column: 'key_id' },
      ]);
    return rows.map(r => ({
      day: r.day,
      accessId: r.access_id,
      keyId: r.key_id,
      ...totals(r),
    }));
  }

  /** Totals of one access between two days (inclusive), e.g. month to date. */
  async totals(
    tenantId: string,
    accessId: string,
    from: string,
    to: string,
  ): Promise<UsageTotals> {
    const row = await this.db('usage_rollups')
      .where({ tenant_id: tenantId, access_id: accessId })
      .whereBetween('day', [from, to])
      .sum({
        calls: 'calls',
        input_tokens: 'input_tokens',
        output_tokens: 'output_tokens',
        compute_ms: 'compute_ms',
        charged_micros: 'charged_micros',
      })
      .first();
    return totals(row);
  }
}
