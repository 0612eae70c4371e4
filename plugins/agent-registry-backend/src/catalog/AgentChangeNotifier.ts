import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';
import {
  AGENT_REGISTRY_EVENTS_TOPIC,
  type AgentChangeEvent,
} from '@cmp/plugin-agent-registry-common';

/** Where agent change announcements go. */
export interface AgentChangeSink {
  notify(event: AgentChangeEvent): Promise<void>;
}

/**
 * Tells listeners (the catalog's entity provider) that an agent changed, so the catalog
 * shows it without waiting for its next full refresh. Losing a notice only delays the
 * catalog until that refresh, so failures are logged, not thrown.
 */
export class AgentChangeNotifier implements AgentChangeSink {
  constructor(
    private readonly events: EventsService,
    private readonly logger: LoggerService,
  ) {}

  async notify(event: AgentChangeEvent): Promise<void> {
    try {
      await this.events.publish({
        topic: AGENT_REGISTRY_EVENTS_TOPIC,
        eventPayload: event,
      });
    } catch (error) {
      this.logger.warn(
        `Could not announce agent change ${event.change} of ${event.agentId}`,
        error as Error,
      );
    }
  }
}
