import type { EventRecord, HookRecord, UserRecord } from '../store';
import type { WaldurEvent, WaldurWebHook } from '../types';
import { isoDateTime, paths } from '../urls';
import { fullName, link, type RenderContext } from './structure';

export function renderHook(
  ctx: RenderContext,
  hook: HookRecord,
): WaldurWebHook {
  const author = ctx.store.users.get(hook.authorUuid) as UserRecord;
  return {
    url: link(ctx, paths.hook(hook.uuid)),
    uuid: hook.uuid,
    is_active: hook.isActive,
    author_uuid: author.uuid,
    event_types: hook.eventTypes,
    event_groups: hook.eventGroups,
    created: isoDateTime(hook.created),
    modified: isoDateTime(hook.modified),
    hook_type: 'webhook',
    author_fullname: fullName(author),
    author_username: author.username,
    author_email: author.email,
    destination_url: hook.destinationUrl,
    content_type: hook.contentType,
  };
}

export function renderEvent(event: EventRecord): WaldurEvent {
  return {
    uuid: event.uuid,
    created: isoDateTime(event.created),
    event_type: event.eventType,
    message: event.message,
    context: event.context,
  };
}
