#!/usr/bin/env node
/*
 * Standalone Langflow run-API simulator (NOT Langflow) for demo mode and for
 * driving the Agent Registry from other processes. The TypeScript sources are
 * loaded through Backstage's dev-time transform (SWC), as `backstage-cli
 * package start` does, so no build step is needed.
 */
'use strict';

require('@backstage/cli/config/nodeTransform.cjs');

const { parseArgs } = require('node:util');
const {
  loadFlowExports,
  sampleFlows,
  startLangflowSimulator,
} = require('../src/index.ts');

const DEFAULT_API_KEY = 'sk-langflow-simulator';

const HELP = `Usage: langflow-simulator [options]

A simulator of Langflow's run API (NOT Langflow) for tests and demos.

Options:
  --port <n>           Port, 0 = random (env LANGFLOW_SIMULATOR_PORT, default 7860)
  --host <host>        Interface (env LANGFLOW_SIMULATOR_HOST, default 127.0.0.1)
  --api-key <key>      Accepted x-api-key, repeatable (env LANGFLOW_SIMULATOR_API_KEY,
                       comma-separated; default ${DEFAULT_API_KEY})
  --skip-auth          Accept calls without any API key
  --flows <path>       Flow export .json file or directory, repeatable
                       (env LANGFLOW_SIMULATOR_FLOWS)
  --no-samples         Do not load the built-in sample flows
  --latency <ms>       Fixed latency per run
  --jitter <ms>        Extra random latency in [0, ms]
  --failure-rate <r>   Probability 0..1 that a run fails with a 500
  --seed <n>           Seed for reproducible failures and jitter
  --stream-delay <ms>  Pause between streamed tokens
  --max-calls <n>      Run calls kept for /_simulator/calls (default 1000)
  --verbose            Log every run call
  --help               Show this help
`;

const log = line => console.log(`[langflow-simulator] ${line}`);

function fail(message) {
  console.error(`[langflow-simulator] ${message}\n\n${HELP}`);
  process.exit(2);
}

function number(name, raw) {
  if (raw === undefined) {
    return undefined;
  }
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value)) {
    fail(`--${name} must be a number, got "${raw}"`);
  }
  return value;
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'api-key': { type: 'string', multiple: true },
        'skip-auth': { type: 'boolean' },
        flows: { type: 'string', multiple: true },
        'no-samples': { type: 'boolean' },
        latency: { type: 'string' },
        jitter: { type: 'string' },
        'failure-rate': { type: 'string' },
        seed: { type: 'string' },
        'stream-delay': { type: 'string' },
        'max-calls': { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    fail(error.message);
  }
  if (values.help) {
    console.log(HELP);
    return;
  }
  // Empty variables count as unset.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([, value]) => value),
  );
  const apiKeys = values['api-key'] ??
    env.LANGFLOW_SIMULATOR_API_KEY?.split(',').filter(Boolean) ?? [
      DEFAULT_API_KEY,
    ];
  const flowPaths =
    values.flows ??
    (env.LANGFLOW_SIMULATOR_FLOWS ? [env.LANGFLOW_SIMULATOR_FLOWS] : []);
  const flows = [
    ...(values['no-samples'] ? [] : sampleFlows),
    ...flowPaths.flatMap(path => loadFlowExports(path)),
  ];

  const sim = await startLangflowSimulator({
    port: number('port', values.port ?? env.LANGFLOW_SIMULATOR_PORT) ?? 7860,
    host: values.host ?? env.LANGFLOW_SIMULATOR_HOST ?? '127.0.0.1',
    apiKeys,
    skipAuth: values['skip-auth'] ?? false,
    flows,
    latencyMs: number('latency', values.latency),
    jitterMs: number('jitter', values.jitter),
    failureRate: number('failure-rate', values['failure-rate']),
    seed: number('seed', values.seed),
    streamChunkDelayMs: number('stream-delay', values['stream-delay']),
    maxCalls: number('max-calls', values['max-calls']),
    onCall: values.verbose
      ? call =>
          log(
            `${call.method} ${call.path}${
              call.stream ? '?stream=true' : ''
            } -> ${call.status} ${call.outcome} (${call.latencyMs} ms)`,
          )
      : undefined,
  });

  log(`Langflow API simulator (NOT Langflow) listening on ${sim.url}`);
  log(
    `API keys: ${apiKeys.join(', ')}${
      values['skip-auth'] ? ' (auth skipped)' : ''
    }`,
  );
  for (const flow of sim.flows()) {
    const target = flow.endpoint_name ?? flow.id;
    log(
      `flow "${flow.name}" (${flow.id}): POST ${sim.url}/api/v1/run/${target}`,
    );
  }
  log(`control surface: ${sim.url}/_simulator/behaviour`);

  const shutdown = () => {
    log('stopping');
    sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch(error => {
  console.error(`[langflow-simulator] ${error.stack ?? error}`);
  process.exit(1);
});
