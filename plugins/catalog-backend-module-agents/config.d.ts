import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** The provider that publishes registry agents (and their API entities). */
      agentRegistry?: {
        /** Set to false to turn the provider off (YAML agents still work). Default true. */
        enabled?: boolean;
        /** Full refresh schedule; changes also arrive at once through events. Default every 5 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
