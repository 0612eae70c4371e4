import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTROL_PREFIX, handleControl } from './control';
import { HttpError } from './errors';
import {
  createFlow,
  deleteFlow,
  listFlows,
  readFlow,
  readJson,
  uploadFlows,
} from './flowRoutes';
import { sendError, sendJson, SIMULATOR_HEADER, splitUrl } from './http';
import { handleRun, type RunDeps } from './runFlow';
import type { LangflowSimulator } from './simulator';

/** The Langflow version whose contract the simulator follows (token usage is ≥ 1.9). */
export const SIMULATED_LANGFLOW_VERSION = '1.9.0';

const RUN_PREFIX = '/api/v1/run/';
const FLOWS_PREFIX = '/api/v1/flows/';

/** Authenticates like Langflow's CurrentActiveUser with an API key (query wins over header). */
function authenticate(
  req: IncomingMessage,
  deps: RunDeps,
  query: URLSearchParams | undefined,
): void {
  deps.auth.check(req.headers['x-api-key'], query?.get('x-api-key'));
}

/**
 * Langflow routes. FastAPI would 307-redirect `/api/v1/flows` to
 * `/api/v1/flows/`; serving both directly is the same for fetch clients.
 */
async function routeLangflow(
  req: IncomingMessage,
  res: ServerResponse,
  deps: RunDeps,
  path: string,
  query: URLSearchParams | undefined,
): Promise<void> {
  const method = req.method;
  if (path.startsWith(RUN_PREFIX)) {
    const flowIdOrName = path.slice(RUN_PREFIX.length);
    if (flowIdOrName && !flowIdOrName.includes('/')) {
      if (method !== 'POST') {
        throw new HttpError(405, 'Method Not Allowed');
      }
      await handleRun(req, res, deps, decodeURIComponent(flowIdOrName), query);
      return;
    }
  }
  if (path === '/api/v1/flows' || path.startsWith(FLOWS_PREFIX)) {
    const rest = path.slice(FLOWS_PREFIX.length).replace(/\/$/, '');
    const flowId = rest && !rest.includes('/') ? decodeURIComponent(rest) : '';
    let handler: (() => void | Promise<void>) | undefined;
    if (rest === '' && method === 'GET') {
      handler = () => listFlows(res, deps.flows, query);
    } else if (rest === '' && method === 'POST') {
      const body = await readJson(req);
      handler = () => createFlow(res, deps.flows, body);
    } else if (rest === 'upload' && method === 'POST') {
      handler = () => uploadFlows(req, res, deps.flows, query);
    } else if (flowId && method === 'GET') {
      handler = () => readFlow(res, deps.flows, flowId);
    } else if (flowId && method === 'DELETE') {
      handler = () => deleteFlow(res, deps.flows, flowId);
    }
    if (!handler) {
      throw new HttpError(405, 'Method Not Allowed');
    }
    // FastAPI matches the route (405) before running the auth dependency.
    authenticate(req, deps, query);
    await handler();
    return;
  }
  if (path === '/api/v1/version' && method === 'GET') {
    sendJson(res, 200, {
      version: SIMULATED_LANGFLOW_VERSION,
      main_version: SIMULATED_LANGFLOW_VERSION,
      package: 'Langflow',
    });
    return;
  }
  if (path === '/health' && method === 'GET') {
    sendJson(res, 200, { status: 'ok' });
    return;
  }
  throw new HttpError(404, 'Not Found');
}

/** `deps` is read on every request, so swapping `deps.behaviour` takes effect at once. */
export function createRequestHandler(
  deps: RunDeps,
  simulator: LangflowSimulator,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    deps.calls.stats.requests += 1;
    const { path, query } = splitUrl(req.url ?? '/');
    let handled: Promise<void>;
    if (path.startsWith(CONTROL_PREFIX)) {
      handled = handleControl(req, res, simulator, path, query);
    } else {
      const down = deps.behaviour.down;
      if (down === 'unavailable') {
        sendJson(res, 503, {
          detail: 'Service Unavailable (langflow-simulator is down on purpose)',
        });
        return;
      }
      if (down) {
        // `reset`, or `refuse` for connections opened before the listener closed.
        req.socket.destroy();
        return;
      }
      handled = routeLangflow(req, res, deps, path, query);
    }
    handled.catch(error => {
      if (res.headersSent) {
        res.destroy();
      } else if (error instanceof HttpError) {
        sendError(res, error);
      } else {
        // FastAPI's answer to an unhandled exception.
        res.writeHead(500, {
          'content-type': 'text/plain; charset=utf-8',
          [SIMULATOR_HEADER]: '1',
        });
        res.end('Internal Server Error');
      }
    });
  };
}
