import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './errors';

/** Every answer carries this header so nobody mistakes the simulator for Langflow. */
export const SIMULATOR_HEADER = 'x-langflow-simulator';

/** Upload bodies (flow exports) can be several MB; anything bigger is a mistake. */
const MAX_BODY_BYTES = 50 * 1024 * 1024;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    [SIMULATOR_HEADER]: '1',
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { detail: error.detail });
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

/** Splits `/a/b?x=1` without the cost of `new URL()` on the hot path. */
export function splitUrl(url: string): {
  path: string;
  query: URLSearchParams | undefined;
} {
  const mark = url.indexOf('?');
  if (mark < 0) {
    return { path: url, query: undefined };
  }
  return {
    path: url.slice(0, mark),
    query: new URLSearchParams(url.slice(mark + 1)),
  };
}

/** FastAPI's parsing of `bool` query parameters. */
export function queryFlag(
  query: URLSearchParams | undefined,
  name: string,
  fallback: boolean,
): boolean {
  const raw = query?.get(name);
  if (raw === undefined || raw === null) {
    return fallback;
  }
  return ['1', 'true', 'on', 'yes', 't', 'y'].includes(raw.toLowerCase());
}

export const delay = (ms: number): Promise<void> =>
  new Promise(resolve => setTimeout(resolve, ms).unref());
