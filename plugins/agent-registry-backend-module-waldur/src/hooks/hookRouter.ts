import type { LoggerService } from '@backstage/backend-plugin-api';
import express, { type Request, type Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { HookHandler } from './HookHandler';
import { parseHookPayload } from './hookPayload';

/** Plugin-relative prefix of the endpoint; opened to unauthenticated callers. */
export const HOOK_PATH = '/v1/waldur/hooks';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `POST /api/agent-registry/v1/waldur/hooks/<secret>`: where Waldur's web hooks are sent.
 * Waldur does not sign hooks, so the secret in the path is what tells them apart from
 * anyone else's requests: a wrong secret looks like a missing page (404), compared in
 * constant time, before the body is even read. A malformed body is 400. Valid hints are
 * handled by re-reading Waldur (see HookHandler) and answered 202 — Waldur ignores the
 * answer and never retries, so the scheduled poll stays the safety net.
 */
export function createHookRouter(options: {
  secret: string;
  /** Undefined until the registry has started the connector (answer 503). */
  handler: () => HookHandler | undefined;
  logger: LoggerService;
}): express.Router {
  const expected = digest(options.secret);
  const router = express.Router();

  const checkSecret = (
    req: Request<{ secret: string }>,
    res: Response,
    next: () => void,
  ) => {
    if (!timingSafeEqual(digest(req.params.secret), expected)) {
      res
        .status(404)
        .json({ error: { name: 'NotFoundError', message: 'Not found' } });
      return;
    }
    next();
  };

  router.post(
    `${HOOK_PATH}/:secret`,
    checkSecret,
    express.raw({ type: () => true, limit: '256kb' }),
    async (req: Request<{ secret: string }>, res: Response) => {
      const parsed = parseHookPayload(
        req.body,
        req.header('content-type') ?? '',
      );
      if ('error' in parsed) {
        res
          .status(400)
          .json({ error: { name: 'InputError', message: parsed.error } });
        return;
      }
      const handler = options.handler();
      if (!handler) {
        res.status(503).json({
          error: {
            name: 'ServiceUnavailableError',
            message: 'The Waldur connector has not started yet',
          },
        });
        return;
      }
      try {
        const result = await handler.handle(parsed.hint);
        res.status(202).json({ eventType: parsed.hint.eventType, ...result });
      } catch (error) {
        // Nothing is lost: the scheduled poll picks the order up.
        options.logger.warn(
          `Waldur hook ${parsed.hint.eventType} not handled now, left to the poller: ${error}`,
        );
        res.status(202).json({
          eventType: parsed.hint.eventType,
          action: 'deferred',
        });
      }
    },
  );
  return router;
}
