import type { Entity } from '@backstage/catalog-model';

/** The API group and version of the Agent kind. */
export const AGENT_API_VERSION = 'cmp.digitlify.com/v1alpha1';
/** The kind name of agents in the catalog. */
export const AGENT_KIND = 'Agent';

/** What kind of agent an entity describes. */
export const AGENT_TYPES = [
  'chat-agent',
  'assistant',
  'automation',
  'app',
] as const;
/** @public */
export type AgentType = (typeof AGENT_TYPES)[number];

/** Plan tiers; the tier fixes the default quota (Starter 1,000, Pro 10,000, Enterprise unlimited). */
export const AGENT_PLAN_TIERS = [
  'starter',
  'pro',
  'enterprise',
  'custom',
] as const;
/** @public */
export type AgentPlanTier = (typeof AGENT_PLAN_TIERS)[number];

/** Runtimes an agent can run on. Langflow is the first; n8n and Dify are planned. */
export const AGENT_RUNTIME_TYPES = ['langflow'] as const;
/** @public */
export type AgentRuntimeType = (typeof AGENT_RUNTIME_TYPES)[number];

/** Reference to the flow that runs the agent. */
export type AgentRuntimeRef = {
  type: AgentRuntimeType;
  /** Langflow flow id (UUID). */
  flowId: string;
  /** Langflow endpoint name, when the flow is run by name. */
  endpointName?: string;
  /** Entity ref of the runtime resource; emits a dependsOn relation. */
  resource?: string;
};

/** The persona an agent starts with; each customer may overlay it. */
export type AgentPersona = {
  name?: string;
  systemPrompt?: string;
  welcomeMessage?: string;
  starterPrompts?: string[];
};

/** Prices of a plan, as decimal strings (the way Waldur writes money). */
export type AgentPlanPrices = {
  monthly?: string;
  yearly?: string;
  perCall?: string;
};

/** A pricing plan offered to buyers. */
export type AgentPlan = {
  name: string;
  title?: string;
  description?: string;
  tier: AgentPlanTier;
  /** Calls included per billing period; undefined means unlimited. */
  includedCalls?: number;
  currency: string;
  prices: AgentPlanPrices;
};

/** The spec of an Agent entity. */
export type AgentEntitySpec = {
  type: AgentType;
  lifecycle: string;
  owner: string;
  system?: string;
  providesApis?: string[];
  dependsOn?: string[];
  runtime: AgentRuntimeRef;
  persona?: AgentPersona;
  plans?: AgentPlan[];
};

/** A catalog entity of kind Agent. */
export interface AgentEntityV1alpha1 extends Entity {
  apiVersion: typeof AGENT_API_VERSION;
  kind: typeof AGENT_KIND;
  spec: AgentEntitySpec;
}

/** True when the entity claims to be an Agent (it may still be invalid). */
export function isAgentEntity(entity: Entity): entity is AgentEntityV1alpha1 {
  return (
    entity.apiVersion === AGENT_API_VERSION &&
    entity.kind.toLocaleLowerCase('en-US') ===
      AGENT_KIND.toLocaleLowerCase('en-US')
  );
}
