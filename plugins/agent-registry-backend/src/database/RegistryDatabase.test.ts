import { DatabaseManager } from '@backstage/backend-defaults/database';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RegistryDatabase, type RegistryStores } from './RegistryDatabase';

/** The driver connection a driver transaction's stores are bound to. */
const connectionOf = (stores: RegistryStores): Promise<any> =>
  (stores.metering as any).db.client.acquireConnection();

/** A SQLite file as a small installation runs it: every commit must reach the disk. */
describe('RegistryDatabase on a SQLite file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-registry-db-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('uses the write-ahead log and syncs it at every commit', async () => {
    const shutdown: (() => Promise<void> | void)[] = [];
    const lifecycle = {
      addStartupHook: () => {},
      addBeforeShutdownHook: () => {},
      addShutdownHook: (hook: () => Promise<void> | void) =>
        shutdown.push(hook),
    };
    const manager = DatabaseManager.fromConfig(
      mockServices.rootConfig({
        data: {
          backend: {
            database: {
              client: 'better-sqlite3',
              connection: { directory: dir },
            },
          },
        },
      }),
      {
        rootLogger: mockServices.rootLogger(),
        rootLifecycle: lifecycle as any,
      },
    );
    const database = manager.forPlugin('agent-registry', {
      logger: mockServices.logger.mock(),
      lifecycle: lifecycle as any,
    });
    const db = await RegistryDatabase.create({ database });
    const pragma = async (name: string) =>
      Object.values((await db.client.raw(`PRAGMA ${name}`))[0])[0];

    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(2); // FULL

    // A transaction that need not wait for the disk switches to NORMAL for itself only.
    const during = await db.driverTransaction(
      async stores => {
        await stores.metering.takeManyFromQuota('t', 'a', '2026-12', 10, 1);
        return (await connectionOf(stores)).pragma('synchronous', {
          simple: true,
        });
      },
      { durability: 'later' },
    );
    expect(during).toBe(1); // NORMAL
    expect(await pragma('synchronous')).toBe(2);
    const synced = await db.driverTransaction(async stores =>
      (await connectionOf(stores)).pragma('synchronous', { simple: true }),
    );
    expect(synced).toBe(2);
    expect(await db.stores.metering.quotaUsed('t', 'a', '2026-12')).toBe(1);

    // A connection the pool opens later gets the same setting (as the pool announces it).
    const later = await db.client.client.acquireRawConnection();
    expect(later.pragma('synchronous', { simple: true })).not.toBe(2);
    db.client.client.pool._executeEventHandlers('createSuccess', 0, later);
    expect(later.pragma('synchronous', { simple: true })).toBe(2);
    later.close();
    await db.client.destroy();
    for (const hook of shutdown) await hook();
  });
});

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'RegistryDatabase transactions on %p',
  databaseId => {
    let db: RegistryDatabase;
    beforeEach(async () => {
      db = await RegistryDatabase.fromKnex(await databases.init(databaseId));
    });

    it('commits a transaction that does not wait for the disk, for every reader', async () => {
      await db.driverTransaction(
        stores => stores.metering.takeManyFromQuota('t', 'a', '2026-12', 10, 3),
        { durability: 'later' },
      );
      expect(await db.stores.metering.quotaUsed('t', 'a', '2026-12')).toBe(3);
    });

    it('stops waiting for the disk for that transaction only', async () => {
      const pg = databaseId.startsWith('POSTGRES');
      const read = async (connection: any) =>
        pg
          ? (await connection.query('SHOW synchronous_commit')).rows[0]
              .synchronous_commit
          : connection.pragma('synchronous', { simple: true });
      const inside = await db.driverTransaction(
        async stores => read(await connectionOf(stores)),
        { durability: 'later' },
      );
      const after = await db.driverTransaction(async stores =>
        read(await connectionOf(stores)),
      );
      // PostgreSQL turns synchronous commit off for the transaction; in-memory SQLite
      // (the file case is tested above) has no disk to wait for.
      expect({ inside, after }).toEqual(
        pg ? { inside: 'off', after: 'on' } : { inside: after, after },
      );
    });

    it('rolls back a driver transaction that fails, and says knex queries are not for it', async () => {
      await expect(
        db.driverTransaction(async stores => {
          await stores.metering.takeManyFromQuota('t', 'a', '2026-12', 10, 2);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      await expect(
        db.driverTransaction(async stores => {
          await stores.metering.takeManyFromQuota('t', 'a', '2026-12', 10, 2);
          await stores.metering.quotaUsed('t', 'a', '2026-12'); // a knex query
        }),
      ).rejects.toThrow(/driver statements only/);
      expect(await db.stores.metering.quotaUsed('t', 'a', '2026-12')).toBe(0);
      // The connection is back in the pool, usable.
      await db.driverTransaction(stores =>
        stores.metering.takeManyFromQuota('t', 'a', '2026-12', 10, 1),
      );
      expect(await db.stores.metering.quotaUsed('t', 'a', '2026-12')).toBe(1);
    });

    it('charges and refunds a wallet through the driver, never below zero', async () => {
      await db.client('tenants').insert({
        id: 't',
        name: 'T',
        created_at: new Date(),
      });
      await db.stores.wallets.create('t', 'EUR', new Date().toISOString());
      const entry = (id: string, kind: 'topup' | 'charge') => ({
        id,
        kind,
        createdBy: 'test',
        createdAt: new Date().toISOString(),
      });
      const big = 5_000 * 1_000_000; // beyond a 32-bit integer
      expect(
        await db.stores.wallets.adjust('t', big, entry('e1', 'topup')),
      ).toBe(big);
      const charged = await db.driverTransaction(async stores => [
        await stores.wallets.adjust('t', -big + 10, entry('e2', 'charge')),
        await stores.wallets.adjust('t', -11, entry('e3', 'charge')),
        (await stores.wallets.get('t'))?.balanceMicros,
      ]);
      expect(charged).toEqual([10, undefined, 10]);
      const { items } = await db.stores.wallets.entries('t', {
        limit: 10,
        offset: 0,
      });
      expect(
        items.map(e => [e.kind, e.amountMicros, e.balanceAfterMicros]),
      ).toEqual(
        expect.arrayContaining([
          ['topup', big, big],
          ['charge', -big + 10, 10],
        ]),
      );
      expect(items).toHaveLength(2);
    });
  },
);
