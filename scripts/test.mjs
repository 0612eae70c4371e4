#!/usr/bin/env node
// Runs every package's tests once (no watch mode), on SQLite and on PostgreSQL.
// Backstage's TestDatabases reads the PostgreSQL connection string from the environment;
// this points it at the local server (127.0.0.1:5432, user postgres) unless one is set.
// In CI a missing PostgreSQL fails the run instead of silently testing SQLite only.
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';

const PG_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const pgUrl = new URL(
  process.env[PG_ENV] ??
    process.env.AGENT_REGISTRY_TEST_PG ??
    'postgresql://postgres@127.0.0.1:5432',
);

function reachable(host, port) {
  return new Promise(resolve => {
    const socket = connect({ host, port: Number(port), timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

if (await reachable(pgUrl.hostname, pgUrl.port || 5432)) {
  process.env[PG_ENV] = pgUrl.toString();
  console.log(`Testing on SQLite and on PostgreSQL at ${pgUrl.host}`);
} else if (process.env.CI) {
  console.error(
    `PostgreSQL is not reachable at ${pgUrl.host}; CI requires it.`,
  );
  process.exit(1);
} else {
  console.warn(
    `\n*** PostgreSQL is not reachable at ${pgUrl.host}: testing on SQLite only ***\n`,
  );
}
// Never let TestDatabases try to start containers.
process.env.BACKSTAGE_TEST_DISABLE_DOCKER = '1';

const result = spawnSync(
  'backstage-cli',
  ['repo', 'test', '--watchAll=false', ...process.argv.slice(2)],
  { stdio: 'inherit', env: process.env },
);
process.exit(result.status ?? 1);
