/*
 * Langflow's error bodies. FastAPI always answers `{"detail": ...}`; the
 * strings below are Langflow's own (reference doc sections 1.7 and 2.2).
 */

/** An error that the router turns into `{"detail": detail}` with `status`. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly detail: unknown) {
    super(typeof detail === 'string' ? detail : `HTTP ${status}`);
  }
}

export const MISSING_API_KEY = 'An API key must be passed as query or header';
export const INVALID_API_KEY = 'Invalid or missing API key';
export const INPUT_TWEAK_CLASH_CHAT =
  'If you pass an input_value to the chat input, you cannot pass a tweak with the same name.';
export const INPUT_TWEAK_CLASH_TEXT =
  'If you pass an input_value to the text input, you cannot pass a tweak with the same name.';

export function flowIdentifierNotFound(flowIdOrName: string): HttpError {
  return new HttpError(404, `Flow identifier ${flowIdOrName} not found`);
}

/** One entry of a pydantic 422 `detail` list. */
export interface ValidationIssue {
  type: string;
  loc: Array<string | number>;
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export function validationError(issues: ValidationIssue[]): HttpError {
  return new HttpError(422, issues);
}

/** Statuses newer Langflow uses for classified component failures (doc 1.7). */
export type FailureStatus = 500 | 422 | 429 | 502 | 504;

/**
 * Langflow's APIException: `detail` is the ExceptionBody serialized by
 * pydantic's `model_dump_json()`, i.e. a compact JSON *string* that clients
 * must parse a second time. Upstream-classified statuses carry
 * `"source":"upstream"` (doc 1.7); plain 500s keep the five documented keys.
 */
export function flowFailureDetail(
  message: string,
  status: FailureStatus,
): string {
  const body: Record<string, unknown> = {
    message,
    traceback: null,
    description: null,
    code: null,
    suggestion: null,
  };
  if (status !== 500) {
    body.source = 'upstream';
  }
  return JSON.stringify(body);
}
