import { setMaxListeners } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { GatewayError } from './GatewayError';
import type { GatewayAnswer } from './GatewayService';

/**
 * A request to a gateway entrance, as both entrances hand it over: Backstage's router
 * (Express) and the gateway's own listener. Node's request, with the route's parameters,
 * the parsed JSON body and a header getter.
 */
export interface GatewayRequest extends IncomingMessage {
  params: Record<string, string>;
  body?: any;
  header(name: string): string | undefined;
}

/** Node's response, with the three helpers the entrances use (as Express has them). */
export interface GatewayResponse extends ServerResponse {
  status(code: number): this;
  set(headers: Record<string, string>): this;
  set(name: string, value: string): this;
  json(body: unknown): unknown;
}

/**
 * One key-authenticated entrance: served under the plugin's Backstage route and by the
 * gateway's own listener. `operationId` names the OpenAPI operation whose request schema
 * the listener checks (Backstage's router checks the same document).
 */
export type GatewayRoute = {
  method: 'get' | 'post' | 'delete';
  /** Express-style, relative to the plugin: `/v1/runtime/agents/:agent/invoke`. */
  path: string;
  operationId?: string;
  handle(req: GatewayRequest, res: GatewayResponse): Promise<void> | void;
};

/** The bearer token of a request, if any. */
export function bearerToken(req: GatewayRequest): string | undefined {
  const header = req.header('authorization');
  const match = header && /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : undefined;
}

/** Answers a gateway failure with its status, reason code and headers. */
export function sendGatewayError(
  res: GatewayResponse,
  error: unknown,
): boolean {
  if (!(error instanceof GatewayError)) return false;
  res
    .status(error.status)
    .set(error.extra.headers ?? {})
    .json(error.toBody());
  return true;
}

const connectionSignals = new WeakMap<Socket, AbortSignal>();

/**
 * Aborts the runtime call when the client goes away. HTTP/1.1 cancels a request only by
 * closing its connection, so the calls of one connection share one signal, made once per
 * connection: an AbortController per call cost about 3% of the gateway's CPU.
 */
export function abortOnClose(res: GatewayResponse): AbortSignal {
  const socket = res.socket;
  if (!socket || socket.destroyed) return AbortSignal.abort();
  let signal = connectionSignals.get(socket);
  if (!signal) {
    const controller = new AbortController();
    signal = controller.signal;
    // One listener per call in flight on the connection (pipelined requests).
    setMaxListeners(0, signal);
    socket.once('close', () => controller.abort());
    connectionSignals.set(socket, signal);
  }
  return signal;
}

/**
 * Runs a call as server-sent events: `chunk` events as text arrives, then `done` with the
 * whole answer. Until the first chunk nothing is sent, so early failures still get a
 * proper status code; later ones arrive as an `error` event.
 */
export async function streamCall(
  res: GatewayResponse,
  run: (onChunk: (chunk: string) => void) => Promise<{ answer: GatewayAnswer }>,
  format: {
    chunk: (text: string) => string;
    done: (answer: GatewayAnswer) => string;
    error: (error: GatewayError) => string;
  },
): Promise<void> {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    res.status(200).set({
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    res.flushHeaders();
  };
  try {
    const { answer } = await run(chunk => {
      start();
      res.write(format.chunk(chunk));
    });
    start();
    res.write(format.done(answer));
    res.end();
  } catch (error) {
    if (!started) {
      if (!sendGatewayError(res, error)) throw error;
      return;
    }
    const failure =
      error instanceof GatewayError
        ? error
        : new GatewayError('runtime_failed', 'The call failed');
    res.write(format.error(failure));
    res.end();
  }
}
