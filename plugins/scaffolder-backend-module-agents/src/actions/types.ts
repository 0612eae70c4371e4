import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** What the registry-facing actions need: where the registry is and how to call it. */
export type AgentActionOptions = {
  discovery: DiscoveryService;
  auth: AuthService;
  /** For dry runs: the checks the registry would make against the catalog. */
  catalog: CatalogService;
  /** `scaffolder.agents.offeringUrl`: the offering page, `{offeringId}` filled in. */
  offeringUrl?: string;
};
