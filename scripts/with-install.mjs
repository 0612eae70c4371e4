#!/usr/bin/env node
// Runs a command through the repo's pinned Yarn, installing dependencies first when
// node_modules is missing or older than yarn.lock. Lets `npm start` / `npm test` work on a
// fresh clone with no global yarn: npm hands its `nodedir` setting to this process, which
// better-sqlite3's native build needs on machines without downloadable Node headers.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const yarnPath = join(
  root,
  /^yarnPath:\s*(.+)$/m
    .exec(readFileSync(join(root, '.yarnrc.yml'), 'utf8'))[1]
    .trim(),
);

function yarn(args) {
  const result = spawnSync(process.execPath, [yarnPath, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function installIsStale() {
  const state = join(root, 'node_modules', '.yarn-state.yml');
  if (!existsSync(state)) return true;
  return statSync(join(root, 'yarn.lock')).mtimeMs > statSync(state).mtimeMs;
}

if (!process.env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) {
  process.env.npm_config_nodedir = '/usr';
}

if (installIsStale()) {
  const code = yarn(['install', '--immutable']);
  if (code !== 0) process.exit(code);
}

const args = process.argv.slice(2);
process.exit(args.length ? yarn(args) : 0);
