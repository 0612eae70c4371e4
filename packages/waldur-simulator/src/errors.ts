/**
 * Errors a handler throws to produce Waldur's (DRF's) error responses:
 * `{"detail": "..."}` for 401/403/404/405/409, field maps or bare lists for 400.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(
      typeof body === 'object' && body && 'detail' in body
        ? String((body as { detail: unknown }).detail)
        : JSON.stringify(body),
    );
  }
}

export function notAuthenticated(detail: string): ApiError {
  // DRF's TokenAuthentication advertises its scheme on 401.
  return new ApiError(401, { detail }, { 'WWW-Authenticate': 'Token' });
}

export function permissionDenied(
  detail = 'You do not have permission to perform this action.',
): ApiError {
  return new ApiError(403, { detail });
}

export function notFound(detail = 'Not found.'): ApiError {
  return new ApiError(404, { detail });
}

export function methodNotAllowed(method: string, allowed: string[]): ApiError {
  return new ApiError(
    405,
    { detail: `Method "${method}" not allowed.` },
    { Allow: [...new Set(allowed)].join(', ') },
  );
}

/** Waldur's IncorrectStateException (core StateValidator). */
export function incorrectState(validStates: string[]): ApiError {
  return new ApiError(409, {
    detail: `Valid states for operation: ${validStates.join(', ')}.`,
  });
}

/** 400 with `{"field": ["message"]}`. */
export function fieldError(field: string, message: string): ApiError {
  return new ApiError(400, { [field]: [message] });
}

/** 400 with a bare list, what DRF sends for `ValidationError("text")`. */
export function validationError(message: string): ApiError {
  return new ApiError(400, [message]);
}
