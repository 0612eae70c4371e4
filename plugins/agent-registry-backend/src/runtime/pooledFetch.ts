import { STATUS_CODES } from 'node:http';
import { Agent, type Dispatcher } from 'undici';

type HeadersLike =
  | { forEach(fn: (value: string, name: string) => void): void }
  | Record<string, string>;

type FetchInit = {
  method?: string;
  body?: string | Buffer | null;
  headers?: HeadersLike;
  signal?: AbortSignal | null;
};

function plainHeaders(headers: HeadersLike | undefined) {
  const plain: Record<string, string> = {};
  if (!headers) return plain;
  if (typeof headers.forEach === 'function') {
    (headers as { forEach: Function }).forEach(
      (value: string, name: string) => (plain[name] = value),
    );
    return plain;
  }
  return { ...(headers as Record<string, string>) };
}

const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Fails as fetch would: a timeout as a `TimeoutError` (as `AbortSignal.timeout` reports
 * it), anything else on the way as a `TypeError`.
 */
function failAsFetch(error: unknown): Error {
  if (TIMEOUTS.has((error as { code?: string })?.code ?? '')) {
    return new DOMException('The operation timed out', 'TimeoutError');
  }
  return new TypeError(`fetch failed: ${(error as Error)?.message}`, {
    cause: error,
  });
}

/** As much of a fetch `Response` as `@datastax/langflow-client` reads. */
class PooledResponse {
  readonly ok: boolean;
  readonly statusText: string;
  private webStream?: ReadableStream<Uint8Array>;

  constructor(readonly status: number, private readonly exchange: Exchange) {
    this.ok = status >= 200 && status < 300;
    this.statusText = STATUS_CODES[status] ?? '';
  }

  json(): Promise<unknown> {
    return this.text().then(JSON.parse);
  }

  text(): Promise<string> {
    return this.exchange.whole().then(body => body.toString('utf8'));
  }

  /** The body as a web stream (the client streams `stream=true` runs from it). */
  get body(): ReadableStream<Uint8Array> {
    this.webStream ??= this.exchange.stream();
    return this.webStream;
  }
}

/**
 * One request and its answer, as undici's dispatcher reports them. The answer's status
 * resolves `fetch`; its body is kept until it is read whole (`json`, `text`), or handed
 * on as it arrives once a reader asks for the stream (`body`).
 */
class Exchange implements Dispatcher.DispatchHandler {
  private controller?: Dispatcher.DispatchController;
  private response?: PooledResponse;
  private readonly chunks: Buffer[] = [];
  private sink?: ReadableStreamDefaultController<Uint8Array>;
  /** Set once the body has ended (no error) or failed. */
  private outcome?: { error?: Error };
  private ended?: Promise<void>;
  private markEnded?: () => void;

  constructor(
    private readonly started: {
      resolve: (response: PooledResponse) => void;
      reject: (error: Error) => void;
    },
    private readonly signal: AbortSignal | undefined,
  ) {
    signal?.addEventListener('abort', this.onAbort);
  }

  private readonly onAbort = () => {
    const reason = this.signal!.reason;
    this.controller?.abort(reason);
    this.fail(reason);
  };

  onRequestStart(controller: Dispatcher.DispatchController) {
    this.controller = controller;
    // Cancelled while it waited for a connection: never sent.
    if (this.outcome?.error) controller.abort(this.outcome.error);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
  ) {
    if (statusCode < 200 || this.response) return; // informational
    this.response = new PooledResponse(statusCode, this);
    this.started.resolve(this.response);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer) {
    if (this.outcome) return;
    if (!this.sink) {
      this.chunks.push(chunk);
      return;
    }
    this.sink.enqueue(chunk);
    if ((this.sink.desiredSize ?? 1) <= 0) controller.pause();
  }

  onResponseEnd() {
    if (this.outcome) return;
    this.settle({});
    this.sink?.close();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error) {
    this.fail(this.signal?.aborted ? this.signal.reason : failAsFetch(error));
  }

  private fail(error: Error) {
    if (this.outcome) return;
    if (!this.response) this.started.reject(error);
    this.settle({ error });
    this.sink?.error(error);
  }

  private settle(outcome: { error?: Error }) {
    if (this.outcome) return;
    this.outcome = outcome;
    this.signal?.removeEventListener('abort', this.onAbort);
    this.markEnded?.();
  }

  /** The whole body, once it has ended. */
  whole(): Promise<Buffer> {
    const read = (): Promise<Buffer> => {
      if (this.outcome!.error) return Promise.reject(this.outcome!.error);
      const { chunks } = this;
      return Promise.resolve(
        chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
      );
    };
    if (this.outcome) return read();
    this.ended ??= new Promise<void>(resolve => (this.markEnded = resolve));
    return this.ended.then(read);
  }

  /** The body as a web stream: what has come so far, then the rest as it comes. */
  stream(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>({
      start: sink => {
        for (const chunk of this.chunks.splice(0)) sink.enqueue(chunk);
        if (this.outcome?.error) sink.error(this.outcome.error);
        else if (this.outcome) sink.close();
        else this.sink = sink;
      },
      pull: () => this.controller?.resume(),
      cancel: reason => {
        const error =
          reason instanceof Error ? reason : new Error('The reader went away');
        this.controller?.abort(error);
        this.settle({ error });
      },
    });
  }
}

/**
 * A `fetch` for `@datastax/langflow-client` on an undici connection pool. The client's
 * default, undici's WHATWG `fetch`, spent about 0.25 ms of CPU per call in the gateway's
 * benchmark (Request/Response objects, web streams). undici's `request` on kept-alive
 * connections cost a fifth of that, but still a Node.js stream per answer: at 128 calls
 * in flight about 45 µs of CPU per call, against 25 µs for the dispatcher's own
 * callbacks, used here (a standalone loop against the simulator). The client still
 * builds the requests and reads the answers.
 */
export function createPooledFetch(options: {
  /** How long to wait for an answer's headers, and between chunks of its body. */
  timeoutMs: number;
  connections?: number;
}) {
  // Timeouts are undici's own: AbortSignal.timeout with AbortSignal.any cost more CPU per
  // call (about 40 µs on Node.js 20) than the rest of the exchange.
  const agent = new Agent({
    connections: options.connections ?? 128,
    keepAliveTimeout: 30_000,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const fetch = (
    input: URL | string,
    init: FetchInit = {},
  ): Promise<PooledResponse> => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      // An invalid address rejects, as fetch's TypeError.
      const url = typeof input === 'string' ? new URL(input) : input;
      agent.dispatch(
        {
          origin: url.origin,
          path: url.pathname + url.search,
          method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
          headers: plainHeaders(init.headers),
          body: init.body ?? undefined,
        },
        new Exchange({ resolve, reject }, signal),
      );
    });
  };
  return { fetch, close: () => agent.close() };
}
