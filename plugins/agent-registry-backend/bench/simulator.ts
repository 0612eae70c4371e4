/*
 * Benchmark child: the Langflow simulator with no latency and no call recording, serving
 * the "Basic Prompting" flow. Reports its URL and, on request, its call counters.
 */
import {
  basicPromptingFlow,
  startLangflowSimulator,
} from '@cmp/langflow-simulator';
import { serveParent } from './lib/children';
import { MemorySampler } from './lib/memory';
import { SIMULATOR_API_KEY } from './lib/world';

async function main() {
  const sim = await startLangflowSimulator({
    apiKeys: [SIMULATOR_API_KEY],
    flows: [basicPromptingFlow],
    latencyMs: 0,
    maxCalls: 0,
  });
  const memory = new MemorySampler();
  serveParent({
    stats: () => ({ stats: sim.stats() }),
    'mem-reset': () => memory.reset(),
    'mem-report': () => ({ memory: memory.report() }),
  });
  process.on('SIGTERM', () => sim.stop().finally(() => process.exit(0)));
  process.send?.({ type: 'ready', url: sim.url });
}

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
