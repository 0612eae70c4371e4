import type { Simulation } from './simulation';
import type { JsonObject, UserRecord } from './store';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Reply {
  status: number;
  /** JSON body; omitted for "No response body" statuses. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestContext {
  method: Method;
  /** The OpenAPI path template the request matched. */
  path: string;
  /** Path parameters; UUIDs already normalized to hex. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The full request URL as the client addressed it (for Link headers). */
  url: URL;
  /** Scheme and host the client used; relations are built from it like DRF does. */
  baseUrl: string;
  sim: Simulation;
  /** The authenticated caller (not available on public routes). */
  readonly user: UserRecord;
  /** The JSON body, validated against the operation's request schema. */
  body(): JsonObject;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export interface Route {
  method: Method;
  path: string;
  handler: Handler;
  /** Served without authentication (only POST /api-auth/password/). */
  public?: boolean;
}

export function route(
  method: Method,
  path: string,
  handler: Handler,
  options: { public?: boolean } = {},
): Route {
  return { method, path, handler, ...options };
}

/** A list endpoint: GET pages the items, HEAD returns only X-Result-Count. */
export function listRoutes(path: string, handler: Handler): Route[] {
  return [route('GET', path, handler), route('HEAD', path, handler)];
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: Method[] }
  | { kind: 'not-found' };

const UUID_SEGMENT = '([0-9a-fA-F]{32}|[0-9a-fA-F-]{36})';

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(readonly routes: Route[]) {
    this.compiled = routes.map(item => {
      const names: string[] = [];
      const source = item.path.replace(/\{([a-z_]+)\}/g, (_match, name) => {
        names.push(name);
        return name.endsWith('uuid') ? UUID_SEGMENT : '([^/]+)';
      });
      return { route: item, pattern: new RegExp(`^${source}$`), names };
    });
  }

  match(method: string, pathname: string): RouteMatch {
    const allowed: Method[] = [];
    for (const { route: candidate, pattern, names } of this.compiled) {
      const match = pattern.exec(pathname);
      if (!match) continue;
      if (candidate.method !== method) {
        allowed.push(candidate.method);
        continue;
      }
      // {…uuid} segments only match UUIDs, so /users/me/ never hits /users/{uuid}/.
      const params = Object.fromEntries(
        names.map((name, i) => [
          name,
          name.endsWith('uuid')
            ? match[i + 1].replace(/-/g, '').toLowerCase()
            : match[i + 1],
        ]),
      );
      return { kind: 'found', route: candidate, params };
    }
    return allowed.length > 0
      ? { kind: 'method-not-allowed', allowed }
      : { kind: 'not-found' };
  }
}
