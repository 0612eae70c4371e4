/**
 * Waldur's web-hook body: `{"created", "message", "context", "event_type"}` as JSON, or the
 * same keys form-encoded (`content_type: form`, where `context` degrades to its keys). It is
 * unsigned and sent once, so it is only a hint of what to look at; nothing in it is trusted.
 */
export type HookHint = {
  eventType: string;
  /** UUIDs named by the event (hex, normalised); missing or "None" ones are left out. */
  orderUuid?: string;
  resourceUuid?: string;
  customerUuid?: string;
  projectUuid?: string;
};

const EVENT_TYPE = /^[a-z][a-z0-9_]{0,99}$/;
const UUID = /^[0-9a-f]{32}$/;

function uuid(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const hex = value.replace(/-/g, '').toLowerCase();
  return UUID.test(hex) ? hex : undefined;
}

function parseBody(
  raw: unknown,
  contentType: string,
): Record<string, unknown> | undefined {
  // Another body parser on the plugin router may have run first.
  if (!Buffer.isBuffer(raw)) {
    return raw && typeof raw === 'object' && !Array.isArray(raw)
      ? (raw as Record<string, unknown>)
      : undefined;
  }
  const text = raw.toString('utf8');
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const parsed = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}

/** The hint in a delivery, or the reason it is malformed. */
export function parseHookPayload(
  raw: unknown,
  contentType = '',
): { hint: HookHint } | { error: string } {
  const body = parseBody(raw, contentType);
  if (!body) return { error: 'The body must be a JSON object' };
  const eventType = body.event_type;
  if (typeof eventType !== 'string' || !EVENT_TYPE.test(eventType)) {
    return { error: 'event_type must be a Waldur event type' };
  }
  const context = body.context;
  if (context !== undefined && typeof context !== 'string') {
    if (!context || typeof context !== 'object' || Array.isArray(context)) {
      return { error: 'context must be an object' };
    }
  }
  const fields =
    context && typeof context === 'object'
      ? (context as Record<string, unknown>)
      : {};
  return {
    hint: {
      eventType,
      orderUuid: uuid(fields.order_uuid),
      resourceUuid: uuid(fields.resource_uuid),
      customerUuid: uuid(fields.customer_uuid),
      projectUuid: uuid(fields.project_uuid),
    },
  };
}
