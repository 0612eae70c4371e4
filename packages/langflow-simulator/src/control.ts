import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DownMode, FailureSpec, TokenUsageMode } from './behaviour';
import { HttpError } from './errors';
import { readBody, sendJson } from './http';
import type { LangflowSimulator } from './simulator';
import type { FlowExport } from './types';

/*
 * The simulator's own HTTP control surface, under `/_simulator/` so it can
 * never be confused with a Langflow route. It lets another process (a
 * backend under test, a benchmark driver, a demo) steer the simulator the
 * way the programmatic API does. It is unauthenticated: bind to localhost.
 */

export const CONTROL_PREFIX = '/_simulator/';

/** Body of `PATCH /_simulator/behaviour`; every field is optional. */
export interface BehaviourPatch {
  latencyMs?: number;
  jitterMs?: number;
  failureRate?: number;
  seed?: number;
  failNext?: number | ({ count: number } & FailureSpec);
  /** `refuse` is refused here: it would close the socket this surface listens on. */
  down?: boolean | Exclude<DownMode, 'refuse'>;
  tokenUsage?: TokenUsageMode;
  streamChunkDelayMs?: number;
  apiKeys?: string[];
  flowFailures?: Record<string, FailureSpec | boolean>;
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req);
  if (raw.length === 0) {
    return {};
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'Body must be JSON');
  }
}

/** Applies fields in the order listed in BehaviourPatch; a bad field stops there. */
async function applyPatch(
  sim: LangflowSimulator,
  patch: BehaviourPatch,
): Promise<void> {
  const current = sim.behaviour();
  if (patch.latencyMs !== undefined || patch.jitterMs !== undefined) {
    sim.setLatency(
      patch.latencyMs ?? current.latencyMs,
      patch.jitterMs ?? current.jitterMs,
    );
  }
  if (patch.failureRate !== undefined || patch.seed !== undefined) {
    sim.setFailureRate(patch.failureRate ?? current.failureRate, patch.seed);
  }
  if (typeof patch.failNext === 'number') {
    sim.failNext(patch.failNext);
  } else if (patch.failNext !== undefined) {
    const { count, ...failure } = patch.failNext;
    sim.failNext(count, failure);
  }
  if (patch.down !== undefined) {
    if ((patch.down as unknown) === 'refuse') {
      throw new HttpError(
        400,
        "down mode 'refuse' is only available programmatically",
      );
    }
    if (typeof patch.down === 'string') {
      await sim.setDown(true, patch.down);
    } else {
      await sim.setDown(patch.down === true);
    }
  }
  if (patch.tokenUsage !== undefined) {
    sim.setTokenUsage(patch.tokenUsage);
  }
  if (patch.streamChunkDelayMs !== undefined) {
    sim.setStreamChunkDelay(patch.streamChunkDelayMs);
  }
  if (patch.apiKeys !== undefined) {
    if (
      !Array.isArray(patch.apiKeys) ||
      patch.apiKeys.some(key => typeof key !== 'string')
    ) {
      throw new HttpError(400, 'apiKeys must be a list of strings');
    }
    sim.setApiKeys(patch.apiKeys);
  }
  for (const [flow, failure] of Object.entries(patch.flowFailures ?? {})) {
    sim.setFlowFailure(flow, failure);
  }
}

function flowsOf(body: unknown): FlowExport[] {
  const record = body as { flows?: unknown } | null;
  return Array.isArray(record?.flows)
    ? (record.flows as FlowExport[])
    : [body as FlowExport];
}

/**
 * Routes:
 * - `GET /_simulator/behaviour`, `PATCH /_simulator/behaviour` (BehaviourPatch)
 * - `GET /_simulator/calls?limit=n`, `DELETE /_simulator/calls`
 * - `GET /_simulator/stats`
 * - `POST /_simulator/flows` (a flow export or `{"flows": [...]}`; upsert, no API key)
 * - `POST /_simulator/reset`
 */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  sim: LangflowSimulator,
  path: string,
  query: URLSearchParams | undefined,
): Promise<void> {
  const route = `${req.method} ${path.slice(CONTROL_PREFIX.length)}`;
  try {
    switch (route) {
      case 'GET behaviour':
        sendJson(res, 200, sim.behaviour());
        return;
      case 'PATCH behaviour':
        await applyPatch(sim, (await readJsonBody(req)) as BehaviourPatch);
        sendJson(res, 200, sim.behaviour());
        return;
      case 'GET calls': {
        const limit = query?.get('limit');
        sendJson(res, 200, sim.calls(limit ? Number(limit) : undefined));
        return;
      }
      case 'DELETE calls':
        sim.clearCalls();
        sendJson(res, 200, { cleared: true });
        return;
      case 'GET stats':
        sendJson(res, 200, sim.stats());
        return;
      case 'POST flows':
        sendJson(
          res,
          201,
          flowsOf(await readJsonBody(req)).map(flow => sim.addFlow(flow)),
        );
        return;
      case 'POST reset':
        await sim.reset();
        sendJson(res, 200, sim.behaviour());
        return;
      default:
        throw new HttpError(404, `Unknown simulator control route: ${route}`);
    }
  } catch (error) {
    // Setter validation errors (RangeError, TypeError) are the caller's fault.
    if (error instanceof RangeError || error instanceof TypeError) {
      throw new HttpError(400, error.message);
    }
    throw error;
  }
}
