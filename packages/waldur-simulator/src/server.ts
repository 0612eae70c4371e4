import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate } from './auth';
import { ApiError, methodNotAllowed, notFound } from './errors';
import type { Faults } from './faults';
import { requestSchema } from './openapi';
import { validateRequestBody } from './requestValidation';
import {
  Router,
  type Method,
  type Reply,
  type RequestContext,
  type Route,
} from './router';
import type { Simulation } from './simulation';
import type { JsonObject, UserRecord } from './store';

/**
 * The HTTP side: one node:http server that serves the Waldur API routes and
 * the simulator's own /_simulator/ control routes, applies failure
 * injection to the former, and can stop accepting connections ("refuse").
 */

const CONTROL_PREFIX = '/_simulator/';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** DRF's JSONParser: only JSON bodies; parse errors are 400 with `detail`. */
function parseBody(req: IncomingMessage, text: string): unknown {
  if (text.trim() === '') return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('json')) {
    throw new ApiError(415, {
      detail: `Unsupported media type "${type.split(';')[0]}" in request.`,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, {
      detail: `JSON parse error - ${(error as Error).message}`,
    });
  }
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = {
    'X-Served-By': 'waldur-simulator',
    ...reply.headers,
  };
  if (reply.body === undefined) {
    res.writeHead(reply.status, { ...headers, 'Content-Length': '0' });
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

function errorReply(error: unknown, log: (line: string) => void): Reply {
  if (error instanceof ApiError) {
    return { status: error.status, body: error.body, headers: error.headers };
  }
  log(`internal error: ${(error as Error).stack ?? String(error)}`);
  return {
    status: 500,
    body: { detail: `Internal simulator error: ${(error as Error).message}` },
  };
}

export interface ServerOptions {
  host: string;
  port: number;
  verbose: boolean;
}

export class SimulatorServer {
  private server: Server;
  private readonly api: Router;
  private control: Router = new Router([]);
  private port = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly faults: Faults,
    apiRoutes: Route[],
    private readonly options: ServerOptions,
  ) {
    this.api = new Router(apiRoutes);
    this.server = this.createHttpServer();
  }

  setControlRoutes(routes: Route[]): void {
    this.control = new Router(routes);
  }

  get url(): string {
    const host = this.options.host.includes(':')
      ? `[${this.options.host}]`
      : this.options.host;
    return `http://${host}:${this.port}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(
        this.port || this.options.port,
        this.options.host,
        () => {
          this.server.off('error', reject);
          this.port = (this.server.address() as AddressInfo).port;
          resolve();
        },
      );
    });
  }

  /** Stops listening and drops open connections: clients get "connection refused". */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    await new Promise<void>(resolve => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    this.server = this.createHttpServer();
  }

  private createHttpServer(): Server {
    return createServer((req, res) => {
      this.handle(req, res).catch(error => {
        this.sim.log(
          `failed to answer ${req.method} ${req.url}: ${String(error)}`,
        );
        if (!res.headersSent) send(res, errorReply(error, this.sim.log));
      });
    });
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    // Behind a proxy, absolute URLs follow X-Forwarded-Host/-Proto (USE_X_FORWARDED_HOST).
    const forwardedHost = req.headers['x-forwarded-host'];
    const host =
      (typeof forwardedHost === 'string'
        ? forwardedHost.split(',')[0].trim()
        : undefined) ??
      req.headers.host ??
      `${this.options.host}:${this.port}`;
    const proto = String(req.headers['x-forwarded-proto'] ?? 'http')
      .split(',')[0]
      .trim();
    const url = new URL(req.url ?? '/', `${proto}://${host}`);
    const isControl = url.pathname.startsWith(CONTROL_PREFIX);

    if (!isControl && this.faults.down === 'reset') {
      req.socket.destroy();
      return;
    }
    const text = await readBody(req);
    let reply: Reply;
    // Simulated outages are marked so tests can tell them from Waldur answers.
    if (!isControl && typeof this.faults.down === 'number') {
      reply = {
        status: this.faults.down,
        body: {
          detail: 'Service unavailable (waldur-simulator is switched down).',
        },
        headers: { 'X-Simulator-Fault': 'down' },
      };
    } else {
      if (!isControl) {
        const delay = this.faults.delayFor(url.pathname);
        if (delay > 0) await new Promise(resolve => setTimeout(resolve, delay));
      }
      const failure = isControl
        ? undefined
        : this.faults.takeFailure(method, url.pathname);
      reply = failure
        ? { ...failure, headers: { 'X-Simulator-Fault': 'injected' } }
        : await this.dispatch(req, method, url, text, isControl);
    }
    send(res, reply);
    if (this.options.verbose || isControl) {
      this.sim.log(
        `${method} ${url.pathname}${url.search} -> ${reply.status} (${
          Date.now() - started
        } ms)`,
      );
    }
  }

  private async dispatch(
    req: IncomingMessage,
    method: string,
    url: URL,
    text: string,
    isControl: boolean,
  ): Promise<Reply> {
    try {
      const match = (isControl ? this.control : this.api).match(
        method,
        url.pathname,
      );
      if (match.kind === 'not-found') throw notFound();
      if (match.kind === 'method-not-allowed') {
        throw methodNotAllowed(method, match.allowed);
      }
      const { route, params } = match;
      const user = route.public
        ? undefined
        : authenticate(this.sim.store, req.headers.authorization);
      const parsed = parseBody(req, text);
      const schemaPath = isControl ? undefined : route.path;
      let consumed = false;
      const ctx: RequestContext = {
        method: method as Method,
        path: route.path,
        params,
        query: url.searchParams,
        url,
        baseUrl: url.origin,
        sim: this.sim,
        get user(): UserRecord {
          if (!user) throw new Error(`${route.path} is public and has no user`);
          return user;
        },
        body(): JsonObject {
          consumed = true;
          const body = parsed === undefined ? {} : parsed;
          const errors = schemaPath
            ? validateRequestBody(method, schemaPath, body)
            : undefined;
          if (errors) throw new ApiError(400, errors);
          return body as JsonObject;
        },
      };
      const reply = await route.handler(ctx);
      if (schemaPath && !consumed && requestSchema(method, schemaPath)) {
        throw new Error(
          `${method} ${route.path} did not validate its request body`,
        );
      }
      return reply;
    } catch (error) {
      return errorReply(error, this.sim.log);
    }
  }
}
