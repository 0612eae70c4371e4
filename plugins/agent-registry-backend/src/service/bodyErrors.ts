import type { ErrorRequestHandler } from 'express';

/**
 * body-parser fails with plain errors (status 413 or 400) that Backstage's error handler
 * would turn into 500s; answer them in Backstage's error format with their real status.
 */
export const bodyErrorHandler: ErrorRequestHandler = (
  error,
  req,
  res,
  next,
) => {
  const type = (error as { type?: string }).type;
  let status: number | undefined;
  let name = '';
  let message = '';
  if (type === 'entity.too.large') {
    status = 413;
    name = 'PayloadTooLargeError';
    message = `The request body is larger than the limit of ${
      (error as { limit?: number }).limit
    } bytes`;
  } else if (type === 'entity.parse.failed') {
    status = 400;
    name = 'InputError';
    message = `The request body is not valid JSON: ${(error as Error).message}`;
  }
  if (!status) {
    next(error);
    return;
  }
  res.status(status).json({
    error: { name, message },
    request: { method: req.method, url: req.originalUrl },
    response: { statusCode: status },
  });
};
