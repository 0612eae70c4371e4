#!/usr/bin/env node
// Demo mode: starts the Langflow simulator (port 7860, loaded with the demo agents' flows)
// and the Waldur simulator (port 8000, with demo buyers) next to the portal (app on 3000,
// backend on 7007), so agents answer and sell locally. The simulators stand in for Langflow
// and Waldur only here, in tests and in benchmarks.
import { spawn } from 'node:child_process';

const children = [];
function start(name, command, args) {
  const child = spawn(command, args, { stdio: 'inherit', env: process.env });
  child.on('exit', code => {
    console.log(`[demo] ${name} exited (${code}); stopping the demo`);
    stopAll(code ?? 1);
  });
  children.push(child);
  return child;
}

function stopAll(code) {
  for (const child of children) {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

start('Langflow simulator', process.execPath, [
  'packages/langflow-simulator/bin/langflow-simulator.js',
  '--port',
  process.env.LANGFLOW_SIMULATOR_PORT ?? '7860',
  '--api-key',
  'sk-langflow-simulator',
  '--flows',
  'plugins/agent-registry-backend/src/demo',
]);
// The Waldur simulator's default seed gives the same demo tokens on every start, which
// app-config.yaml uses (agentRegistry.waldur.token).
start('Waldur simulator', process.execPath, [
  'packages/waldur-simulator/bin/waldur-simulator.js',
  '--port',
  process.env.WALDUR_SIMULATOR_PORT ?? '8000',
]);
start('portal', 'backstage-cli', ['repo', 'start', ...process.argv.slice(2)]);
