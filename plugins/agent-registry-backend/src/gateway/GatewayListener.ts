import type { LoggerService } from '@backstage/backend-plugin-api';
import { serializeError } from '@backstage/errors';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  GatewayRequest,
  GatewayResponse,
  GatewayRoute,
} from './gatewayHttp';
import { createRequestChecks, type RequestCheck } from './requestValidation';

/** The plugin's routes live here on Backstage; the listener keeps the same paths. */
export const GATEWAY_BASE_PATH = '/api/agent-registry';

/** Gateway calls carry a prompt of at most 100,000 characters; anything far above is refused. */
const BODY_LIMIT_BYTES = 1024 * 1024;

class ListenerRequest extends http.IncomingMessage implements GatewayRequest {
  params: Record<string, string> = {};
  body?: any;

  header(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }
}

class ListenerResponse
  extends http.ServerResponse<ListenerRequest>
  implements GatewayResponse
{
  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  set(field: string | Record<string, string>, value?: string): this {
    if (typeof field === 'string') this.setHeader(field, value ?? '');
    else for (const [name, v] of Object.entries(field)) this.setHeader(name, v);
    return this;
  }

  json(body: unknown): void {
    const text = JSON.stringify(body);
    this.setHeader('Content-Type', 'application/json; charset=utf-8');
    this.setHeader('Content-Length', Buffer.byteLength(text));
    this.end(text);
  }
}

type CompiledRoute = GatewayRoute & {
  pattern: RegExp;
  names: string[];
  check?: RequestCheck;
};

function compile(route: GatewayRoute, check?: RequestCheck): CompiledRoute {
  const names: string[] = [];
  const source = (GATEWAY_BASE_PATH + route.path).replace(
    /:([A-Za-z]+)/g,
    (_, name) => {
      names.push(name);
      return '([^/]+)';
    },
  );
  return { ...route, pattern: new RegExp(`^${source}/?$`), names, check };
}

class HttpProblem extends Error {
  constructor(readonly statusCode: number, name: string, message: string) {
    super(message);
    this.name = name;
  }
}

function readBody(req: ListenerRequest): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT_BYTES) {
        chunks.push(chunk);
        return;
      }
      // Answer at once, read and drop the rest, and close the connection after.
      req.off('data', onData);
      req.resume();
      reject(
        new HttpProblem(
          413,
          'PayloadTooLargeError',
          `The request body is larger than the limit of ${BODY_LIMIT_BYTES} bytes`,
        ),
      );
    };
    req.on('data', onData);
    req.on('error', reject);
    req.on('end', () => {
      if (size > BODY_LIMIT_BYTES) return;
      if (!size) {
        resolve(undefined);
        return;
      }
      if (
        !/^application\/([\w.+-]+\+)?json\b/i.test(
          req.header('content-type') ?? '',
        )
      ) {
        reject(
          new HttpProblem(
            415,
            'UnsupportedMediaTypeError',
            'Send the request body as application/json',
          ),
        );
        return;
      }
      const text =
        chunks.length === 1
          ? chunks[0].toString('utf8')
          : Buffer.concat(chunks).toString('utf8');
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(
          new HttpProblem(
            400,
            'InputError',
            `The request body is not valid JSON: ${(error as Error).message}`,
          ),
        );
      }
    });
  });
}

/**
 * The gateway's own HTTP listener: the key-authenticated entrances (invoke, OpenAI
 * compatible, per-agent MCP) on a port of their own, at the same paths as under
 * Backstage. These calls come from customers' apps, widgets and MCP clients, not from
 * portal users, so Backstage's per-request middleware (user authentication, request
 * logging, helmet, compression, Express routing) only costs them time: measured, it was
 * most of the gateway's CPU per call. Requests are checked against the same OpenAPI
 * document; every call is still recorded (as a usage event), and failures are logged.
 * Browsers may call from any origin (keys authenticate, not cookies; widget keys carry
 * their own origin allow-list).
 */
export class GatewayListener {
  private server?: http.Server<typeof ListenerRequest, typeof ListenerResponse>;
  private readonly routes: CompiledRoute[];

  constructor(routes: GatewayRoute[], private readonly logger: LoggerService) {
    const checks = createRequestChecks(
      routes.flatMap(r => (r.operationId ? [r.operationId] : [])),
    );
    this.routes = routes.map(route =>
      compile(
        route,
        route.operationId ? checks.get(route.operationId) : undefined,
      ),
    );
  }

  /** Starts listening; resolves with the address actually bound (port 0 picks one). */
  async start(options: { port: number; host?: string }): Promise<AddressInfo> {
    const server = http.createServer(
      {
        IncomingMessage: ListenerRequest,
        ServerResponse: ListenerResponse,
      },
      (req, res) => {
        this.handle(req, res).catch(error => this.fail(req, res, error));
      },
    );
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return server.address() as AddressInfo;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>(resolve => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  private async handle(req: ListenerRequest, res: ListenerResponse) {
    const origin = req.header('origin');
    if (origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const method = (req.method ?? 'GET').toLowerCase();

    if (method === 'options' && origin) {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
        'Access-Control-Allow-Headers':
          req.header('access-control-request-headers') ??
          'Authorization, Content-Type, Idempotency-Key',
        'Access-Control-Expose-Headers': 'Idempotent-Replayed, Retry-After',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    if (origin) {
      res.setHeader(
        'Access-Control-Expose-Headers',
        'Idempotent-Replayed, Retry-After',
      );
    }

    let match: RegExpExecArray | null = null;
    const route = this.routes.find(
      r => r.method === method && (match = r.pattern.exec(path)) !== null,
    );
    if (!route || !match) {
      throw new HttpProblem(
        404,
        'NotFoundError',
        `No gateway route for ${req.method} ${path}`,
      );
    }
    const values: string[] = match;
    route.names.forEach((name, i) => {
      req.params[name] = decodeURIComponent(values[i + 1]);
    });
    req.body = method === 'get' ? undefined : await readBody(req);
    const problem = route.check?.(req);
    if (problem) throw new HttpProblem(400, 'BadRequestError', problem);
    await route.handle(req, res);
  }

  private fail(req: ListenerRequest, res: ListenerResponse, error: unknown) {
    const statusCode = error instanceof HttpProblem ? error.statusCode : 500;
    if (statusCode >= 500) {
      this.logger.error(
        `Gateway request ${req.method} ${req.url} failed`,
        error as Error,
      );
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (statusCode === 413) res.shouldKeepAlive = false;
    res.status(statusCode).json({
      // What failed inside stays in the log, as Backstage's own error handler does it.
      error:
        error instanceof HttpProblem
          ? serializeError(error)
          : { name: 'Error', message: 'Internal server error' },
      request: { method: req.method, url: req.url },
      response: { statusCode },
    });
  }
}
