import type { AuditorService } from '@backstage/backend-plugin-api';
import type { RegistryDatabase } from '../database/RegistryDatabase';
import type { CatalogReader } from '../catalog/CatalogLookup';
import type { AgentChangeSink } from '../catalog/AgentChangeNotifier';
import type { Caller } from './Caller';
import type { RegistryAccessControl } from './RegistryAccessControl';

/** What every domain service of the registry works with. */
export type RegistryContext = {
  db: RegistryDatabase;
  accessControl: RegistryAccessControl;
  auditor: AuditorService;
  catalog: CatalogReader;
  notifier: AgentChangeSink;
  now: () => Date;
  newId: () => string;
};

/**
 * Runs a change as one audit event (who, what, when, outcome). The auditor records the
 * plugin's own identity when there is no request, so the caller is always in `meta`.
 */
export async function audited<T>(
  ctx: RegistryContext,
  caller: Caller,
  eventId: string,
  meta: Record<string, string | number | boolean | null>,
  fn: () => Promise<T>,
): Promise<T> {
  const event = await ctx.auditor.createEvent({
    eventId,
    severityLevel: 'medium',
    meta: { actor: caller.actor, ...meta },
  });
  try {
    const result = await fn();
    await event.success();
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
