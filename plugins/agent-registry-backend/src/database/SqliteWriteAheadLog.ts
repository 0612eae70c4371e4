import type { Knex } from 'knex';
import { promises as fs } from 'node:fs';

import type { SqliteConnection } from './driverSql';

/**
 * A SQLite file in write-ahead-log mode, and the commits it offers.
 *
 * In the default rollback-journal mode a commit creates, syncs and deletes a journal
 * file; the write-ahead log appends and syncs once. Every gateway call writes, so this is
 * the gateway's largest cost on SQLite. The journal mode is kept in the file (in-memory
 * databases ignore it); `synchronous` is per connection, and WAL's default (NORMAL) would
 * not sync at commit, so FULL is set on every connection: a commit is on disk when it
 * returns. better-sqlite3 runs that sync on the event loop, though, which then waits for
 * the disk; so the gateway's transactions commit with NORMAL (the log written, not
 * synced) and then sync the log here, on libuv's thread pool, one sync for every commit
 * made meanwhile. A call is answered only once a sync that started after its commit has
 * finished: the same guarantee as FULL, without holding up the event loop.
 */
export class SqliteWriteAheadLog {
  /**
   * Turns the log on; undefined when the database is not a SQLite file (or refuses WAL).
   */
  static async enable(client: Knex): Promise<SqliteWriteAheadLog | undefined> {
    if (client.client.config.client !== 'better-sqlite3') return undefined;
    const [mode] = await client.raw('PRAGMA journal_mode = WAL');
    await client.raw('PRAGMA synchronous = FULL');
    client.client.pool.on(
      'createSuccess',
      (_id: unknown, connection: Partial<SqliteConnection>) =>
        connection.pragma?.('synchronous = FULL'),
    );
    if (String(Object.values(mode ?? {})[0]).toLowerCase() !== 'wal')
      return undefined;
    const connection: SqliteConnection =
      await client.client.acquireConnection();
    try {
      return new SqliteWriteAheadLog(`${connection.name}-wal`);
    } finally {
      await client.client.releaseConnection(connection);
    }
  }

  private file?: fs.FileHandle;
  private running?: Promise<void>;
  private queued?: Promise<void>;

  private constructor(private readonly path: string) {}

  /**
   * Syncs the log: resolves once a sync that started after this call has finished. Calls
   * made while a sync runs share the next one.
   */
  sync(): Promise<void> {
    if (!this.running) {
      this.running = this.syncFile().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    const next = () => {
      this.queued = undefined;
      return this.sync();
    };
    this.queued ??= this.running.then(next, next);
    return this.queued;
  }

  /**
   * Kept open, but reopened when SQLite has replaced the file: it deletes the log when
   * its last connection closes and starts a new one, which an old descriptor (of a file
   * with no name left) would no longer reach.
   */
  private async syncFile(): Promise<void> {
    if (this.file && (await this.file.stat()).nlink === 0) {
      await this.file.close().catch(() => {});
      this.file = undefined;
    }
    if (!this.file) {
      try {
        this.file = await fs.open(this.path, 'r');
      } catch (error) {
        // No log: it was checkpointed into the database file, which SQLite synced.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
    }
    await this.file.datasync();
  }

  /** Closes the log's descriptor (the next sync opens it again). */
  async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.close();
  }
}
