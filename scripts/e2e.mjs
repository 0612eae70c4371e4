#!/usr/bin/env node
// End-to-end check of the real portal: builds the app, starts the real backend (SQLite,
// demo data) serving it on :7007, checks readiness and that the catalog returns the demo
// agents, then runs the Playwright browser tests in Debian's Chromium. Fails loudly.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const BASE = 'http://localhost:7007';
const args = process.argv.slice(2);
const flag = name => args.includes(name);
// --database=pg runs the same backend on PostgreSQL (127.0.0.1:5432 unless E2E_PG_URL is set).
const database = (
  args.find(a => a.startsWith('--database=')) ?? '--database=sqlite'
).split('=')[1];
const playwrightArgs = args.filter(
  a =>
    !a.startsWith('--database=') && !['--no-build', '--no-browser'].includes(a),
);
const DEMO_AGENTS = [
  'support-assistant',
  'sales-copilot',
  'invoice-automation',
  'docs-qa-app',
  // Registered in the registry, reaching the catalog through its entity provider.
  'faq-bot',
  'lead-qualifier',
];

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (res.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${res.status})`);
}

async function dropE2eDatabases() {
  const { default: pg } = await import('pg');
  const client = new pg.Client(
    process.env.E2E_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  await client.connect();
  const { rows } = await client.query(
    "SELECT datname FROM pg_database WHERE datname LIKE 'e2e\\_plugin\\_%'",
  );
  for (const { datname } of rows) {
    await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  await client.end();
}

async function waitForReady(backend) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (backend.exitCode !== null)
      throw new Error('the backend exited during startup');
    try {
      const res = await fetch(`${BASE}/.backstage/health/v1/readiness`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(1000);
  }
  throw new Error('the backend did not become ready within 180 s');
}

/** The gateway's own listener (app-config: agentRegistry.gateway.listen) refuses a keyless call. */
async function checkGatewayListener() {
  const res = await fetch(
    'http://localhost:7008/api/agent-registry/v1/runtime/agents/faq-bot/invoke',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'hello' }),
    },
  );
  const body = await res.json();
  if (res.status !== 401 || body?.error?.code !== 'key_missing') {
    throw new Error(
      `gateway listener answered ${res.status} ${JSON.stringify(body)}`,
    );
  }
  console.log('gateway listener on :7008: 401 key_missing without a key');
}

async function guestToken() {
  const res = await fetch(`${BASE}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in failed: ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

async function waitForDemoAgents(token) {
  const deadline = Date.now() + 120_000;
  let names = [];
  while (Date.now() < deadline) {
    const res = await fetch(`${BASE}/api/catalog/entities?filter=kind=agent`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (res.ok) {
      names = (await res.json()).map(e => e.metadata.name);
      if (DEMO_AGENTS.every(n => names.includes(n))) return names;
    }
    await sleep(1000);
  }
  throw new Error(
    `the catalog did not return the demo agents (got ${JSON.stringify(names)})`,
  );
}

if (!flag('--no-build') && !flag('--no-browser')) {
  run('backstage-cli', ['package', 'build'], { cwd: 'packages/app' });
}

if (database === 'pg') {
  await dropE2eDatabases();
}
mkdirSync('node_modules/.cache/e2e', { recursive: true });
const logFile = 'node_modules/.cache/e2e/backend.log';
const log = openSync(logFile, 'w');
const backend = spawn('backstage-cli', ['package', 'start'], {
  cwd: 'packages/backend',
  stdio: ['ignore', log, log],
  detached: true,
  env: {
    ...process.env,
    APP_CONFIG_app_baseUrl: BASE,
    ...(database === 'pg' && {
      APP_CONFIG_backend_database_client: 'pg',
      APP_CONFIG_backend_database_connection:
        process.env.E2E_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432',
      // Own databases (e2e_plugin_*), dropped below so every run starts clean.
      APP_CONFIG_backend_database_prefix: 'e2e_plugin_',
    }),
  },
});
const stop = () => {
  try {
    process.kill(-backend.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));

let code = 1;
try {
  await waitForReady(backend);
  console.log('readiness: 200');
  const names = await waitForDemoAgents(await guestToken());
  console.log(`catalog agents (${database}): ${names.join(', ')}`);
  await checkGatewayListener();
  if (flag('--no-browser')) {
    code = 0;
  } else {
    code =
      spawnSync('playwright', ['test', ...playwrightArgs], { stdio: 'inherit' })
        .status ?? 1;
  }
} catch (e) {
  console.error(`E2E FAILED: ${e.message}`);
} finally {
  stop();
}
if (code !== 0) {
  console.error(`--- last lines of ${logFile} ---`);
  console.error(
    readFileSync(logFile, 'utf8').split('\n').slice(-60).join('\n'),
  );
}
process.exit(code);
