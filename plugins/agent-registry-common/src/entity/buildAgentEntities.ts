import type { Entity } from '@backstage/catalog-model';
import type { RegistryAgent } from '../api/types';
import {
  AGENT_API_VERSION,
  AGENT_KIND,
  type AgentEntityV1alpha1,
} from './AgentEntityV1alpha1';
import {
  ANNOTATION_AGENT_ID,
  ANNOTATION_AGENT_VERSION,
  ANNOTATION_WALDUR_OFFERING_UUID,
} from './annotations';

/** Names of the API entities the registry publishes for an agent. */
export function agentApiEntityNames(agentName: string) {
  return { invoke: `${agentName}-invoke-api`, mcp: `${agentName}-mcp` };
}

function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

/**
 * The Agent entity for a registry agent. `persona` is the agent's current default
 * configuration; `providesApis` names the invoke and MCP API entities built by
 * {@link buildAgentApiEntities}.
 */
export function buildAgentEntity(
  agent: RegistryAgent,
  options: { persona?: AgentEntityV1alpha1['spec']['persona'] } = {},
): AgentEntityV1alpha1 {
  const apis = agentApiEntityNames(agent.name);
  return {
    apiVersion: AGENT_API_VERSION,
    kind: AGENT_KIND,
    metadata: compact({
      name: agent.name,
      namespace: agent.namespace,
      title: agent.title,
      description: agent.description,
      tags: agent.tags,
      annotations: compact({
        [ANNOTATION_AGENT_ID]: agent.id,
        [ANNOTATION_AGENT_VERSION]: agent.defaultVersion,
        [ANNOTATION_WALDUR_OFFERING_UUID]: agent.waldurOfferingUuid,
      }) as Record<string, string>,
    }),
    spec: compact({
      type: agent.type,
      lifecycle: agent.lifecycle,
      owner: agent.owner,
      system: agent.system,
      providesApis: [apis.invoke, apis.mcp],
      runtime: agent.runtime,
      persona:
        options.persona && Object.keys(options.persona).length
          ? options.persona
          : undefined,
      plans: agent.plans.length ? agent.plans : undefined,
    }),
  };
}

/**
 * The API entities of an agent: its invoke API (`openapi`) and its MCP endpoint
 * (`mcp-server`, Streamable HTTP), both served by the registry backend at `baseUrl`
 * (`.../api/agent-registry`).
 */
export function buildAgentApiEntities(
  agent: RegistryAgent,
  baseUrl: string,
): Entity[] {
  const apis = agentApiEntityNames(agent.name);
  const invokeUrl = `${baseUrl}/v1/runtime/agents/${agent.id}/invoke`;
  const common = {
    lifecycle: agent.lifecycle,
    owner: agent.owner,
    ...(agent.system ? { system: agent.system } : {}),
  };
  const label = agent.title ?? agent.name;
  const definition = {
    openapi: '3.1.0',
    info: {
      title: `${label} invoke API`,
      version: agent.defaultVersion ?? '0.0.0',
    },
    servers: [{ url: baseUrl }],
    paths: {
      [`/v1/runtime/agents/${agent.id}/invoke`]: {
        post: {
          summary: `Ask ${label}`,
          security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['input'],
                  properties: {
                    input: { type: 'string' },
                    sessionId: { type: 'string' },
                    stream: { type: 'boolean' },
                  },
                },
              },
            },
          },
          responses: { '200': { description: 'The agent answered' } },
        },
      },
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } },
    },
  };
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: apis.invoke,
        namespace: agent.namespace,
        title: `${label} invoke API`,
        description: `Call ${label} with an API key: ${invokeUrl}`,
        annotations: { [ANNOTATION_AGENT_ID]: agent.id },
      },
      spec: {
        type: 'openapi',
        ...common,
        definition: JSON.stringify(definition, null, 2),
      },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: apis.mcp,
        namespace: agent.namespace,
        title: `${label} MCP server`,
        description: `${label} as an MCP server (Streamable HTTP), authenticated by an MCP key`,
        annotations: { [ANNOTATION_AGENT_ID]: agent.id },
      },
      spec: {
        type: 'mcp-server',
        ...common,
        remotes: [
          {
            type: 'streamable-http',
            url: `${baseUrl}/v1/mcp/agents/${agent.id}`,
          },
        ],
        definition: `Streamable HTTP MCP endpoint: ${baseUrl}/v1/mcp/agents/${agent.id}`,
      },
    },
  ];
}
