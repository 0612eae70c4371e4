/*
 * Throw-away databases for a benchmark run, given as Backstage `backend.database` config:
 * a SQLite file in a temp directory, or PostgreSQL databases under a random prefix that
 * are dropped afterwards.
 */
import { knex, type Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export type DbKind = 'sqlite' | 'pg';

export type BenchDatabase = {
  kind: DbKind;
  /** `backend.database` (plain JSON) */
  config: Record<string, any>;
  /** Where the data lives, for the output. */
  location: string;
  /** Drops what the run created. */
  cleanup(): Promise<void>;
};

export function parseDbKinds(value: string | undefined, fallback: DbKind[]) {
  if (!value) return fallback;
  const kinds = value.split(',').map(v => (v === 'postgres' ? 'pg' : v));
  for (const kind of kinds) {
    if (kind !== 'sqlite' && kind !== 'pg')
      throw new Error(`--database must be sqlite, pg or both (got ${kind})`);
  }
  return kinds as DbKind[];
}

/** PostgreSQL connection, from PG* environment variables (default: local, trust auth). */
export function pgConnection() {
  return {
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    ...(process.env.PGPASSWORD ? { password: process.env.PGPASSWORD } : {}),
  };
}

export async function createBenchDatabase(
  kind: DbKind,
  tmpDir: string,
): Promise<BenchDatabase> {
  if (kind === 'sqlite') {
    const directory = path.join(tmpDir, 'sqlite');
    return {
      kind,
      config: { client: 'better-sqlite3', connection: { directory } },
      location: path.join(directory, 'agent-registry.sqlite'),
      cleanup: async () => {},
    };
  }
  const connection = pgConnection();
  // Backstage creates `<prefix><pluginId>` on first use; the prefix makes it unique.
  const prefix = `bench_${randomBytes(4).toString('hex')}_`;
  const admin = knex({
    client: 'pg',
    connection: { ...connection, database: 'postgres' },
    pool: { min: 0, max: 1 },
  });
  try {
    await admin.raw('select 1');
  } catch (error) {
    await admin.destroy();
    throw new Error(
      `PostgreSQL is not reachable at ${connection.host}:${
        connection.port
      } as ${connection.user}: ${(error as Error).message}`,
    );
  }
  return {
    kind,
    config: { client: 'pg', connection, prefix },
    location: `postgresql://${connection.user}@${connection.host}:${connection.port}/${prefix}agent-registry`,
    cleanup: async () => {
      try {
        const { rows } = await admin.raw(
          `select datname from pg_database where datname like ?`,
          [`${prefix}%`],
        );
        for (const { datname } of rows as { datname: string }[]) {
          await admin.raw(`drop database if exists ?? with (force)`, [datname]);
        }
      } finally {
        await admin.destroy();
      }
    },
  };
}

/** What makes a commit durable, as the database reports it. */
export async function describeDurability(client: Knex): Promise<string> {
  const dialect = String(client.client.config.client);
  if (dialect.includes('sqlite')) {
    const first = (rows: any) => Object.values(rows[0] ?? {})[0];
    const journal = first(await client.raw('PRAGMA journal_mode'));
    const sync = first(await client.raw('PRAGMA synchronous'));
    const names = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];
    return `SQLite ${
      first(await client.raw('select sqlite_version()')) ?? ''
    } (better-sqlite3), journal_mode=${journal}, synchronous=${
      names[Number(sync)] ?? sync
    }, knex pool max=${client.client.pool?.max ?? '?'}`;
  }
  const show = async (name: string) =>
    (await client.raw(`show ${name}`)).rows[0][name];
  return `PostgreSQL ${await show(
    'server_version',
  )}, synchronous_commit=${await show(
    'synchronous_commit',
  )}, fsync=${await show('fsync')}, wal_sync_method=${await show(
    'wal_sync_method',
  )}, knex pool max=${client.client.pool?.max ?? '?'}`;
}
