#!/usr/bin/env node
// Demo mode: starts the Langflow simulator (port 7860, loaded with the demo agents' flows)
// next to the portal (app on 3000, backend on 7007), so registry agents answer locally.
// The simulator is a stand-in for Langflow used only here, in tests and in benchmarks.
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
start('portal', 'backstage-cli', ['repo', 'start', ...process.argv.slice(2)]);
