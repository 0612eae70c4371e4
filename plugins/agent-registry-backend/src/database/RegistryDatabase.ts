import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { DatabaseAccessStore } from './DatabaseAccessStore';
import { DatabaseAgentStore } from './DatabaseAgentStore';
import { DatabaseConfigStore } from './DatabaseConfigStore';
import { DatabaseKeyStore } from './DatabaseKeyStore';
import { DatabaseMeteringStore } from './DatabaseMeteringStore';
import { DatabaseTenantStore } from './DatabaseTenantStore';
import { DatabaseVersionStore } from './DatabaseVersionStore';
import { DatabaseWalletStore } from './DatabaseWalletStore';

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
 * deletes a journal file, on the event loop; the write-ahead log appends and syncs once.
 * Every call writes, so this is the gateway's largest cost on SQLite. The journal mode is
 * kept in the file (in-memory databases ignore it); `synchronous` is per connection and
 * WAL's default (NORMAL) would not sync at commit, so FULL is set on every connection.
 */
async function useWriteAheadLog(client: Knex) {
  if (client.client.config.client !== 'better-sqlite3') return;
  await client.raw('PRAGMA journal_mode = WAL');
  await client.raw('PRAGMA synchronous = FULL');
  client.client.pool.on(
    'createSuccess',
    (_id: unknown, connection: { pragma?(source: string): unknown }) =>
      connection.pragma?.('synchronous = FULL'),
  );
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
    await useWriteAheadLog(client);
    return new RegistryDatabase(client);
  }

  /** For tests that bring their own (already migrated) knex. */
  static async fromKnex(client: Knex): Promise<RegistryDatabase> {
    await client.migrate.latest({
      directory: migrationsDir,
      tableName: MIGRATIONS_TABLE,
    });
    return new RegistryDatabase(client);
  }

  readonly stores: RegistryStores;

  private constructor(readonly client: Knex) {
    this.stores = bind(client);
  }

  /** Runs `fn` in one transaction: all its writes land together or not at all. */
  transaction<T>(fn: (stores: RegistryStores) => Promise<T>): Promise<T> {
    return this.client.transaction(tx => fn(bind(tx)));
  }
}
