import { ApiError } from './errors';
import { expandGroups } from './events';
import type { DeliveryRecord, EventRecord, HookRecord, Store } from './store';
import type { WaldurWebhookPayload } from './types';
import { pythonIsoFormat } from './urls';

/**
 * Outgoing HTTP the simulator makes, as Waldur does it: one POST per event
 * to each matching web hook (no signature, no auth header, no retry,
 * redirects not followed) and an empty POST to an order's callback_url on
 * every order state change. Every attempt is recorded in the store so tests
 * and the control surface can inspect it.
 */

const DELIVERY_TIMEOUT_MS = 10_000;

function webhookPayload(event: EventRecord): WaldurWebhookPayload {
  return {
    created: pythonIsoFormat(event.created),
    message: event.message,
    context: event.context,
    event_type: event.eventType,
  };
}

/**
 * Form encoding as Python `requests.post(data=payload)` does it: a dict
 * value is iterated, so `context` is sent as its keys, one `context=` each.
 */
function formEncode(payload: WaldurWebhookPayload): string {
  const params = new URLSearchParams();
  params.append('created', payload.created);
  params.append('message', payload.message);
  for (const key of Object.keys(payload.context)) params.append('context', key);
  params.append('event_type', payload.event_type);
  return params.toString();
}

export class Deliveries {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly log: (line: string) => void,
  ) {}

  webhook(hook: HookRecord, event: EventRecord): void {
    const payload = webhookPayload(event);
    const json = hook.contentType === 'json';
    this.send({
      uuid: this.store.uuid(),
      kind: 'webhook',
      url: hook.destinationUrl,
      hookUuid: hook.uuid,
      eventType: event.eventType,
      contentType: json
        ? 'application/json'
        : 'application/x-www-form-urlencoded',
      body: json ? JSON.stringify(payload) : formEncode(payload),
      sentAt: pythonIsoFormat(this.store.now()),
    });
  }

  orderCallback(url: string, orderUuid: string): void {
    this.send({
      uuid: this.store.uuid(),
      kind: 'callback',
      url,
      orderUuid,
      contentType: '',
      body: '',
      sentAt: pythonIsoFormat(this.store.now()),
    });
  }

  /** Resolves when every delivery started so far has finished. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.all([...this.pending]);
    }
  }

  private send(record: DeliveryRecord): void {
    this.store.deliveries.push(record);
    const attempt = fetch(record.url, {
      method: 'POST',
      headers: record.contentType ? { 'Content-Type': record.contentType } : {},
      body: record.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    })
      .then(async response => {
        record.status = response.status;
        await response.arrayBuffer();
      })
      .catch((error: unknown) => {
        record.error = error instanceof Error ? error.message : String(error);
        this.log(
          `${record.kind} delivery to ${record.url} failed (not retried): ${record.error}`,
        );
      })
      .finally(() => {
        this.pending.delete(attempt);
      });
    this.pending.add(attempt);
  }
}

export interface HookChanges {
  destinationUrl?: string;
  isActive?: boolean;
  contentType?: 'json' | 'form';
  eventTypes?: string[];
  eventGroups?: string[];
}

/**
 * Applies a WebHookRequest to a hook: groups are expanded into event types
 * on save, and at least one type or group is required.
 */
export function applyHookChanges(hook: HookRecord, changes: HookChanges): void {
  if (changes.destinationUrl !== undefined)
    hook.destinationUrl = changes.destinationUrl;
  if (changes.isActive !== undefined) hook.isActive = changes.isActive;
  if (changes.contentType !== undefined) hook.contentType = changes.contentType;
  if (changes.eventGroups !== undefined) hook.eventGroups = changes.eventGroups;
  const types = changes.eventTypes ?? hook.eventTypes;
  hook.eventTypes = [
    ...new Set([...types, ...expandGroups(hook.eventGroups)]),
  ].sort();
  if (hook.eventTypes.length === 0) {
    throw new ApiError(400, {
      non_field_errors: ['Please specify list of event_types or event_groups.'],
    });
  }
}

export function createHook(
  store: Store,
  authorUuid: string,
  changes: HookChanges,
): HookRecord {
  const now = store.now();
  const hook: HookRecord = {
    uuid: store.uuid(),
    created: now,
    modified: now,
    authorUuid,
    isActive: true,
    eventTypes: [],
    eventGroups: [],
    destinationUrl: '',
    contentType: 'json',
  };
  applyHookChanges(hook, changes);
  store.hooks.set(hook.uuid, hook);
  return hook;
}
