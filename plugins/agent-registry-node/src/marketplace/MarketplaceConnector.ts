import type {
  AgentAccess,
  AgentAccessState,
  RegistryAgent,
  Tenant,
  TenantProject,
} from '@cmp/plugin-agent-registry-common';

/** Who a buyer-facing request comes from, as a marketplace vouches for it. */
export type BuyerIdentity = {
  /** Recorded in audit events, e.g. `waldur:user:<uuid>`. */
  actor: string;
  /** The marketplace customers (organisations) the user acts for. */
  customerIds: string[];
};

/** Usage of one access over a span of days, per billable component. */
export type AccessUsageTotals = {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  computeMs: number;
};

/** An access a marketplace bills: one with a marketplace resource. */
export type BillableAccess = AgentAccess & {
  externalResourceId: string;
  tenantExternalId?: string;
};

/**
 * What the registry lets a marketplace connector do. Connectors never see the registry's
 * tables; everything goes through here, in the registry's transactions, audited.
 * Every call is idempotent where a marketplace may repeat it (orders are re-read and
 * retried): provisioning the same resource twice returns the first access.
 */
export interface MarketplaceRegistryApi {
  getAgent(agentId: string): Promise<RegistryAgent | undefined>;
  /** The agent sold as this marketplace offering. */
  getAgentByOffering(offeringId: string): Promise<RegistryAgent | undefined>;
  /** Remembers (or forgets) the offering an agent is sold as. */
  setOffering(agentId: string, offeringId: string | null): Promise<void>;

  /** The tenant for a marketplace customer, created on first sight. */
  ensureTenant(input: { externalId: string; name: string }): Promise<Tenant>;
  /** The project for a marketplace project, created on first sight. */
  ensureProject(input: {
    tenantId: string;
    externalId: string;
    name: string;
  }): Promise<TenantProject>;
  /** The users a tenant's notifications go to (Backstage user refs), if the connector knows them. */
  addTenantMember(tenantId: string, userRef: string): Promise<void>;

  /**
   * Gives a tenant access to an agent for a marketplace resource, with its first API key.
   * Repeating it for the same resource returns the existing access and no new key.
   */
  provisionAccess(input: {
    tenantId: string;
    projectId?: string;
    agentId: string;
    plan: string;
    externalResourceId: string;
    billingCycle?: 'monthly' | 'yearly';
  }): Promise<{
    access: AgentAccess;
    created: boolean;
    firstKey?: { id: string; secret: string };
  }>;
  findAccessByResource(
    externalResourceId: string,
  ): Promise<AgentAccess | undefined>;
  /** Moves an access to another plan of its agent (its quota follows the plan). */
  changePlan(externalResourceId: string, plan: string): Promise<AgentAccess>;
  /**
   * Moves an access to the other billing cycle of its plan (its quota period follows), for
   * marketplaces that sell a plan's monthly and yearly prices as separate offers.
   */
  changeBillingCycle(
    externalResourceId: string,
    billingCycle: 'monthly' | 'yearly',
  ): Promise<AgentAccess>;
  /**
   * Issues a new first API key for a marketplace resource and revokes the access's keys
   * that were never used, for when the first key's secret was lost before it reached the
   * buyer (the secret is handed out once).
   */
  reissueFirstKey(
    externalResourceId: string,
  ): Promise<{ id: string; secret: string }>;
  /** Pauses, resumes or ends an access; ending it revokes its keys. */
  setAccessState(
    externalResourceId: string,
    state: AgentAccessState,
  ): Promise<AgentAccess>;

  /** Every access that has a marketplace resource, ended ones included (they may owe usage). */
  listBillableAccess(): Promise<BillableAccess[]>;
  /** Usage of an access between two days (YYYY-MM-DD, inclusive, UTC). */
  usageTotals(
    accessId: string,
    fromDay: string,
    toDay: string,
  ): Promise<AccessUsageTotals>;
}

/**
 * A marketplace the registry sells agents on (Waldur first). Added by a backend module of
 * the `agent-registry` plugin through {@link agentRegistryMarketplaceExtensionPoint}; the
 * module brings its own scheduled tasks (order polling, usage reporting) and routes
 * (event hooks) and uses the registry only through {@link MarketplaceRegistryApi}.
 */
export interface MarketplaceConnector {
  /** e.g. `waldur`. */
  readonly id: string;
  /** Called once, when the registry is ready, with what the connector may do. */
  start(registry: MarketplaceRegistryApi): Promise<void>;
  /**
   * Creates or updates the agent's offering (plans, prices, usage components) and makes it
   * available; publishing again updates the same offering.
   */
  publishAgent(
    agent: RegistryAgent,
  ): Promise<{ offeringId: string; url?: string }>;
  /** Takes the offering off sale: paused (can come back) or archived (for good). */
  unpublishAgent(
    agent: RegistryAgent,
    mode: 'pause' | 'archive',
  ): Promise<void>;
  /**
   * Recognises a buyer's credential (the value of the Authorization header) and says which
   * customers the buyer acts for; undefined when the credential is not this marketplace's.
   * Throws an AuthenticationError when it is, but is invalid or expired.
   */
  resolveBuyer?(authorization: string): Promise<BuyerIdentity | undefined>;
}
