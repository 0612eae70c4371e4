import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiKeyCheck } from './auth';
import {
  Behaviour,
  type BehaviourOptions,
  type BehaviourSnapshot,
  type DownMode,
  type FailureSpec,
  type TokenUsageMode,
} from './behaviour';
import { CallLog, type CallStats, type RecordedCall } from './callLog';
import { FlowStore } from './flowStore';
import { assertFlowExport } from './flowValidation';
import type { RunDeps } from './runFlow';
import { createRequestHandler } from './server';
import type { FlowExport, FlowRead } from './types';

export interface LangflowSimulatorOptions extends BehaviourOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default `127.0.0.1`; the control surface is unauthenticated. */
  host?: string;
  /** Keys accepted in `x-api-key` (header or query). */
  apiKeys: string[];
  /** Like LANGFLOW_SKIP_AUTH_AUTO_LOGIN=true: calls without any key are let in. */
  skipAuth?: boolean;
  /** Flow exports to serve from the start (e.g. `sampleFlows`). */
  flows?: FlowExport[];
  /** How many run calls `calls()` keeps (ring buffer, default 1000; 0 = off). */
  maxCalls?: number;
  /** Called after every run call is answered. Keep it cheap in benchmarks. */
  onCall?: (call: RecordedCall) => void;
}

/** A running simulator: its address plus the programmatic control API. */
export interface LangflowSimulator {
  /** Base URL, e.g. `http://127.0.0.1:7860` (what a Langflow client calls `baseUrl`). */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** Adds or replaces (same id) a flow; returns it as Langflow's FlowRead. */
  addFlow(flow: FlowExport): FlowRead;
  removeFlow(flowIdOrName: string): boolean;
  flows(): FlowRead[];
  setApiKeys(keys: string[]): void;
  setLatency(ms: number, jitterMs?: number): void;
  /** Each run fails with this probability; a seed makes the sequence (and jitter) reproducible. */
  setFailureRate(rate: number, seed?: number): void;
  /** The next `count` runs fail (500 with the double-encoded detail unless `failure.status` says otherwise). */
  failNext(count: number, failure?: FailureSpec): void;
  /** `true`/a spec: every run of that flow (id or endpoint name) fails; `false` clears. */
  setFlowFailure(flowIdOrName: string, failure: FailureSpec | boolean): void;
  /** Simulated outage; resolves once a `refuse` listener is closed or reopened. */
  setDown(down: boolean, mode?: DownMode): Promise<void>;
  setTokenUsage(mode: TokenUsageMode): void;
  setStreamChunkDelay(ms: number): void;
  behaviour(): BehaviourSnapshot;
  /** Recorded run calls, oldest first; `limit` keeps the newest ones. */
  calls(limit?: number): RecordedCall[];
  clearCalls(): void;
  stats(): CallStats;
  /** Back to the start options (behaviour, API keys, up) with an empty call log; flows stay. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Starts a Langflow run-API simulator (NOT Langflow) on a real HTTP port. */
export async function startLangflowSimulator(
  options: LangflowSimulatorOptions,
): Promise<LangflowSimulator> {
  const host = options.host ?? '127.0.0.1';
  const deps: RunDeps = {
    flows: new FlowStore(),
    auth: new ApiKeyCheck(options.apiKeys, options.skipAuth ?? false),
    behaviour: new Behaviour(options),
    calls: new CallLog(options.maxCalls ?? 1000),
    onCall: options.onCall,
  };
  for (const flow of options.flows ?? []) {
    assertFlowExport(flow);
    deps.flows.upsert(flow);
  }

  const server = createServer();
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;

  const setDown = async (down: boolean, mode: DownMode = 'unavailable') => {
    const wasRefusing = deps.behaviour.down === 'refuse';
    deps.behaviour.down = down ? mode : false;
    if (deps.behaviour.down === 'refuse' && !wasRefusing) {
      // Stop accepting; pooled idle sockets go too so clients reconnect and get refused.
      server.close();
      server.closeIdleConnections();
    } else if (deps.behaviour.down !== 'refuse' && wasRefusing) {
      await listen(server, port, host);
    }
  };

  const simulator: LangflowSimulator = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    host,
    addFlow(flow) {
      assertFlowExport(flow);
      return deps.flows.upsert(flow);
    },
    removeFlow: flowIdOrName => deps.flows.remove(flowIdOrName),
    flows: () => deps.flows.list().map(stored => structuredClone(stored.read)),
    setApiKeys: keys => deps.auth.setKeys(keys),
    setLatency: (ms, jitterMs) => deps.behaviour.setLatency(ms, jitterMs),
    setFailureRate: (rate, seed) => deps.behaviour.setFailureRate(rate, seed),
    failNext: (count, failure) => deps.behaviour.failNext(count, failure),
    setFlowFailure: (flowIdOrName, failure) =>
      deps.behaviour.setFlowFailure(flowIdOrName, failure),
    setDown,
    setTokenUsage: mode => deps.behaviour.setTokenUsage(mode),
    setStreamChunkDelay: ms => deps.behaviour.setStreamChunkDelay(ms),
    behaviour: () => deps.behaviour.snapshot(),
    calls: limit => deps.calls.list(limit),
    clearCalls: () => deps.calls.clear(),
    stats: () => structuredClone(deps.calls.stats),
    async reset() {
      await setDown(false);
      deps.behaviour = new Behaviour(options);
      deps.auth.setKeys(options.apiKeys);
      deps.calls.clear();
    },
    async stop() {
      await new Promise<void>(resolve => {
        if (!server.listening) {
          // Listener already closed by `refuse`: only connections are left.
          server.closeAllConnections();
          resolve();
          return;
        }
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };

  server.on('request', createRequestHandler(deps, simulator));
  return simulator;
}
