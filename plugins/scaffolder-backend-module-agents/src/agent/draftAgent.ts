import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  type AgentEntityV1alpha1,
  type AgentPersona,
  type AgentPlan,
  type AgentType,
  buildAgentEntity,
  formatAgentValidationIssues,
  type LangflowExportSummary,
  validateAgentEntity,
} from '@cmp/plugin-agent-registry-common';

/** The registry's tag rule; flow tags that break it are left out, as the registry does. */
const TAG = /^[a-z0-9:+#-]+$/;
/** Lowercase DNS-style names, as the registry requires. */
const AGENT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** An agent about to be registered or written down, before anything exists. */
export type AgentDraft = {
  name: string;
  title?: string;
  description?: string;
  type: AgentType;
  lifecycle: string;
  owner: string;
  system?: string;
  tags: string[];
  plans: AgentPlan[];
  persona?: AgentPersona;
  flowId: string;
  endpointName?: string;
  runtimeResource?: string;
};

/** Entity refs in the form the registry stores them (`group:default/x`). */
export function normalizeRef(
  ref: string,
  field: string,
  defaultKind: string,
): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref.trim(), { defaultKind, defaultNamespace: 'default' }),
    );
  } catch (e) {
    throw new InputError(
      `${field} is not a valid entity reference: ${(e as Error).message}`,
    );
  }
}

/**
 * Fills in what the registry derives from the flow export (description, tags, runtime)
 * and checks the name, so a draft looks exactly like the agent the registry would create.
 */
export function draftAgent(
  fields: Omit<AgentDraft, 'flowId' | 'endpointName' | 'tags'> & {
    tags?: string[];
    flowId?: string;
  },
  flow: LangflowExportSummary,
): AgentDraft {
  if (!AGENT_NAME.test(fields.name) || fields.name.length > 63) {
    throw new InputError(
      `name must be lowercase letters, digits and dashes, e.g. "support-assistant" (got ${JSON.stringify(
        fields.name,
      )})`,
    );
  }
  const flowId = fields.flowId ?? flow.id;
  if (!flowId) {
    throw new InputError(
      'The flow export has no id: export the flow from Langflow again, or give the flow id as flowId',
    );
  }
  const tags = fields.tags?.length
    ? fields.tags
    : flow.tags.filter(t => TAG.test(t));
  return {
    ...fields,
    description: fields.description ?? flow.description,
    tags,
    flowId,
    endpointName: flow.endpointName,
  };
}

/**
 * The Agent entity for a draft, checked with the same validator as the catalog processor
 * and the registry; throws an InputError naming every bad field.
 */
export function draftAgentEntity(draft: AgentDraft): AgentEntityV1alpha1 {
  const now = new Date(0).toISOString();
  const entity = buildAgentEntity(
    {
      id: 'draft',
      namespace: 'default',
      name: draft.name,
      entityRef: `agent:default/${draft.name}`,
      title: draft.title,
      description: draft.description,
      type: draft.type,
      lifecycle: draft.lifecycle,
      owner: draft.owner,
      system: draft.system,
      tags: draft.tags,
      runtime: {
        type: 'langflow',
        flowId: draft.flowId,
        ...(draft.endpointName ? { endpointName: draft.endpointName } : {}),
        ...(draft.runtimeResource ? { resource: draft.runtimeResource } : {}),
      },
      plans: draft.plans,
      origin: 'registry',
      archived: false,
      createdAt: now,
      updatedAt: now,
    },
    { persona: draft.persona },
  );
  const issues = validateAgentEntity(entity);
  if (issues.length) {
    throw new InputError(formatAgentValidationIssues(issues, draft.name));
  }
  return entity;
}
