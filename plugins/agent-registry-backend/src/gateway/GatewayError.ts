/** Why the gateway refused or failed a call; `code` is stable for clients to act on. */
export type GatewayErrorCode =
  | 'key_missing'
  | 'key_malformed'
  | 'key_unknown'
  | 'key_revoked'
  | 'key_expired'
  | 'key_paused'
  | 'key_wrong_kind'
  | 'key_wrong_agent'
  | 'origin_not_allowed'
  | 'access_paused'
  | 'access_pending'
  | 'access_ended'
  | 'agent_archived'
  | 'agent_not_released'
  | 'plan_unknown'
  | 'quota_exhausted'
  | 'no_credit'
  | 'insufficient_credit'
  | 'request_in_progress'
  | 'bad_request'
  | 'runtime_unavailable'
  | 'runtime_failed';

const STATUS: Record<GatewayErrorCode, number> = {
  key_missing: 401,
  key_malformed: 401,
  key_unknown: 401,
  key_revoked: 401,
  key_expired: 401,
  key_paused: 401,
  key_wrong_kind: 401,
  key_wrong_agent: 403,
  origin_not_allowed: 403,
  access_paused: 403,
  access_pending: 403,
  access_ended: 403,
  agent_archived: 403,
  agent_not_released: 409,
  plan_unknown: 409,
  quota_exhausted: 429,
  no_credit: 402,
  insufficient_credit: 402,
  request_in_progress: 409,
  bad_request: 400,
  runtime_unavailable: 502,
  runtime_failed: 502,
};

/** An error the gateway answers with its own status, reason code and headers. */
export class GatewayError extends Error {
  readonly name = 'GatewayError';
  readonly status: number;

  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    readonly extra: {
      headers?: Record<string, string>;
      details?: Record<string, unknown>;
    } = {},
  ) {
    super(message);
    this.status = STATUS[code];
  }

  toBody() {
    return {
      error: {
        name: this.name,
        code: this.code,
        message: this.message,
        ...this.extra.details,
      },
    };
  }
}
