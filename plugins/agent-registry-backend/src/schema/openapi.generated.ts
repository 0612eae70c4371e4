// Generated from openapi.yaml by scripts/openapi-generate.mjs. Do not edit; edit the YAML.
// A test (openapi.test.ts) fails when the two differ.

export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'agent-registry',
    version: '1',
    description:
      "The Agent Registry: agents registered from Langflow flow exports, their immutable versions, default configuration and per-customer overlays, tenants (Waldur customers) and access records. Served by the `agent-registry` backend plugin under `/api/agent-registry`. Every route needs a Backstage user or service token. Tenant data is visible only to the tenant's members and to holders of `agent-registry.tenant.admin`; a resource of another tenant answers 404, like one that does not exist.",
    license: {
      name: 'Apache-2.0',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  paths: {
    '/v1/agents': {
      get: {
        operationId: 'listAgents',
        summary: 'List agents the caller may see',
        parameters: [
          {
            name: 'owner',
            in: 'query',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'type',
            in: 'query',
            schema: {
              $ref: '#/components/schemas/AgentType',
            },
          },
          {
            name: 'lifecycle',
            in: 'query',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'tag',
            in: 'query',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'q',
            in: 'query',
            description: 'Text in name, title or description',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'origin',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['registry', 'catalog'],
            },
          },
          {
            name: 'includeArchived',
            in: 'query',
            schema: {
              type: 'boolean',
            },
          },
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/offset',
          },
        ],
        responses: {
          '200': {
            description: 'A page of agents',
            content: {
              'application/json': {
                schema: {
                  allOf: [
                    {
                      $ref: '#/components/schemas/PageInfo',
                    },
                    {
                      type: 'object',
                      required: ['items'],
                      properties: {
                        items: {
                          type: 'array',
                          items: {
                            $ref: '#/components/schemas/Agent',
                          },
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'createAgent',
        summary: 'Register an agent from a Langflow flow export',
        description:
          'Creates the agent, its first version (a draft unless `publish`) and its default configuration.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/CreateAgentRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The new agent',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Agent',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          '413': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/agents/{agent}': {
      parameters: [
        {
          $ref: '#/components/parameters/agent',
        },
      ],
      get: {
        operationId: 'getAgent',
        responses: {
          '200': {
            description: 'The agent',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Agent',
                },
              },
            },
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      patch: {
        operationId: 'updateAgent',
        summary: "Change an agent's metadata",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/UpdateAgentRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The updated agent',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Agent',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/agents/{agent}/archive': {
      parameters: [
        {
          $ref: '#/components/parameters/agent',
        },
      ],
      post: {
        operationId: 'archiveAgent',
        summary: 'Archive an agent (it leaves the catalog; its data stays)',
        responses: {
          '200': {
            description: 'The archived agent',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Agent',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/agents/{agent}/versions': {
      parameters: [
        {
          $ref: '#/components/parameters/agent',
        },
      ],
      get: {
        operationId: 'listVersions',
        summary: 'Versions newest first by semver (without flow snapshots)',
        responses: {
          '200': {
            description: 'The versions',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/AgentVersion',
                      },
                    },
                  },
                },
              },
            },
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'createVersion',
        summary: 'Create a draft version from a Langflow flow export',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/CreateVersionRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The new draft',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AgentVersion',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/agents/{agent}/versions/{version}': {
      parameters: [
        {
          $ref: '#/components/parameters/agent',
        },
        {
          $ref: '#/components/parameters/version',
        },
      ],
      get: {
        operationId: 'getVersion',
        responses: {
          '200': {
            description: 'The version with its flow snapshot',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AgentVersion',
                },
              },
            },
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      put: {
        operationId: 'updateDraftVersion',
        summary: 'Change a draft (published versions are immutable)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/UpdateDraftRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The changed draft',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AgentVersion',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/agents/{agent}/versions/{version}/publish': {
      parameters: [
        {
          $ref: '#/components/parameters/agent',
        },
        {
          $ref: '#/components/parameters/version',
        },
      ],
      post: {
        operationId: 'publishVersion',
        responses: {
          '200': {
            description: 'The published version',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AgentVersion',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/agents/{agent}/versions/{version}/deprecate': {
      parameters: [
        {
          $ref: '#/components/parameters/agent',
        },
        {
          $ref: '#/components/parameters/version',
        },
      ],
      post: {
        operationId: 'deprecateVersion',
        responses: {
          '200': {
            description: 'The deprecated version',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AgentVersion',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/agents/{agent}/rollback': {
      parameters: [
        {
          $ref: '#/components/parameters/agent',
        },
      ],
      post: {
        operationId: 'rollbackAgent',
        summary: 'Make an earlier published version the default again',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RollbackRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The version that is now the default',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AgentVersion',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/agents/{agent}/config': {
      parameters: [
        {
          $ref: '#/components/parameters/agent',
        },
      ],
      get: {
        operationId: 'getAgentDefaults',
        summary:
          "The agent's default configuration (revision 0 when never saved)",
        responses: {
          '200': {
            description: 'The current defaults',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ConfigRevision',
                },
              },
            },
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      put: {
        operationId: 'setAgentDefaults',
        summary: 'Save new defaults (a new revision)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/AgentDefaults',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The saved revision',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ConfigRevision',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/agents/{agent}/config/history': {
      parameters: [
        {
          $ref: '#/components/parameters/agent',
        },
        {
          $ref: '#/components/parameters/limit',
        },
        {
          $ref: '#/components/parameters/offset',
        },
      ],
      get: {
        operationId: 'getAgentDefaultsHistory',
        responses: {
          '200': {
            $ref: '#/components/responses/ConfigHistory',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/agents/{agent}/access': {
      parameters: [
        {
          $ref: '#/components/parameters/agent',
        },
      ],
      get: {
        operationId: 'listAgentAccess',
        summary: 'The customers of an agent (owners and admins)',
        responses: {
          '200': {
            $ref: '#/components/responses/AccessList',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/agents/{agent}/access/move': {
      parameters: [
        {
          $ref: '#/components/parameters/agent',
        },
      ],
      post: {
        operationId: 'moveAgentAccess',
        summary:
          'Move every customer pinned within a semver range to another version',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/MoveRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Who moved (or, with dryRun, who would move)',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/MoveResult',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/agents/{agent}/access/{access}/pin': {
      parameters: [
        {
          $ref: '#/components/parameters/agent',
        },
        {
          $ref: '#/components/parameters/access',
        },
      ],
      post: {
        operationId: 'pinAccess',
        summary:
          'Hold one customer of the agent at a published version (null follows the default)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/PinRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The access record',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Access',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/catalog/adopt': {
      post: {
        operationId: 'adoptCatalogAgents',
        summary:
          'Adopt Agent entities declared in YAML now (admins; also runs on a schedule)',
        responses: {
          '200': {
            description: 'What changed',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['adopted', 'updated', 'released'],
                  additionalProperties: false,
                  properties: {
                    adopted: {
                      type: 'array',
                      items: {
                        type: 'string',
                      },
                    },
                    updated: {
                      type: 'array',
                      items: {
                        type: 'string',
                      },
                    },
                    released: {
                      type: 'array',
                      items: {
                        type: 'string',
                      },
                    },
                  },
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/tenants': {
      get: {
        operationId: 'listTenants',
        parameters: [
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/offset',
          },
        ],
        responses: {
          '200': {
            description: 'The tenants the caller may see',
            content: {
              'application/json': {
                schema: {
                  allOf: [
                    {
                      $ref: '#/components/schemas/PageInfo',
                    },
                    {
                      type: 'object',
                      required: ['items'],
                      properties: {
                        items: {
                          type: 'array',
                          items: {
                            $ref: '#/components/schemas/Tenant',
                          },
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'createTenant',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/CreateTenantRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The new tenant',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Tenant',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/tenants/{tenant}': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
      ],
      get: {
        operationId: 'getTenant',
        responses: {
          '200': {
            description: 'The tenant',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Tenant',
                },
              },
            },
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/tenants/{tenant}/projects': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
      ],
      get: {
        operationId: 'listProjects',
        responses: {
          '200': {
            description: "The tenant's projects",
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Project',
                      },
                    },
                  },
                },
              },
            },
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'createProject',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/CreateProjectRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The new project',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Project',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/tenants/{tenant}/members': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
      ],
      get: {
        operationId: 'listMembers',
        responses: {
          '200': {
            $ref: '#/components/responses/Members',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'addMember',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/AddMemberRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            $ref: '#/components/responses/Members',
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/tenants/{tenant}/access': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
      ],
      get: {
        operationId: 'listTenantAccess',
        responses: {
          '200': {
            $ref: '#/components/responses/AccessList',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'createAccess',
        summary:
          'Give a tenant access to an agent (normally done by Waldur order processing)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/CreateAccessRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The new access record',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Access',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/tenants/{tenant}/access/{access}': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
        {
          $ref: '#/components/parameters/access',
        },
      ],
      get: {
        operationId: 'getAccess',
        responses: {
          '200': {
            description: 'The access record',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Access',
                },
              },
            },
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/tenants/{tenant}/agents/{agent}/config': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
        {
          $ref: '#/components/parameters/agent',
        },
      ],
      get: {
        operationId: 'getOverlay',
        summary:
          "The tenant's overlay on the agent's defaults (revision 0 when never saved)",
        responses: {
          '200': {
            description: 'The current overlay',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ConfigRevision',
                },
              },
            },
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      put: {
        operationId: 'setOverlay',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/Configuration',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The saved revision',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ConfigRevision',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/tenants/{tenant}/agents/{agent}/config/history': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
        {
          $ref: '#/components/parameters/agent',
        },
        {
          $ref: '#/components/parameters/limit',
        },
        {
          $ref: '#/components/parameters/offset',
        },
      ],
      get: {
        operationId: 'getOverlayHistory',
        responses: {
          '200': {
            $ref: '#/components/responses/ConfigHistory',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/tenants/{tenant}/agents/{agent}/config/effective': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
        {
          $ref: '#/components/parameters/agent',
        },
      ],
      get: {
        operationId: 'getEffectiveConfig',
        summary: "Defaults overlaid by the tenant's overlay",
        responses: {
          '200': {
            description: 'The effective configuration',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EffectiveConfiguration',
                },
              },
            },
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
  },
  components: {
    parameters: {
      agent: {
        name: 'agent',
        in: 'path',
        required: true,
        description:
          "The agent's id, its name (default namespace) or `namespace:name`",
        schema: {
          type: 'string',
          maxLength: 255,
        },
      },
      version: {
        name: 'version',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          maxLength: 64,
        },
      },
      tenant: {
        name: 'tenant',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          maxLength: 64,
        },
      },
      access: {
        name: 'access',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          maxLength: 64,
        },
      },
      limit: {
        name: 'limit',
        in: 'query',
        schema: {
          type: 'integer',
          minimum: 1,
          maximum: 500,
        },
      },
      offset: {
        name: 'offset',
        in: 'query',
        schema: {
          type: 'integer',
          minimum: 0,
        },
      },
    },
    responses: {
      Error: {
        description: 'An error, with a message that names the problem',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      ConfigHistory: {
        description: 'Saved revisions, newest first',
        content: {
          'application/json': {
            schema: {
              allOf: [
                {
                  $ref: '#/components/schemas/PageInfo',
                },
                {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/ConfigRevision',
                      },
                    },
                  },
                },
              ],
            },
          },
        },
      },
      AccessList: {
        description: 'Access records',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['items'],
              properties: {
                items: {
                  type: 'array',
                  items: {
                    $ref: '#/components/schemas/Access',
                  },
                },
              },
            },
          },
        },
      },
      Members: {
        description: 'The users who act for the tenant',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['items'],
              properties: {
                items: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
              },
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
            additionalProperties: true,
          },
          request: {
            type: 'object',
            additionalProperties: true,
          },
          response: {
            type: 'object',
            additionalProperties: true,
          },
        },
      },
      PageInfo: {
        type: 'object',
        required: ['totalCount', 'limit', 'offset'],
        properties: {
          totalCount: {
            type: 'integer',
          },
          limit: {
            type: 'integer',
          },
          offset: {
            type: 'integer',
          },
        },
      },
      AgentType: {
        type: 'string',
        enum: ['chat-agent', 'assistant', 'automation', 'app'],
      },
      Timestamp: {
        type: 'string',
        format: 'date-time',
      },
      Amount: {
        type: 'string',
        pattern: '^(0|[1-9][0-9]{0,11})(\\.[0-9]{1,6})?$',
      },
      Plan: {
        type: 'object',
        required: ['name', 'tier', 'currency', 'prices'],
        additionalProperties: false,
        properties: {
          name: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          tier: {
            type: 'string',
            enum: ['starter', 'pro', 'enterprise', 'custom'],
          },
          includedCalls: {
            type: 'integer',
            minimum: 0,
          },
          currency: {
            type: 'string',
          },
          prices: {
            type: 'object',
            additionalProperties: false,
            properties: {
              monthly: {
                $ref: '#/components/schemas/Amount',
              },
              yearly: {
                $ref: '#/components/schemas/Amount',
              },
              perCall: {
                $ref: '#/components/schemas/Amount',
              },
            },
          },
        },
      },
      RuntimeRef: {
        type: 'object',
        required: ['type', 'flowId'],
        additionalProperties: false,
        properties: {
          type: {
            type: 'string',
            enum: ['langflow'],
          },
          flowId: {
            type: 'string',
          },
          endpointName: {
            type: 'string',
          },
          resource: {
            type: 'string',
          },
        },
      },
      Agent: {
        type: 'object',
        required: [
          'id',
          'namespace',
          'name',
          'entityRef',
          'type',
          'lifecycle',
          'owner',
          'tags',
          'runtime',
          'plans',
          'origin',
          'archived',
          'createdAt',
          'updatedAt',
        ],
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          type: {
            $ref: '#/components/schemas/AgentType',
          },
          lifecycle: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          system: {
            type: 'string',
          },
          tags: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          runtime: {
            $ref: '#/components/schemas/RuntimeRef',
          },
          plans: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Plan',
            },
          },
          origin: {
            type: 'string',
            enum: ['registry', 'catalog'],
          },
          sourceLocation: {
            type: 'string',
          },
          defaultVersion: {
            type: 'string',
          },
          latestVersion: {
            type: 'string',
          },
          waldurOfferingUuid: {
            type: 'string',
          },
          archived: {
            type: 'boolean',
          },
          createdAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          updatedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
        },
      },
      AgentVersion: {
        type: 'object',
        required: [
          'agentId',
          'version',
          'status',
          'isLatest',
          'isDefault',
          'createdAt',
          'createdBy',
        ],
        additionalProperties: false,
        properties: {
          agentId: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: ['draft', 'published', 'deprecated'],
          },
          changelog: {
            type: 'string',
          },
          flow: {
            type: 'object',
            description: 'The Langflow flow export (omitted in lists)',
          },
          isLatest: {
            type: 'boolean',
          },
          isDefault: {
            type: 'boolean',
          },
          createdAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          createdBy: {
            type: 'string',
          },
          publishedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          deprecatedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
        },
      },
      Persona: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
            maxLength: 100,
          },
          systemPrompt: {
            type: 'string',
            maxLength: 20000,
          },
          welcomeMessage: {
            type: 'string',
            maxLength: 2000,
          },
          starterPrompts: {
            type: 'array',
            maxItems: 10,
            items: {
              type: 'string',
              maxLength: 500,
            },
          },
        },
      },
      Behaviour: {
        type: 'object',
        properties: {
          temperature: {
            type: 'number',
            minimum: 0,
            maximum: 2,
          },
          maxTokens: {
            type: 'integer',
            minimum: 1,
            maximum: 200000,
          },
          allowedTools: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      Branding: {
        type: 'object',
        description:
          'Colours must be CSS colours (hex, rgb(), hsl() or a named colour)',
        properties: {
          displayName: {
            type: 'string',
            maxLength: 100,
          },
          iconUrl: {
            type: 'string',
            maxLength: 2048,
          },
          primaryColor: {
            type: 'string',
            maxLength: 64,
          },
          accentColor: {
            type: 'string',
            maxLength: 64,
          },
          backgroundColor: {
            type: 'string',
            maxLength: 64,
          },
          textColor: {
            type: 'string',
            maxLength: 64,
          },
        },
      },
      AgentDefaults: {
        type: 'object',
        properties: {
          persona: {
            $ref: '#/components/schemas/Persona',
          },
          behaviour: {
            $ref: '#/components/schemas/Behaviour',
          },
        },
      },
      Configuration: {
        type: 'object',
        properties: {
          persona: {
            $ref: '#/components/schemas/Persona',
          },
          behaviour: {
            $ref: '#/components/schemas/Behaviour',
          },
          branding: {
            $ref: '#/components/schemas/Branding',
          },
        },
      },
      ConfigRevision: {
        type: 'object',
        required: ['revision', 'config', 'createdAt', 'createdBy'],
        additionalProperties: false,
        properties: {
          revision: {
            type: 'integer',
            minimum: 0,
          },
          config: {
            $ref: '#/components/schemas/Configuration',
          },
          createdAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          createdBy: {
            type: 'string',
          },
        },
      },
      EffectiveConfiguration: {
        type: 'object',
        required: ['agentId', 'tenantId', 'config'],
        additionalProperties: false,
        properties: {
          agentId: {
            type: 'string',
          },
          tenantId: {
            type: 'string',
          },
          config: {
            $ref: '#/components/schemas/Configuration',
          },
          defaultsRevision: {
            type: 'integer',
          },
          overlayRevision: {
            type: 'integer',
          },
        },
      },
      Tenant: {
        type: 'object',
        required: ['id', 'name', 'createdAt'],
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          waldurCustomerUuid: {
            type: 'string',
          },
          createdAt: {
            $ref: '#/components/schemas/Timestamp',
          },
        },
      },
      Project: {
        type: 'object',
        required: ['id', 'tenantId', 'name', 'createdAt'],
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
          },
          tenantId: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          waldurProjectUuid: {
            type: 'string',
          },
          createdAt: {
            $ref: '#/components/schemas/Timestamp',
          },
        },
      },
      Access: {
        type: 'object',
        required: [
          'id',
          'agentId',
          'agentRef',
          'tenantId',
          'plan',
          'state',
          'createdAt',
          'updatedAt',
        ],
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
          },
          agentId: {
            type: 'string',
          },
          agentRef: {
            type: 'string',
          },
          tenantId: {
            type: 'string',
          },
          projectId: {
            type: 'string',
          },
          plan: {
            type: 'string',
          },
          state: {
            type: 'string',
            enum: ['pending', 'active', 'paused', 'terminated'],
          },
          waldurResourceUuid: {
            type: 'string',
          },
          pinnedVersion: {
            type: 'string',
          },
          effectiveVersion: {
            type: 'string',
          },
          createdAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          updatedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
        },
      },
      CreateAgentRequest: {
        type: 'object',
        required: ['name', 'type', 'owner', 'flow'],
        properties: {
          name: {
            type: 'string',
            description: 'Lowercase letters, digits and dashes',
          },
          namespace: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          type: {
            $ref: '#/components/schemas/AgentType',
          },
          lifecycle: {
            type: 'string',
          },
          owner: {
            type: 'string',
            description: 'Entity ref of an existing group or user',
          },
          system: {
            type: 'string',
          },
          tags: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          plans: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Plan',
            },
          },
          flow: {
            type: 'object',
            description: 'A Langflow flow export',
          },
          flowId: {
            type: 'string',
            description: 'The Langflow flow id when the export has none',
          },
          version: {
            type: 'string',
            description: 'First version (default 0.1.0)',
          },
          changelog: {
            type: 'string',
          },
          publish: {
            type: 'boolean',
            description: 'Publish the first version at once',
          },
          config: {
            $ref: '#/components/schemas/AgentDefaults',
          },
        },
      },
      UpdateAgentRequest: {
        type: 'object',
        properties: {
          title: {
            type: ['string', 'null'],
          },
          description: {
            type: ['string', 'null'],
          },
          type: {
            $ref: '#/components/schemas/AgentType',
          },
          lifecycle: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          system: {
            type: ['string', 'null'],
          },
          tags: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          plans: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Plan',
            },
          },
        },
      },
      CreateVersionRequest: {
        type: 'object',
        required: ['version', 'flow'],
        properties: {
          version: {
            type: 'string',
            description: 'A semantic version, higher than every released one',
          },
          flow: {
            type: 'object',
            description: 'A Langflow flow export',
          },
          changelog: {
            type: 'string',
          },
        },
      },
      UpdateDraftRequest: {
        type: 'object',
        properties: {
          flow: {
            type: 'object',
          },
          changelog: {
            type: ['string', 'null'],
          },
        },
      },
      RollbackRequest: {
        type: 'object',
        properties: {
          version: {
            type: 'string',
            description:
              'Defaults to the published version just below the default',
          },
        },
      },
      CreateTenantRequest: {
        type: 'object',
        required: ['name'],
        properties: {
          name: {
            type: 'string',
          },
          waldurCustomerUuid: {
            type: 'string',
          },
        },
      },
      CreateProjectRequest: {
        type: 'object',
        required: ['name'],
        properties: {
          name: {
            type: 'string',
          },
          waldurProjectUuid: {
            type: 'string',
          },
        },
      },
      AddMemberRequest: {
        type: 'object',
        required: ['userRef'],
        properties: {
          userRef: {
            type: 'string',
          },
        },
      },
      CreateAccessRequest: {
        type: 'object',
        required: ['agent', 'plan'],
        properties: {
          agent: {
            type: 'string',
          },
          projectId: {
            type: 'string',
          },
          plan: {
            type: 'string',
          },
          state: {
            type: 'string',
            enum: ['pending', 'active', 'paused'],
          },
          waldurResourceUuid: {
            type: 'string',
          },
          pinnedVersion: {
            type: 'string',
          },
        },
      },
      PinRequest: {
        type: 'object',
        required: ['version'],
        properties: {
          version: {
            type: ['string', 'null'],
          },
        },
      },
      MoveRequest: {
        type: 'object',
        required: ['range', 'toVersion'],
        properties: {
          range: {
            type: 'string',
            description: 'A semver range, e.g. ^1.0.0',
          },
          toVersion: {
            type: 'string',
          },
          dryRun: {
            type: 'boolean',
          },
        },
      },
      MoveResult: {
        type: 'object',
        required: ['dryRun', 'toVersion', 'moved'],
        additionalProperties: false,
        properties: {
          dryRun: {
            type: 'boolean',
          },
          toVersion: {
            type: 'string',
          },
          moved: {
            type: 'array',
            items: {
              type: 'object',
              required: ['accessId', 'tenantId', 'fromVersion'],
              additionalProperties: false,
              properties: {
                accessId: {
                  type: 'string',
                },
                tenantId: {
                  type: 'string',
                },
                fromVersion: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
