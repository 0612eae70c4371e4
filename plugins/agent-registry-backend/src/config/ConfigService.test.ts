import { TestDatabases } from '@backstage/backend-test-utils';
import {
  createPublishedAgent,
  createTenant,
  grantAccess,
} from '../__testUtils__/fixtures';
import { startRegistryBackend } from '../__testUtils__/registryTestBackend';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'configuration on %p',
  databaseId => {
    let registry: Awaited<ReturnType<typeof startRegistryBackend>>;
    let tenantId: string;
    const carol = () => registry.as('user:default/carol');

    beforeAll(async () => {
      registry = await startRegistryBackend(await databases.init(databaseId));
      await createPublishedAgent(registry, 'config-bot');
      const tenant = await createTenant(registry, 'Acme', [
        'user:default/carol',
      ]);
      tenantId = tenant.id;
      await grantAccess(registry, tenantId, { agent: 'config-bot' });
    });
    afterAll(() => registry.stop());

    it('keeps every save of the defaults as a revision, newest first', async () => {
      const alice = registry.as('user:default/alice');
      const first = await alice.get('/agents/config-bot/config');
      expect(first.body).toMatchObject({
        revision: 1,
        config: { persona: { systemPrompt: 'Be brief.' } },
      });

      const saved = await alice.put('/agents/config-bot/config', {
        persona: {
          systemPrompt: 'Be brief and kind.',
          welcomeMessage: 'Hello!',
          starterPrompts: ['Track my order'],
        },
        behaviour: {
          temperature: 0.4,
          maxTokens: 500,
          allowedTools: ['search'],
        },
      });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({
        revision: 2,
        createdBy: 'user:default/alice',
      });

      const history = await alice.get('/agents/config-bot/config/history');
      expect(history.body.totalCount).toBe(2);
      expect(history.body.items.map((r: any) => r.revision)).toEqual([2, 1]);
      expect(history.body.items[1].config.persona.systemPrompt).toBe(
        'Be brief.',
      );
    });

    it("overlays a customer's settings on the defaults, field by field, with history", async () => {
      const empty = await carol().get(
        `/tenants/${tenantId}/agents/config-bot/config`,
      );
      expect(empty.body).toMatchObject({ revision: 0, config: {} });

      await carol()
        .put(`/tenants/${tenantId}/agents/config-bot/config`, {
          persona: { welcomeMessage: 'Welcome to Acme!' },
          branding: {
            displayName: 'Acme Helper',
            primaryColor: '#d7263d',
            accentColor: 'rgb(10 124 255)',
          },
        })
        .expect(200);
      await carol()
        .put(`/tenants/${tenantId}/agents/config-bot/config`, {
          persona: { welcomeMessage: 'Welcome to Acme, friend!' },
          behaviour: { temperature: 1.1 },
          branding: {
            displayName: 'Acme Helper',
            primaryColor: 'hsl(350 70% 50%)',
            textColor: 'white',
          },
        })
        .expect(200);

      const effective = await carol().get(
        `/tenants/${tenantId}/agents/config-bot/config/effective`,
      );
      expect(effective.status).toBe(200);
      expect(effective.body).toMatchObject({
        tenantId,
        defaultsRevision: 2,
        overlayRevision: 2,
      });
      expect(effective.body.config).toEqual({
        persona: {
          systemPrompt: 'Be brief and kind.',
          welcomeMessage: 'Welcome to Acme, friend!',
          starterPrompts: ['Track my order'],
        },
        behaviour: {
          temperature: 1.1,
          maxTokens: 500,
          allowedTools: ['search'],
        },
        branding: {
          displayName: 'Acme Helper',
          primaryColor: 'hsl(350 70% 50%)',
          textColor: 'white',
        },
      });

      const history = await carol().get(
        `/tenants/${tenantId}/agents/config-bot/config/history`,
      );
      expect(
        history.body.items.map((r: any) => r.config.persona.welcomeMessage),
      ).toEqual(['Welcome to Acme, friend!', 'Welcome to Acme!']);
    });

    it.each([
      [
        { branding: { primaryColor: 'url(javascript:alert(1))' } },
        'branding.primaryColor: must be a CSS colour',
      ],
      [
        { branding: { accentColor: '#12345' } },
        'branding.accentColor: must be a CSS colour',
      ],
      [
        { branding: { iconUrl: 'ftp://x.example/icon.png' } },
        'branding.iconUrl',
      ],
      [{ behaviour: { temperature: 3 } }, 'temperature'],
      [{ persona: { starterPrompts: Array(11).fill('hi') } }, 'starterPrompts'],
      [{ persona: { mood: 'grumpy' } }, 'mood'],
    ])(
      'rejects %j with a message naming the field, and saves nothing',
      async (body, message) => {
        const res = await carol().put(
          `/tenants/${tenantId}/agents/config-bot/config`,
          body,
        );
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(message);
        const current = await carol().get(
          `/tenants/${tenantId}/agents/config-bot/config`,
        );
        expect(current.body.revision).toBe(2);
      },
    );

    it('lets only owners and admins change the defaults', async () => {
      const bob = await registry
        .as('user:default/bob')
        .put('/agents/config-bot/config', { persona: {} });
      expect(bob.status).toBe(403);
      const paula = await registry
        .as('user:default/paula')
        .put('/agents/config-bot/config', {
          persona: {
            systemPrompt: 'Be brief and kind.',
            welcomeMessage: 'Hello!',
            starterPrompts: ['Track my order'],
          },
          behaviour: {
            temperature: 0.4,
            maxTokens: 500,
            allowedTools: ['search'],
          },
        });
      expect(paula.status).toBe(200);
      expect(paula.body.revision).toBe(3);
    });
  },
);
