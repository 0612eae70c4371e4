import { DatabaseManager } from '@backstage/backend-defaults/database';
import { mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RegistryDatabase } from './RegistryDatabase';

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
