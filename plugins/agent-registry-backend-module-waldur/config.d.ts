import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  agentRegistry?: {
    /**
     * Sells the registry's agents on Waldur. Without this section the Waldur module does
     * nothing.
     */
    waldur?: {
      /** Set to false to keep the configuration but switch the connector off. */
      enabled?: boolean;
      /** Waldur's base URL, e.g. https://waldur.example.com (the API is under /api/). */
      url: string;
      /**
       * API token of the integration user (owner or service-provider manager of the
       * provider organisation); give it a token that does not expire.
       * @visibility secret
       */
      token: string;
      /**
       * The provider organisation's UUID. Optional when the token's user manages exactly
       * one service-provider organisation.
       */
      providerCustomerUuid?: string;
      /** The marketplace category of the offerings, by UUID... */
      categoryUuid?: string;
      /** ...or by title (exact match; default "AI Agents"). */
      categoryName?: string;
      /**
       * The offering type. `Marketplace.Slurm` (Waldur's "site agent" type, the default)
       * leaves orders executing until this module completes them; `Marketplace.Basic`
       * completes them on approval.
       */
      offeringType?: 'Marketplace.Slurm' | 'Marketplace.Basic';
      /** Prefix of the offerings' backend ids (default `agent-registry`); one per registry. */
      backendIdPrefix?: string;
      /** Waldur's currency; plans priced in another currency are refused on publish. */
      currency?: string;
      /** Offerings visible to every organisation (default true). */
      shared?: boolean;
      /**
       * Secret path segment of the web-hook endpoint
       * (`/api/agent-registry/v1/waldur/hooks/<hookSecret>`); no endpoint without it.
       * @visibility secret
       */
      hookSecret?: string;
      /** When the scheduled tasks run (scope is always global). */
      schedule?: {
        /** Order processing (default every minute). */
        orders?: SchedulerServiceTaskScheduleDefinitionConfig;
        /** Usage reporting (default every 30 minutes). */
        usage?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
      usage?: {
        /**
         * The previous month is reported until the end of this day of the new month
         * (default 3), then it counts as closed.
         */
        closeAfterDays?: number;
      };
      /** Per-request timeout (default 30). */
      requestTimeoutSeconds?: number;
      /** Retries of network errors, 5xx and 429 answers. */
      retry?: {
        /** Tries in total (default 4). */
        attempts?: number;
        /** First backoff, doubled each try, fully jittered (default 500). */
        baseDelayMs?: number;
        /** Longest single wait (default 8000). */
        maxDelayMs?: number;
      };
      /** How long a validated buyer token is trusted (default 60, 0 = never cached). */
      buyerCacheSeconds?: number;
      /**
       * Public base URL of the registry API shown to buyers (default: the backend's
       * external URL for the agent-registry plugin).
       */
      registryBaseUrl?: string;
    };
  };
}
