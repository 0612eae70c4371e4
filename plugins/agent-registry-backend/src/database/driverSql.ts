import type { Knex } from 'knex';

/** better-sqlite3's connection, as far as the hot path uses it. */
export type SqliteConnection = {
  prepare(sql: string): SqliteStatement;
  pragma(source: string): unknown;
  readonly inTransaction: boolean;
  readonly name: string;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
};

export type SqliteStatement = {
  readonly reader: boolean;
  /** Rows as arrays of values, in column order. */
  raw(toggle?: boolean): SqliteStatement;
  columns(): { name: string }[];
  run(...params: unknown[]): { changes: number };
  all(...params: unknown[]): Record<string, any>[];
  get(...params: unknown[]): Record<string, any> | undefined;
};

/** node-postgres' connection, as far as the hot path uses it. */
export type PgConnection = {
  query(
    config: { name: string; text: string; values: unknown[] } | string,
  ): Promise<{
    rows: Record<string, any>[];
    rowCount: number | null;
  }>;
};

const prepared = new WeakMap<object, Map<string, SqliteStatement>>();

/** A statement prepared once per SQLite connection and reused. */
export function sqliteStatement(
  connection: SqliteConnection,
  sql: string,
): SqliteStatement {
  let statements = prepared.get(connection);
  if (!statements) {
    statements = new Map();
    prepared.set(connection, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = connection.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

const columnNames = new WeakMap<SqliteStatement, string[]>();

/**
 * A prepared statement's column names, read once: better-sqlite3 builds the list anew on
 * every `columns()` call (about 50 µs for a 60-column join).
 */
export function sqliteColumnNames(statement: SqliteStatement): string[] {
  let names = columnNames.get(statement);
  if (!names) {
    names = statement.columns().map(column => column.name);
    columnNames.set(statement, names);
  }
  return names;
}

/**
 * Runs hot-path SQL on the driver's own connection: knex's pooled one, or the
 * transaction's when `db` is a transaction (knex's, or a driver transaction's scope).
 * knex builds and, on SQLite, prepares every statement anew for each query, which the
 * gateway measured as most of its database time; here SQLite statements are prepared
 * once per connection and PostgreSQL statements are named, so the server parses and
 * plans them once per connection. Everything else uses knex.
 *
 * A named statement may keep one generic plan per connection, made for the table sizes
 * of that moment (and kept until the table is next analyzed): planned over a few rows, a
 * join reads the whole table, and keeps doing so as the table grows. So the hot path's
 * lookups are written as `pgUnnest(…) CROSS JOIN LATERAL (… WHERE key = input.key
 * LIMIT 1)`: one index probe per input row in any plan (`hotPathPlans.test.ts` checks
 * every named statement).
 */
export async function withDriver<T>(
  db: Knex,
  run: {
    sqlite: (connection: SqliteConnection) => T;
    pg: (connection: PgConnection) => Promise<T>;
  },
): Promise<T> {
  const connection = await db.client.acquireConnection();
  try {
    return isSqliteClient(db)
      ? inSqliteTransaction(connection, run.sqlite)
      : await run.pg(connection as PgConnection);
  } finally {
    await db.client.releaseConnection(connection);
  }
}

const transactions = new WeakMap<
  SqliteConnection,
  (fn: () => unknown) => unknown
>();

/**
 * Outside a transaction, SQLite opens and closes one around every statement, which in
 * WAL mode costs more than a lookup itself; a batch of statements shares one instead.
 */
function inSqliteTransaction<T>(
  connection: SqliteConnection,
  run: (connection: SqliteConnection) => T,
): T {
  if (connection.inTransaction) return run(connection);
  let transaction = transactions.get(connection);
  if (!transaction) {
    transaction = connection.transaction((fn: () => unknown) => fn());
    transactions.set(connection, transaction);
  }
  return transaction(() => run(connection)) as T;
}

export function isSqliteClient(db: Knex): boolean {
  return db.client.config.client === 'better-sqlite3';
}

/** SQLite binds numbers, strings, bigints, buffers and null only (as knex converts them). */
export function sqliteValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.valueOf();
  return value;
}

/** One statement for both databases, written with `?` placeholders. */
export type Statement = { name: string; sql: string; pgSql?: string };

/** The statement with PostgreSQL's numbered placeholders (`$1`, `$2`, ...). */
function pgText(statement: Statement): string {
  if (!statement.pgSql) {
    let n = 0;
    statement.pgSql = statement.sql.replace(/\?/g, () => `$${++n}`);
  }
  return statement.pgSql;
}

/**
 * Runs one statement through the driver: its rows (for a query or RETURNING) and how
 * many rows it changed.
 */
export function runStatement(
  db: Knex,
  statement: Statement,
  params: unknown[],
): Promise<{ rows: Record<string, any>[]; changes: number }> {
  return withDriver(db, {
    sqlite: connection => {
      const sqlite = sqliteStatement(connection, statement.sql);
      const values = params.map(sqliteValue);
      if (sqlite.reader) {
        const rows = sqlite.all(...values);
        return { rows, changes: rows.length };
      }
      return { rows: [], changes: sqlite.run(...values).changes };
    },
    pg: async connection => {
      const { rows, rowCount } = await connection.query({
        name: `agent_registry_${statement.name}`,
        text: pgText(statement),
        values: params,
      });
      return { rows, changes: Number(rowCount ?? rows.length) };
    },
  });
}

/**
 * A stand-in for knex bound to one connection inside `RegistryDatabase.driverTransaction`:
 * store methods that run through the driver work on it; the query builder does not (it
 * says so).
 */
export function driverScope(connection: unknown, client: string): Knex {
  const scope = (() => {
    throw new Error(
      'A driver transaction runs driver statements only (withDriver), not knex queries',
    );
  }) as unknown as Knex & { isTransaction: boolean };
  Object.assign(scope, {
    isTransaction: true,
    client: {
      config: { client },
      acquireConnection: async () => connection,
      releaseConnection: async () => {},
    },
  });
  return scope;
}

/**
 * PostgreSQL: `unnest(…)` over array parameters (`$1::text[]`, …), each read through a
 * sub-select. A custom plan counts a parameter array's elements and a generic plan
 * assumes 10; for lookups driven by the arrays, that difference in cost keeps PostgreSQL
 * planning the statement anew on every call (about 0.4 ms) instead of keeping one plan.
 */
export function pgUnnest(...params: string[]): string {
  return `unnest(${params.map(param => `(SELECT ${param})`).join(', ')})`;
}
