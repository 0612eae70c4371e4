/**
 * Types of the Agent Registry REST API (`/api/agent-registry/v1`), shared by the backend,
 * the catalog provider, the frontend and the buyer kit. The OpenAPI document in the backend
 * plugin (`src/schema/openapi.yaml`) is the contract; these mirror it.
 */
import type {
  AgentPersona,
  AgentPlan,
  AgentRuntimeRef,
  AgentType,
} from '../entity/AgentEntityV1alpha1';

/** Where an agent was first declared. */
export type AgentOrigin = 'registry' | 'catalog';

/** An agent as the registry stores it. */
export type RegistryAgent = {
  id: string;
  namespace: string;
  name: string;
  /** `agent:<namespace>/<name>` */
  entityRef: string;
  title?: string;
  description?: string;
  type: AgentType;
  lifecycle: string;
  owner: string;
  system?: string;
  tags: string[];
  runtime: AgentRuntimeRef;
  plans: AgentPlan[];
  /** `registry`: created through the registry; `catalog`: declared in YAML and adopted. */
  origin: AgentOrigin;
  /** For adopted agents, the catalog location that declares them. */
  sourceLocation?: string;
  /** The version customers run unless pinned. */
  defaultVersion?: string;
  /** Highest published (not deprecated) version by semver. */
  latestVersion?: string;
  /** The Waldur offering the agent is sold as, once published there. */
  waldurOfferingUuid?: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
};

export type AgentVersionStatus = 'draft' | 'published' | 'deprecated';

/** One version of an agent: an immutable (once published) snapshot of its Langflow flow. */
export type AgentVersion = {
  agentId: string;
  version: string;
  status: AgentVersionStatus;
  changelog?: string;
  /** The Langflow flow export this version runs. */
  flow: Record<string, unknown>;
  isLatest: boolean;
  isDefault: boolean;
  createdAt: string;
  createdBy: string;
  publishedAt?: string;
  deprecatedAt?: string;
};

/** How the agent behaves at runtime. */
export type AgentBehaviour = {
  temperature?: number;
  maxTokens?: number;
  allowedTools?: string[];
};

/** How a customer's copy of an agent looks. */
export type AgentBranding = {
  displayName?: string;
  iconUrl?: string;
  primaryColor?: string;
  accentColor?: string;
  backgroundColor?: string;
  textColor?: string;
};

/** Configuration fields: agent defaults use persona and behaviour; overlays add branding. */
export type AgentConfiguration = {
  persona?: AgentPersona;
  behaviour?: AgentBehaviour;
  branding?: AgentBranding;
};

/** One saved state of a configuration (defaults or a customer's overlay). */
export type ConfigRevision = {
  revision: number;
  config: AgentConfiguration;
  createdAt: string;
  createdBy: string;
};

/** A buying customer (a Waldur customer). */
export type Tenant = {
  id: string;
  name: string;
  waldurCustomerUuid?: string;
  createdAt: string;
};

/** A project inside a tenant (a Waldur project). */
export type TenantProject = {
  id: string;
  tenantId: string;
  name: string;
  waldurProjectUuid?: string;
  createdAt: string;
};

export type AgentAccessState = 'pending' | 'active' | 'paused' | 'terminated';

/** Ties an agent to a customer, project and plan (a Waldur resource). */
export type AgentAccess = {
  id: string;
  agentId: string;
  agentRef: string;
  tenantId: string;
  projectId?: string;
  plan: string;
  state: AgentAccessState;
  waldurResourceUuid?: string;
  /** The version this customer is held at; unset means it follows the agent's default. */
  pinnedVersion?: string;
  /** The version this customer runs now. */
  effectiveVersion?: string;
  billingCycle: 'monthly' | 'yearly';
  createdAt: string;
  updatedAt: string;
};

/** A page of results. */
export type Page<T> = {
  items: T[];
  totalCount: number;
  limit: number;
  offset: number;
};

/** Events service topic on which the registry announces agent changes. */
export const AGENT_REGISTRY_EVENTS_TOPIC = 'agent-registry.agents';

/** Payload of an event on {@link AGENT_REGISTRY_EVENTS_TOPIC}. */
export type AgentChangeEvent = {
  agentId: string;
  change: 'created' | 'updated' | 'archived' | 'version-published';
};
