import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AddressInfo } from 'node:net';
import {
  createPublishedAgent,
  createTenant,
  grantAccess,
} from '../__testUtils__/fixtures';
import { flowExport } from '../__testUtils__/flows';
import { startRegistryBackend } from '../__testUtils__/registryTestBackend';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const MISSING = '00000000-0000-4000-8000-000000000000';

const REGISTRY_TOOLS = [
  {
    name: 'agent-registry.create-version',
    readOnly: false,
    destructive: false,
    idempotent: false,
  },
  {
    name: 'agent-registry.get-agent',
    readOnly: true,
    destructive: false,
    idempotent: true,
  },
  {
    name: 'agent-registry.get-effective-config',
    readOnly: true,
    destructive: false,
    idempotent: true,
  },
  {
    name: 'agent-registry.list-agents',
    readOnly: true,
    destructive: false,
    idempotent: true,
  },
  {
    name: 'agent-registry.publish-version',
    readOnly: false,
    destructive: false,
    idempotent: false,
  },
  {
    name: 'agent-registry.rollback-version',
    readOnly: false,
    destructive: true,
    idempotent: false,
  },
];

type ToolResult = {
  isError?: boolean;
  content?: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, any>;
};

/** The text of a tool result (errors are reported as text content). */
const textOf = (result: ToolResult) =>
  (result.content ?? [])
    .filter(c => c.type === 'text')
    .map(c => c.text)
    .join('\n');

describe.each(databases.eachSupportedId())(
  'registry actions as MCP tools on %p',
  databaseId => {
    let registry: Awaited<ReturnType<typeof startRegistryBackend>>;
    let mcpUrl: URL;
    const clients: Client[] = [];

    /** An MCP client, connected over Streamable HTTP as the given user (or with the given Authorization header). */
    async function connect(
      userRef: string,
      options: { authorization?: string } = {},
    ) {
      const client = new Client({
        name: 'agent-registry-test',
        version: '1.0.0',
      });
      const transport = new StreamableHTTPClientTransport(mcpUrl, {
        requestInit: {
          headers: {
            Authorization:
              options.authorization ?? mockCredentials.user.header(userRef),
          },
        },
      });
      await client.connect(transport);
      clients.push(client);
      return client;
    }

    async function call(
      userRef: string,
      name: string,
      args: Record<string, unknown>,
    ): Promise<ToolResult> {
      const client = await connect(userRef);
      return (await client.callTool({ name, arguments: args })) as ToolResult;
    }

    const alice = () => registry.as('user:default/alice');

    beforeAll(async () => {
      registry = await startRegistryBackend(await databases.init(databaseId), {
        features: [mcpActionsPlugin],
        config: { backend: { actions: { pluginSources: ['agent-registry'] } } },
      });
      const { port } = registry.backend.server.address() as AddressInfo;
      mcpUrl = new URL(`http://localhost:${port}/api/mcp-actions/v1`);
    });
    afterAll(async () => {
      await Promise.all(clients.map(c => c.close()));
      await registry.stop();
    });

    it('lists the six registry tools with input schemas and annotations', async () => {
      const client = await connect('user:default/alice');
      expect(client.getServerVersion()).toMatchObject({ name: 'backstage' });

      const { tools } = await client.listTools();
      const registryTools = tools.filter(t =>
        t.name.startsWith('agent-registry.'),
      );
      expect(registryTools.map(t => t.name).sort()).toEqual(
        REGISTRY_TOOLS.map(t => t.name),
      );

      for (const expected of REGISTRY_TOOLS) {
        const tool = registryTools.find(t => t.name === expected.name)!;
        expect(tool.description).toEqual(expect.any(String));
        expect(tool.inputSchema.type).toBe('object');
        expect(tool.annotations).toMatchObject({
          title: expect.any(String),
          readOnlyHint: expected.readOnly,
          destructiveHint: expected.destructive,
          idempotentHint: expected.idempotent,
          openWorldHint: false,
        });
      }

      const byName = Object.fromEntries(registryTools.map(t => [t.name, t]));
      expect(byName['agent-registry.create-version'].inputSchema).toMatchObject(
        {
          type: 'object',
          properties: {
            agent: { type: 'string' },
            version: {
              type: 'string',
              description: 'Semantic version, e.g. 1.2.0',
            },
            flow: { type: 'object' },
            changelog: { type: 'string' },
          },
          required: expect.arrayContaining(['agent', 'version', 'flow']),
        },
      );
      expect(byName['agent-registry.list-agents'].inputSchema).toMatchObject({
        type: 'object',
        properties: {
          type: {
            type: 'string',
            enum: ['chat-agent', 'assistant', 'automation', 'app'],
          },
          limit: { type: 'integer', minimum: 1, maximum: 500 },
          offset: { type: 'integer', minimum: 0 },
        },
      });
      expect(
        byName['agent-registry.list-agents'].inputSchema.required ?? [],
      ).toEqual([]);
      expect(
        byName['agent-registry.get-effective-config'].inputSchema,
      ).toMatchObject({
        properties: { tenant: { type: 'string' }, agent: { type: 'string' } },
        required: expect.arrayContaining(['tenant', 'agent']),
      });
      expect(
        byName['agent-registry.rollback-version'].inputSchema.required,
      ).toEqual(['agent']);
    });

    // Note: the test backend's mock httpAuth treats a request without an Authorization header
    // as user:default/mock, so "anonymous" is the explicit none-token here.
    it.each([
      { name: 'anonymous', authorization: mockCredentials.none.header() },
      {
        name: 'invalid token',
        authorization: mockCredentials.user.invalidHeader(),
      },
    ])('refuses $name MCP clients with 401', async ({ authorization }) => {
      const failure = connect('', { authorization });
      await expect(failure).rejects.toBeInstanceOf(StreamableHTTPError);
      await expect(failure).rejects.toMatchObject({ code: 401 });
      await expect(failure).rejects.toThrow(/AuthenticationError/);
    });

    it('lists and gets agents created through the REST API', async () => {
      const one = await createPublishedAgent(registry, 'mcp-list-one', [
        '1.0.0',
        '1.1.0',
      ]);
      await createPublishedAgent(registry, 'mcp-list-two');

      const list = await call(
        'user:default/alice',
        'agent-registry.list-agents',
        { q: 'mcp-list' },
      );
      expect(list.isError).toBeFalsy();
      expect(list.structuredContent).toMatchObject({ totalCount: 2 });
      expect(
        list.structuredContent!.items.map((a: any) => a.name).sort(),
      ).toEqual(['mcp-list-one', 'mcp-list-two']);
      expect(
        list.structuredContent!.items.find(
          (a: any) => a.name === 'mcp-list-one',
        ),
      ).toMatchObject({
        id: one.id,
        entityRef: 'agent:default/mcp-list-one',
        type: 'chat-agent',
        owner: 'group:default/agent-builders',
        defaultVersion: '1.1.0',
        latestVersion: '1.1.0',
      });
      // The text content is the same output, as JSON, for clients without structured content.
      expect(JSON.parse(textOf(list))).toEqual(list.structuredContent);

      const paged = await call(
        'user:default/alice',
        'agent-registry.list-agents',
        { q: 'mcp-list', limit: 1 },
      );
      expect(paged.structuredContent).toMatchObject({ totalCount: 2 });
      expect(paged.structuredContent!.items).toHaveLength(1);

      const got = await call('user:default/alice', 'agent-registry.get-agent', {
        agent: 'mcp-list-one',
      });
      expect(got.isError).toBeFalsy();
      expect(got.structuredContent!.agent).toMatchObject({
        id: one.id,
        name: 'mcp-list-one',
        defaultVersion: '1.1.0',
      });
      expect(got.structuredContent!.versions).toEqual([
        expect.objectContaining({
          version: '1.1.0',
          status: 'published',
          isLatest: true,
          isDefault: true,
        }),
        expect.objectContaining({
          version: '1.0.0',
          status: 'published',
          isLatest: false,
          isDefault: false,
        }),
      ]);
      // Versions come without their (large) flow snapshot.
      for (const v of got.structuredContent!.versions)
        expect(v.flow).toBeUndefined();

      const byId = await call(
        'user:default/alice',
        'agent-registry.get-agent',
        { agent: one.id },
      );
      expect(byId.structuredContent!.agent.name).toBe('mcp-list-one');
    });

    it('creates, publishes and rolls back versions, latest by semver', async () => {
      await createPublishedAgent(registry, 'mcp-semver-bot', ['1.9.0']);

      const created = await call(
        'user:default/alice',
        'agent-registry.create-version',
        {
          agent: 'mcp-semver-bot',
          version: '1.10.0',
          flow: flowExport(),
          changelog: 'Made over MCP',
        },
      );
      expect(created.isError).toBeFalsy();
      expect(created.structuredContent!.version).toMatchObject({
        version: '1.10.0',
        status: 'draft',
        isLatest: false,
        isDefault: false,
        changelog: 'Made over MCP',
      });
      expect(created.structuredContent!.version.flow).toBeUndefined();
      const draft = await alice().get('/agents/mcp-semver-bot/versions/1.10.0');
      expect(draft.status).toBe(200);
      expect(draft.body).toMatchObject({
        status: 'draft',
        createdBy: 'user:default/alice',
      });
      expect(draft.body.flow.data.nodes).toHaveLength(3);
      expect((await alice().get('/agents/mcp-semver-bot')).body).toMatchObject({
        defaultVersion: '1.9.0',
        latestVersion: '1.9.0',
      });

      const published = await call(
        'user:default/alice',
        'agent-registry.publish-version',
        {
          agent: 'mcp-semver-bot',
          version: '1.10.0',
        },
      );
      expect(published.isError).toBeFalsy();
      expect(published.structuredContent!.version).toMatchObject({
        version: '1.10.0',
        status: 'published',
        isLatest: true,
        isDefault: true,
      });
      expect((await alice().get('/agents/mcp-semver-bot')).body).toMatchObject({
        defaultVersion: '1.10.0',
        latestVersion: '1.10.0',
      });

      const rolledBack = await call(
        'user:default/alice',
        'agent-registry.rollback-version',
        {
          agent: 'mcp-semver-bot',
        },
      );
      expect(rolledBack.isError).toBeFalsy();
      expect(rolledBack.structuredContent!.version).toMatchObject({
        version: '1.9.0',
        isDefault: true,
        isLatest: false,
      });
      expect((await alice().get('/agents/mcp-semver-bot')).body).toMatchObject({
        defaultVersion: '1.9.0',
        latestVersion: '1.10.0',
      });
      const versions = await alice().get('/agents/mcp-semver-bot/versions');
      expect(
        versions.body.items.map((v: any) => [v.version, v.status]),
      ).toEqual([
        ['1.10.0', 'published'],
        ['1.9.0', 'published'],
      ]);

      // Nothing is older than 1.9.0: a conflict, reported as a tool error, and nothing moves.
      const nothingOlder = await call(
        'user:default/alice',
        'agent-registry.rollback-version',
        {
          agent: 'mcp-semver-bot',
        },
      );
      expect(nothingOlder.isError).toBe(true);
      expect(textOf(nothingOlder)).toBe(
        'ConflictError: No published version of agent:default/mcp-semver-bot is older than 1.9.0',
      );
      expect((await alice().get('/agents/mcp-semver-bot')).body).toMatchObject({
        defaultVersion: '1.9.0',
        latestVersion: '1.10.0',
      });
    });

    it("returns a tenant's effective configuration to its members", async () => {
      await createPublishedAgent(registry, 'mcp-config-bot');
      const tenant = await createTenant(registry, 'MCP Tenant', [
        'user:default/alice',
      ]);
      await grantAccess(registry, tenant.id, { agent: 'mcp-config-bot' });
      await alice()
        .put(`/tenants/${tenant.id}/agents/mcp-config-bot/config`, {
          persona: { welcomeMessage: 'Welcome to MCP Tenant!' },
          branding: { primaryColor: '#123456' },
        })
        .expect(200);

      const result = await call(
        'user:default/alice',
        'agent-registry.get-effective-config',
        {
          tenant: tenant.id,
          agent: 'mcp-config-bot',
        },
      );
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({
        agentId: expect.any(String),
        tenantId: tenant.id,
        config: {
          persona: {
            systemPrompt: 'Be brief.',
            welcomeMessage: 'Welcome to MCP Tenant!',
          },
          behaviour: { temperature: 0.2 },
          branding: { displayName: 'mcp-config-bot', primaryColor: '#123456' },
        },
        defaultsRevision: 1,
        overlayRevision: 1,
      });
      const rest = await alice().get(
        `/tenants/${tenant.id}/agents/mcp-config-bot/config/effective`,
      );
      expect(rest.status).toBe(200);
      expect(result.structuredContent).toEqual(rest.body);
    });

    describe('errors', () => {
      it('reports a permission denial as a tool error and publishes nothing', async () => {
        await createPublishedAgent(registry, 'mcp-denied-bot', ['1.0.0']);
        await alice()
          .post('/agents/mcp-denied-bot/versions', {
            version: '1.1.0',
            flow: flowExport(),
          })
          .expect(201);

        const result = await call(
          'user:default/bob',
          'agent-registry.publish-version',
          {
            agent: 'mcp-denied-bot',
            version: '1.1.0',
          },
        );
        expect(result.isError).toBe(true);
        expect(result.structuredContent).toBeUndefined();
        expect(textOf(result)).toBe(
          'NotAllowedError: user:default/bob may not update agent:default/mcp-denied-bot (agent-registry.agent.update)',
        );

        expect(
          (await alice().get('/agents/mcp-denied-bot/versions/1.1.0')).body
            .status,
        ).toBe('draft');
        expect(
          (await alice().get('/agents/mcp-denied-bot')).body,
        ).toMatchObject({
          defaultVersion: '1.0.0',
          latestVersion: '1.0.0',
        });
      });

      it('reports an invalid semantic version as a tool error and creates nothing', async () => {
        await createPublishedAgent(registry, 'mcp-semver-check-bot', ['1.0.0']);

        const result = await call(
          'user:default/alice',
          'agent-registry.create-version',
          {
            agent: 'mcp-semver-check-bot',
            version: 'v1.2',
            flow: flowExport(),
          },
        );
        expect(result.isError).toBe(true);
        expect(textOf(result)).toBe(
          'InputError: version must be a semantic version such as 1.2.0 (got "v1.2")',
        );

        const versions = await alice().get(
          '/agents/mcp-semver-check-bot/versions',
        );
        expect(versions.body.items.map((v: any) => v.version)).toEqual([
          '1.0.0',
        ]);
      });

      it('reports input that does not match the tool schema as a tool error', async () => {
        const result = await call(
          'user:default/alice',
          'agent-registry.create-version',
          {
            agent: 'mcp-semver-check-bot',
            version: 2,
          },
        );
        expect(result.isError).toBe(true);
        expect(textOf(result)).toMatch(
          /^InputError: Invalid input to action "agent-registry:create-version"/,
        );
      });

      it("does not leak another tenant's configuration: it looks like a missing tenant", async () => {
        await createPublishedAgent(registry, 'mcp-isolated-bot');
        const own = await createTenant(registry, 'MCP Own', [
          'user:default/alice',
        ]);
        const other = await createTenant(registry, 'MCP Other', [
          'user:default/dave',
        ]);
        await grantAccess(registry, own.id, { agent: 'mcp-isolated-bot' });
        await grantAccess(registry, other.id, { agent: 'mcp-isolated-bot' });
        await registry
          .as('user:default/dave')
          .put(`/tenants/${other.id}/agents/mcp-isolated-bot/config`, {
            persona: { welcomeMessage: 'Other secret' },
          })
          .expect(200);

        const leaked = await call(
          'user:default/alice',
          'agent-registry.get-effective-config',
          {
            tenant: other.id,
            agent: 'mcp-isolated-bot',
          },
        );
        const missing = await call(
          'user:default/alice',
          'agent-registry.get-effective-config',
          {
            tenant: MISSING,
            agent: 'mcp-isolated-bot',
          },
        );
        expect(leaked.isError).toBe(true);
        expect(missing.isError).toBe(true);
        expect(textOf(leaked)).toBe(`NotFoundError: No tenant "${other.id}"`);
        expect(textOf(leaked).replace(other.id, MISSING)).toBe(textOf(missing));
        expect(JSON.stringify(leaked)).not.toContain('Other secret');
        expect(leaked.structuredContent).toBeUndefined();

        // The caller's own tenant still answers.
        const mine = await call(
          'user:default/alice',
          'agent-registry.get-effective-config',
          {
            tenant: own.id,
            agent: 'mcp-isolated-bot',
          },
        );
        expect(mine.isError).toBeFalsy();
        expect(mine.structuredContent!.tenantId).toBe(own.id);

        // And the other tenant's member does see it.
        const dave = await call(
          'user:default/dave',
          'agent-registry.get-effective-config',
          {
            tenant: other.id,
            agent: 'mcp-isolated-bot',
          },
        );
        expect(dave.structuredContent!.config.persona.welcomeMessage).toBe(
          'Other secret',
        );
      });

      it('reports an invalid owner filter as a tool error, not an internal error', async () => {
        // Used to surface as a JSON-RPC internal error (-32603, "Request failed with 500"):
        // the owner filter's TypeError from parseEntityRef was not turned into an InputError.
        const result = await call(
          'user:default/alice',
          'agent-registry.list-agents',
          { owner: 'group:' },
        );
        expect(result.isError).toBe(true);
        expect(textOf(result)).toMatch(
          /^InputError: owner is not a valid entity reference: /,
        );
        const rest = await alice().get(
          `/agents?owner=${encodeURIComponent('group:')}`,
        );
        expect(rest.status).toBe(400);
      });

      it('reports an unknown tool as a tool error', async () => {
        const result = await call(
          'user:default/alice',
          'agent-registry.delete-everything',
          {},
        );
        expect(result.isError).toBe(true);
        expect(textOf(result)).toBe(
          'NotFoundError: Action "agent-registry.delete-everything" not found',
        );
      });
    });
  },
);
