import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { DatabaseAccessStore } from './DatabaseAccessStore';
import { DatabaseAdmissionStore } from './DatabaseAdmissionStore';
import { DatabaseAgentStore } from './DatabaseAgentStore';
import { DatabaseConfigStore } from './DatabaseConfigStore';
import { DatabaseKeyStore } from './DatabaseKeyStore';
import { DatabaseMeteringStore } from './DatabaseMeteringStore';
import { DatabaseTenantStore } from './DatabaseTenantStore';
import { DatabaseVersionStore } from './DatabaseVersionStore';
import { DatabaseWalletStore } from './DatabaseWalletStore';
import {
  driverScope,
  isSqliteClient,
  type PgConnection,
  type SqliteConnection,
  sqliteStatement,
} from './driverSql';

/** One store per aggregate, all bound to the same connection or transaction. */
export type RegistryStores = {
  agents: DatabaseAgentStore;
  versions: DatabaseVersionStore;
  configs: DatabaseConfigStore;
  tenants: DatabaseTenantStore;
  access: DatabaseAccessStore;
  keys: DatabaseKeyStore;
  metering: DatabaseMeteringStore;
  wallets: DatabaseWalletStore;
  /** Read-only: a key with its access and agent, as the gateway checks a call. */
  admissions: DatabaseAdmissionStore;
};

function bind(db: Knex): RegistryStores {
  return {
    agents: new DatabaseAgentStore(db),
    versions: new DatabaseVersionStore(db),
    configs: new DatabaseConfigStore(db),
    tenants: new DatabaseTenantStore(db),
    access: new DatabaseAccessStore(db),
    keys: new DatabaseKeyStore(db),
    metering: new DatabaseMeteringStore(db),
    wallets: new DatabaseWalletStore(db),
    admissions: new DatabaseAdmissionStore(db),
  };
}

const migrationsDir = resolvePackagePath(
  '@cmp/plugin-agent-registry-backend',
  'migrations',
);
// Our own bookkeeping table, so the registry can share a database with other plugins
// (tests do; so can small installations) without mixing migration histories.
const MIGRATIONS_TABLE = 'agent_registry_knex_migrations';

/**
 * On a SQLite file, a commit in the default rollback-journal mode creates, syncs and
 * deletes a journal file; the write-ahead log appends and syncs once. Every gateway call
 * writes, so this is the gateway's largest cost on SQLite. The journal mode is kept in
 * the file (in-memory databases ignore it); `synchronous` is per connection and WAL's
 * default (NORMAL) would not sync at commit, so FULL is set on every connection: a commit
 * is on the disk when it returns. Says whether the database now writes ahead.
 */
async function useWriteAheadLog(client: Knex): Promise<boolean> {
  if (client.client.config.client !== 'better-sqlite3') return false;
  const [mode] = await client.raw('PRAGMA journal_mode = WAL');
  await client.raw('PRAGMA synchronous = FULL');
  client.client.pool.on(
    'createSuccess',
    (_id: unknown, connection: Partial<SqliteConnection>) =>
      connection.pragma?.('synchronous = FULL'),
  );
  return String(Object.values(mode ?? {})[0]).toLowerCase() === 'wal';
}

function assertSupportedClient(client: Knex) {
  const name = String(client.client.config.client);
  if (name !== 'better-sqlite3' && name !== 'pg') {
    throw new Error(
      `The agent registry runs on PostgreSQL (client "pg") or SQLite (client "better-sqlite3"), not "${name}"`,
    );
  }
}

export type DriverTransactionOptions = {
  /**
   * When the commit must be on the disk:
   * - `commit` (default): when the commit returns.
   * - `later`: not waited for. The commit is atomic and visible to every replica at once
   *   and becomes durable with the next synced commit (both databases write one log in
   *   order), or is lost only if the machine or the database server crashes first. For
   *   writes that are undone anyway if the process does not get as far as a synced
   *   commit, like the gateway's reservations.
   */
  durability?: 'commit' | 'later';
};

async function pgTransaction<T>(
  connection: PgConnection,
  durability: DriverTransactionOptions['durability'],
  run: () => Promise<T>,
): Promise<T> {
  await connection.query(
    durability === 'later'
      ? 'BEGIN; SET LOCAL synchronous_commit TO OFF'
      : 'BEGIN',
  );
  try {
    const result = await run();
    await connection.query('COMMIT');
    return result;
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** The registry's database: migrations, stores, and transactions over them. */
export class RegistryDatabase {
  static async create(options: {
    database: DatabaseService;
  }): Promise<RegistryDatabase> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({
        directory: migrationsDir,
        tableName: MIGRATIONS_TABLE,
      });
    }
    assertSupportedClient(client);
    return new RegistryDatabase(client, await useWriteAheadLog(client));
  }

  /** For tests that bring their own (already migrated) knex. */
  static async fromKnex(client: Knex): Promise<RegistryDatabase> {
    await client.migrate.latest({
      directory: migrationsDir,
      tableName: MIGRATIONS_TABLE,
    });
    assertSupportedClient(client);
    return new RegistryDatabase(client);
  }

  readonly stores: RegistryStores;

  private constructor(
    readonly client: Knex,
    /** A SQLite file in write-ahead-log mode (see useWriteAheadLog). */
    private readonly writeAhead = false,
  ) {
    this.stores = bind(client);
  }

  /**
   * PostgreSQL takes write transactions on many connections at once; SQLite writes on
   * one connection, one transaction at a time.
   */
  get writesConcurrently(): boolean {
    return !isSqliteClient(this.client);
  }

  /** Runs `fn` in one transaction: all its writes land together or not at all. */
  transaction<T>(fn: (stores: RegistryStores) => Promise<T>): Promise<T> {
    return this.client.transaction(tx => fn(bind(tx)));
  }

  /**
   * A transaction for the gateway's per-call writes, run on a driver connection with
   * plain BEGIN and COMMIT: a knex transaction costs about 130 µs of CPU to set up, more
   * than the statements of a small batch. Only store methods that run through the driver
   * (`withDriver`) work inside; a knex query fails loudly.
   */
  async driverTransaction<T>(
    fn: (stores: RegistryStores) => Promise<T>,
    options: DriverTransactionOptions = {},
  ): Promise<T> {
    const durability = options.durability ?? 'commit';
    const clientName = this.client.client.config.client as string;
    const connection = await this.client.client.acquireConnection();
    try {
      const stores = bind(driverScope(connection, clientName));
      return clientName === 'pg'
        ? await pgTransaction(connection, durability, () => fn(stores))
        : await this.sqliteTransaction(connection, durability, () =>
            fn(stores),
          );
    } finally {
      await this.client.client.releaseConnection(connection);
    }
  }

  private async sqliteTransaction<T>(
    connection: SqliteConnection,
    durability: DriverTransactionOptions['durability'],
    run: () => Promise<T>,
  ): Promise<T> {
    // SQLite switches `synchronous` only between transactions.
    const unsynced = this.writeAhead && durability === 'later';
    if (unsynced)
      sqliteStatement(connection, 'PRAGMA synchronous = NORMAL').run();
    let result: T;
    try {
      sqliteStatement(connection, 'BEGIN IMMEDIATE').run();
      try {
        result = await run();
        sqliteStatement(connection, 'COMMIT').run();
      } catch (error) {
        if (connection.inTransaction)
          sqliteStatement(connection, 'ROLLBACK').run();
        throw error;
      }
    } finally {
      if (unsynced)
        sqliteStatement(connection, 'PRAGMA synchronous = FULL').run();
    }
    return result;
  }
}
