// Generated from openapi.yaml by scripts/openapi-generate.mjs. Do not edit; edit the YAML.
// A test (openapi.test.ts) fails when the two differ.

export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'agent-registry',
    version: '1',
    description:
      "The Agent Registry: agents registered from Langflow flow exports, their immutable versions, default configuration and per-customer overlays, tenants (Waldur customers) and access records. Served by the `agent-registry` backend plugin under `/api/agent-registry`. Every route needs a Backstage user or service token. Tenant data is visible only to the tenant's members and to holders of `agent-registry.tenant.admin`; a resource of another tenant answers 404, like one that does not exist. Tenant routes (`/v1/tenants/...`, `/v1/my/...`) also accept marketplace buyers with the token their marketplace gave them (`Authorization: Token <Waldur token>`); buyers see only the tenants of the customers they belong to. Gateway routes (`/v1/runtime/...`, `/v1/mcp/...`) take agent keys instead.",
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
    '/v1/tenants/{tenant}/access/{access}/state': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
        {
          $ref: '#/components/parameters/access',
        },
      ],
      post: {
        operationId: 'setAccessState',
        summary:
          'Pause, resume or end an access (admins); ending it revokes its keys',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['state'],
                properties: {
                  state: {
                    type: 'string',
                    enum: ['pending', 'active', 'paused', 'terminated'],
                  },
                },
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
    '/v1/tenants/{tenant}/access/{access}/keys': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
        {
          $ref: '#/components/parameters/access',
        },
      ],
      get: {
        operationId: 'listKeys',
        summary: 'The keys of an access (never their secrets)',
        responses: {
          '200': {
            description: 'The keys',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Key',
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
        operationId: 'createKey',
        summary:
          'Issue an API, MCP or widget key; the secret is in the answer, once',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/CreateKeyRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The new key with its secret',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/KeyWithSecret',
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
          '409': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/tenants/{tenant}/keys/{key}/rotate': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
        {
          $ref: '#/components/parameters/key',
        },
      ],
      post: {
        operationId: 'rotateKey',
        summary: 'Replace a key; the old one keeps working for the overlap',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RotateKeyRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The key',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/KeyWithSecret',
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
          '409': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/tenants/{tenant}/keys/{key}/revoke': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
        {
          $ref: '#/components/parameters/key',
        },
      ],
      post: {
        operationId: 'revokeKey',
        summary: 'Stop a key at once',
        responses: {
          '200': {
            description: 'The key',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Key',
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
          '409': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/tenants/{tenant}/keys/{key}/pause': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
        {
          $ref: '#/components/parameters/key',
        },
      ],
      post: {
        operationId: 'pauseKey',
        summary: 'Stop a key until it is restored',
        responses: {
          '200': {
            description: 'The key',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Key',
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
          '409': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/tenants/{tenant}/keys/{key}/restore': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
        {
          $ref: '#/components/parameters/key',
        },
      ],
      post: {
        operationId: 'restoreKey',
        summary: 'Let a paused key work again',
        responses: {
          '200': {
            description: 'The key',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Key',
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
          '409': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/tenants/{tenant}/wallet': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
      ],
      get: {
        operationId: 'getWallet',
        responses: {
          '200': {
            description: 'The credit wallet',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Wallet',
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
    '/v1/tenants/{tenant}/wallet/settings': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
      ],
      put: {
        operationId: 'updateWalletSettings',
        summary: 'Low-balance line and auto top-up rule',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/WalletSettings',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The wallet',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Wallet',
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
    '/v1/tenants/{tenant}/wallet/topups': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
      ],
      post: {
        operationId: 'topUpWallet',
        summary:
          "Add credit (admins; the marketplace's payment flow in production)",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/TopUpRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The wallet',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Wallet',
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
    '/v1/tenants/{tenant}/wallet/entries': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
        {
          $ref: '#/components/parameters/limit',
        },
        {
          $ref: '#/components/parameters/offset',
        },
      ],
      get: {
        operationId: 'listWalletEntries',
        summary: 'The ledger, newest first',
        responses: {
          '200': {
            description: 'Ledger entries',
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
                            $ref: '#/components/schemas/WalletEntry',
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
    },
    '/v1/tenants/{tenant}/wallet/topup-requests': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
      ],
      get: {
        operationId: 'listTopupRequests',
        responses: {
          '200': {
            description: 'Top-up requests (e.g. from the auto top-up rule)',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/TopupRequest',
                      },
                    },
                  },
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/tenants/{tenant}/usage': {
      parameters: [
        {
          $ref: '#/components/parameters/tenant',
        },
        {
          $ref: '#/components/parameters/from',
        },
        {
          $ref: '#/components/parameters/to',
        },
      ],
      get: {
        operationId: 'getTenantUsage',
        summary: "Usage by access, key and day, and this period's quotas",
        responses: {
          '200': {
            description: 'Usage',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TenantUsage',
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
    '/v1/agents/{agent}/usage': {
      parameters: [
        {
          $ref: '#/components/parameters/agent',
        },
        {
          $ref: '#/components/parameters/from',
        },
        {
          $ref: '#/components/parameters/to',
        },
      ],
      get: {
        operationId: 'getAgentUsage',
        summary:
          "An agent's usage per day across its customers (owners and admins)",
        responses: {
          '200': {
            description: 'Usage',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AgentUsage',
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
    '/v1/runtime/agents/{agent}/invoke': {
      parameters: [
        {
          $ref: '#/components/parameters/agent',
        },
      ],
      post: {
        operationId: 'invokeAgent',
        summary:
          'Ask an agent (authenticated by an API key, not a Backstage token)',
        description:
          'Send `Authorization: Bearer <API key>`. An optional `Idempotency-Key` header makes retries safe: a repeated key returns the first answer and is counted once. With `stream: true` the answer arrives as server-sent events (`chunk` events with text, then one `done` event with the whole answer). Errors carry a reason `code`: 401 for key problems, 403 for a paused or ended subscription, 429 when the quota is used up (with `Retry-After`), 402 without credit, 502 when the runtime fails (not charged).',
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/InvokeRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: "The agent's answer",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/InvokeAnswer',
                },
              },
              'text/event-stream': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '402': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          '429': {
            $ref: '#/components/responses/Error',
          },
          '502': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/runtime/openai/v1/chat/completions': {
      post: {
        operationId: 'openAiChatCompletions',
        summary:
          'OpenAI-compatible chat completions (model = the agent; API key as bearer)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ChatCompletionRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'A chat completion (or, with stream, chat.completion.chunk events)',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
              'text/event-stream': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '402': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          '429': {
            $ref: '#/components/responses/Error',
          },
          '502': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/runtime/openai/v1/models': {
      get: {
        operationId: 'openAiModels',
        summary: 'The agent the API key may call, as an OpenAI model list',
        responses: {
          '200': {
            description: 'Models',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/agents/{agent}/marketplace/publish': {
      parameters: [
        {
          $ref: '#/components/parameters/agent',
        },
      ],
      post: {
        operationId: 'publishToMarketplace',
        summary:
          'Sell the agent on the marketplace (creates or updates its offering)',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  marketplace: {
                    type: 'string',
                    description:
                      'The connector, e.g. waldur (default: the only one)',
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The agent, with its offering id',
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
          '503': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/agents/{agent}/marketplace/unpublish': {
      parameters: [
        {
          $ref: '#/components/parameters/agent',
        },
      ],
      post: {
        operationId: 'unpublishFromMarketplace',
        summary: 'Take the agent off sale (pause, or archive for good)',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  marketplace: {
                    type: 'string',
                  },
                  mode: {
                    type: 'string',
                    enum: ['pause', 'archive'],
                  },
                },
              },
            },
          },
        },
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
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/v1/my/agents': {
      get: {
        operationId: 'listMyAgents',
        summary:
          "The agents of the caller's tenants (buyers: send the marketplace token)",
        responses: {
          '200': {
            description: 'Access records with their agent',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        allOf: [
                          {
                            $ref: '#/components/schemas/Access',
                          },
                          {
                            type: 'object',
                            required: ['agent'],
                            properties: {
                              agent: {
                                type: 'object',
                                required: ['name', 'type'],
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
                                  type: {
                                    $ref: '#/components/schemas/AgentType',
                                  },
                                },
                              },
                            },
                          },
                        ],
                      },
                    },
                  },
                },
              },
            },
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
      key: {
        name: 'key',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          maxLength: 64,
        },
      },
      from: {
        name: 'from',
        in: 'query',
        description: 'First day (YYYY-MM-DD, default the first of this month)',
        schema: {
          type: 'string',
        },
      },
      to: {
        name: 'to',
        in: 'query',
        description: 'Last day (YYYY-MM-DD, default today)',
        schema: {
          type: 'string',
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
      Key: {
        type: 'object',
        description:
          'A key as listed; `secret` appears only in the answer that creates it',
        required: [
          'id',
          'accessId',
          'kind',
          'name',
          'prefix',
          'lastChars',
          'state',
          'createdBy',
          'createdAt',
        ],
        properties: {
          id: {
            type: 'string',
          },
          accessId: {
            type: 'string',
          },
          kind: {
            type: 'string',
            enum: ['api', 'mcp', 'widget'],
          },
          name: {
            type: 'string',
          },
          prefix: {
            type: 'string',
          },
          lastChars: {
            type: 'string',
          },
          state: {
            type: 'string',
            enum: ['active', 'paused', 'revoked', 'expired'],
          },
          allowedOrigins: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          expiresAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          replacedBy: {
            type: 'string',
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          revokedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
        },
      },
      KeyWithSecret: {
        allOf: [
          {
            $ref: '#/components/schemas/Key',
          },
          {
            type: 'object',
            required: ['secret'],
            properties: {
              secret: {
                type: 'string',
                description: 'The key itself; shown only in this answer',
              },
            },
          },
        ],
      },
      CreateKeyRequest: {
        type: 'object',
        properties: {
          kind: {
            type: 'string',
            enum: ['api', 'mcp', 'widget'],
          },
          name: {
            type: 'string',
          },
          expiresAt: {
            type: 'string',
            format: 'date-time',
          },
          allowedOrigins: {
            type: 'array',
            items: {
              type: 'string',
            },
            description:
              'Widget keys: the origins of the pages that may use them',
          },
        },
      },
      RotateKeyRequest: {
        type: 'object',
        properties: {
          overlapSeconds: {
            type: 'integer',
            minimum: 0,
            maximum: 2592000,
            description: 'How long the old key keeps working (default 86400)',
          },
        },
      },
      Wallet: {
        type: 'object',
        required: [
          'tenantId',
          'currency',
          'balance',
          'lowBalanceNotified',
          'updatedAt',
        ],
        additionalProperties: false,
        properties: {
          tenantId: {
            type: 'string',
          },
          currency: {
            type: 'string',
          },
          balance: {
            $ref: '#/components/schemas/Amount',
          },
          lowBalance: {
            $ref: '#/components/schemas/Amount',
          },
          lowBalanceNotified: {
            type: 'boolean',
          },
          autoTopup: {
            type: 'object',
            required: ['below', 'amount'],
            properties: {
              below: {
                $ref: '#/components/schemas/Amount',
              },
              amount: {
                $ref: '#/components/schemas/Amount',
              },
            },
          },
          updatedAt: {
            $ref: '#/components/schemas/Timestamp',
          },
        },
      },
      WalletSettings: {
        type: 'object',
        properties: {
          lowBalance: {
            type: ['string', 'null'],
          },
          autoTopup: {
            type: ['object', 'null'],
            properties: {
              below: {
                type: 'string',
              },
              amount: {
                type: 'string',
              },
            },
          },
        },
      },
      TopUpRequest: {
        type: 'object',
        required: ['amount', 'currency'],
        properties: {
          amount: {
            type: 'string',
          },
          currency: {
            type: 'string',
          },
          reference: {
            type: 'string',
          },
          topupRequestId: {
            type: 'string',
          },
        },
      },
      WalletEntry: {
        type: 'object',
        required: [
          'id',
          'kind',
          'amount',
          'balanceAfter',
          'createdBy',
          'createdAt',
        ],
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
          },
          kind: {
            type: 'string',
            enum: ['topup', 'charge', 'refund'],
          },
          amount: {
            type: 'string',
          },
          balanceAfter: {
            type: 'string',
          },
          reference: {
            type: 'string',
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            $ref: '#/components/schemas/Timestamp',
          },
        },
      },
      TopupRequest: {
        type: 'object',
        required: ['id', 'tenantId', 'amount', 'reason', 'state', 'createdAt'],
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
          },
          tenantId: {
            type: 'string',
          },
          amount: {
            type: 'string',
          },
          reason: {
            type: 'string',
            enum: ['auto', 'manual'],
          },
          state: {
            type: 'string',
            enum: ['open', 'fulfilled', 'cancelled'],
          },
          createdAt: {
            $ref: '#/components/schemas/Timestamp',
          },
          fulfilledAt: {
            $ref: '#/components/schemas/Timestamp',
          },
        },
      },
      UsageTotals: {
        type: 'object',
        required: [
          'calls',
          'inputTokens',
          'outputTokens',
          'computeMs',
          'charged',
        ],
        properties: {
          calls: {
            type: 'integer',
          },
          inputTokens: {
            type: 'integer',
          },
          outputTokens: {
            type: 'integer',
          },
          computeMs: {
            type: 'integer',
          },
          charged: {
            type: 'string',
          },
        },
      },
      TenantUsage: {
        type: 'object',
        required: ['tenantId', 'from', 'to', 'totals', 'days', 'quotas'],
        properties: {
          tenantId: {
            type: 'string',
          },
          from: {
            type: 'string',
          },
          to: {
            type: 'string',
          },
          totals: {
            $ref: '#/components/schemas/UsageTotals',
          },
          days: {
            type: 'array',
            items: {
              allOf: [
                {
                  $ref: '#/components/schemas/UsageTotals',
                },
                {
                  type: 'object',
                  required: ['day', 'accessId', 'keyId'],
                  properties: {
                    day: {
                      type: 'string',
                    },
                    accessId: {
                      type: 'string',
                    },
                    keyId: {
                      type: 'string',
                    },
                  },
                },
              ],
            },
          },
          quotas: {
            type: 'array',
            items: {
              type: 'object',
              required: [
                'accessId',
                'plan',
                'period',
                'used',
                'quota',
                'resetsAt',
              ],
              properties: {
                accessId: {
                  type: 'string',
                },
                plan: {
                  type: 'string',
                },
                period: {
                  type: 'string',
                },
                used: {
                  type: 'integer',
                },
                quota: {
                  type: ['integer', 'null'],
                },
                resetsAt: {
                  $ref: '#/components/schemas/Timestamp',
                },
              },
            },
          },
        },
      },
      AgentUsage: {
        type: 'object',
        required: ['agentId', 'from', 'to', 'totals', 'customers', 'days'],
        properties: {
          agentId: {
            type: 'string',
          },
          from: {
            type: 'string',
          },
          to: {
            type: 'string',
          },
          totals: {
            $ref: '#/components/schemas/UsageTotals',
          },
          customers: {
            type: 'integer',
          },
          days: {
            type: 'array',
            items: {
              allOf: [
                {
                  $ref: '#/components/schemas/UsageTotals',
                },
                {
                  type: 'object',
                  required: ['day'],
                  properties: {
                    day: {
                      type: 'string',
                    },
                  },
                },
              ],
            },
          },
        },
      },
      InvokeRequest: {
        type: 'object',
        required: ['input'],
        properties: {
          input: {
            type: 'string',
            maxLength: 100000,
          },
          sessionId: {
            type: 'string',
            maxLength: 255,
            description: 'Keeps a conversation; scoped to your subscription',
          },
          stream: {
            type: 'boolean',
          },
        },
      },
      InvokeAnswer: {
        type: 'object',
        required: ['id', 'agent', 'version', 'sessionId', 'output', 'usage'],
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
          },
          agent: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          sessionId: {
            type: 'string',
          },
          output: {
            type: 'string',
          },
          usage: {
            type: 'object',
            required: ['computeMs'],
            properties: {
              inputTokens: {
                type: 'integer',
              },
              outputTokens: {
                type: 'integer',
              },
              computeMs: {
                type: 'integer',
              },
            },
          },
          charged: {
            type: 'object',
            required: ['amount', 'currency'],
            properties: {
              amount: {
                type: 'string',
              },
              currency: {
                type: 'string',
              },
            },
          },
        },
      },
      ChatCompletionRequest: {
        type: 'object',
        required: ['model', 'messages'],
        properties: {
          model: {
            type: 'string',
            description: 'The agent (id',
            'name or namespace:name)': null,
          },
          messages: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['role', 'content'],
              properties: {
                role: {
                  type: 'string',
                },
                content: {},
              },
            },
          },
          stream: {
            type: 'boolean',
          },
          user: {
            type: 'string',
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
          'billingCycle',
          'createdAt',
          'updatedAt',
        ],
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
          billingCycle: {
            type: 'string',
            enum: ['monthly', 'yearly'],
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
          billingCycle: {
            type: 'string',
            enum: ['monthly', 'yearly'],
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
