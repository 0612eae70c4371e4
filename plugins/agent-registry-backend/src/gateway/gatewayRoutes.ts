import type { Request, Response, Router } from 'express';
import { GatewayError } from './GatewayError';
import type {
  GatewayAnswer,
  GatewayService,
  InvokeRequest,
} from './GatewayService';

/** The bearer token of a request, if any. */
export function bearerToken(req: Request): string | undefined {
  const header = req.header('authorization');
  const match = header && /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : undefined;
}

/** Answers a gateway failure with its status, reason code and headers. */
export function sendGatewayError(res: Response, error: unknown): boolean {
  if (!(error instanceof GatewayError)) return false;
  res
    .status(error.status)
    .set(error.extra.headers ?? {})
    .json(error.toBody());
  return true;
}

/** Aborts the runtime call when the client goes away. */
export function abortOnClose(res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/**
 * Runs a call as server-sent events: `chunk` events as text arrives, then `done` with the
 * whole answer. Until the first chunk nothing is sent, so early failures still get a
 * proper status code; later ones arrive as an `error` event.
 */
export async function streamCall(
  res: Response,
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

/** `POST /v1/runtime/agents/:agent/invoke`: ask an agent with an API key. */
export function addInvokeRoute(router: Router, gateway: GatewayService) {
  router.post('/v1/runtime/agents/:agent/invoke', async (req, res) => {
    const call: InvokeRequest = {
      token: bearerToken(req),
      agentRef: req.params.agent,
      input: req.body?.input,
      sessionId: req.body?.sessionId,
      idempotencyKey: req.header('idempotency-key') ?? undefined,
      kinds: ['api', 'widget'],
      origin: req.header('origin') ?? undefined,
      signal: abortOnClose(res),
    };
    if (req.body?.stream) {
      await streamCall(res, onChunk => gateway.invoke({ ...call, onChunk }), {
        chunk: text => `event: chunk\ndata: ${JSON.stringify({ text })}\n\n`,
        done: answer => `event: done\ndata: ${JSON.stringify(answer)}\n\n`,
        error: e => `event: error\ndata: ${JSON.stringify(e.toBody())}\n\n`,
      });
      return;
    }
    try {
      const { answer, replayed } = await gateway.invoke(call);
      res.status(200).set('Idempotent-Replayed', String(replayed)).json(answer);
    } catch (error) {
      if (!sendGatewayError(res, error)) throw error;
    }
  });
}
