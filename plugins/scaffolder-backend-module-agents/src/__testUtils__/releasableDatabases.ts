import { DatabaseManager } from '@backstage/backend-defaults/database';
import {
  coreServices,
  createServiceFactory,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';

type Client = Awaited<ReturnType<DatabaseService['getClient']>>;

/**
 * The database service `startTestBackend` gives plugins (each plugin its own in-memory
 * SQLite database, from Backstage's own DatabaseManager), with a way to let the process
 * exit afterwards. The DatabaseManager of `@backstage/backend-defaults` 0.18.0 destroys no
 * connection when a backend stops (its shutdown calls `includes` on the knex config, an
 * object, and `Promise.allSettled` swallows the TypeError), and each pool's reaping
 * interval then keeps the Jest worker alive until Jest force-exits it ("A worker process
 * has failed to exit gracefully").
 */
export function releasableDatabases() {
  const clients = new Set<Client>();
  const factory = createServiceFactory({
    service: coreServices.database,
    deps: {
      lifecycle: coreServices.lifecycle,
      logger: coreServices.logger,
      pluginMetadata: coreServices.pluginMetadata,
    },
    async createRootContext() {
      return DatabaseManager.fromConfig(
        mockServices.rootConfig({
          data: {
            backend: {
              database: { client: 'better-sqlite3', connection: ':memory:' },
            },
          },
        }),
      );
    },
    async factory(
      { lifecycle, logger, pluginMetadata },
      manager,
    ): Promise<DatabaseService> {
      const database = manager.forPlugin(pluginMetadata.getId(), {
        lifecycle,
        logger,
      });
      return {
        ...database,
        async getClient() {
          const client = await database.getClient();
          clients.add(client);
          return client;
        },
      };
    },
  });
  /**
   * Lets the process exit with these databases open. They are not destroyed: work still
   * under way when the backend stops (the scaffolder's task workers and event streams, the
   * scheduler) may query them once more. Only the pools' reaping intervals (tarn's
   * `interval`) are unref'd.
   */
  const release = () => {
    for (const client of clients) {
      const pool = client.client.pool as { interval?: NodeJS.Timeout } | null;
      pool?.interval?.unref();
    }
  };
  return { factory, release };
}
