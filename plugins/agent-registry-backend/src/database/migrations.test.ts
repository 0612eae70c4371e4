import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const config = {
  directory: resolvePackagePath(
    '@cmp/plugin-agent-registry-backend',
    'migrations',
  ),
  tableName: 'agent_registry_knex_migrations',
};

describe.each(databases.eachSupportedId())('migrations on %p', databaseId => {
  it('go up and all the way down again', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest(config);
    for (const table of [
      'agents',
      'agent_versions',
      'tenants',
      'tenant_projects',
      'tenant_members',
      'agent_access',
      'config_revisions',
      'api_keys',
      'quota_counters',
      'wallets',
      'wallet_entries',
      'topup_requests',
      'usage_events',
      'usage_rollups',
    ]) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    await knex.migrate.rollback(config, true);
    expect(await knex.schema.hasTable('agents')).toBe(false);
    await knex.migrate.latest(config);
    expect(await knex.schema.hasTable('agents')).toBe(true);
  });
});
