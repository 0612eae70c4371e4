/*
 * The templates run for real, as the Create page runs them (`POST /v2/tasks`), against
 * the real registry with a fake marketplace connector: outputs, what the registry holds
 * afterwards, and that a failing step leaves no half-created agent.
 */
import { asDataUrl, sampleFlow } from './__testUtils__/flows';
import { loadTemplate, runTemplate } from './__testUtils__/templates';
import {
  FakeMarketplace,
  startTestPortal,
  type TestPortal,
} from './__testUtils__/testPortal';

describe('templates, real runs', () => {
  const marketplace = new FakeMarketplace();
  let portal: TestPortal;
  const registry = (path: string) =>
    portal.as('user:default/alice').get(`/api/agent-registry/v1${path}`);

  beforeAll(async () => {
    portal = await startTestPortal({
      marketplace,
      entities: [
        loadTemplate('create-agent'),
        loadTemplate('release-agent-version'),
        loadTemplate('publish-agent-marketplace'),
      ],
    });
  });
  afterAll(() => portal.stop());

  const createValues = (overrides: Record<string, unknown> = {}) => ({
    name: 'support-bot',
    title: 'Support Bot',
    type: 'chat-agent',
    owner: 'group:default/agent-builders',
    lifecycle: 'production',
    flowFile: asDataUrl(sampleFlow(), 'support-bot.flow.json'),
    version: '1.0.0',
    changelog: 'First version',
    systemPrompt: 'You are Sam, a friendly support agent.',
    welcomeMessage: 'Hi, I am Sam.',
    currency: 'EUR',
    plans: [
      {
        name: 'starter',
        tier: 'starter',
        includedCalls: 1000,
        monthly: '29.00',
      },
    ],
    publishToMarketplace: true,
    ...overrides,
  });

  it('create-agent registers, publishes 1.0.0 and puts the agent on sale', async () => {
    const task = await runTemplate(portal, 'create-agent', createValues());
    expect(task.error).toBeUndefined();
    expect(task.status).toBe('completed');
    expect(task.output.links).toEqual([
      {
        title: 'Open the agent in the catalog',
        icon: 'catalog',
        entityRef: 'agent:default/support-bot',
      },
      {
        title: 'Open the marketplace offering',
        url: 'https://marketplace.example.com/offerings/offering-support-bot',
      },
    ]);
    expect(task.output.text[0].content).toContain(
      'It is on sale as marketplace offering `offering-support-bot`.',
    );
    const agent = await registry('/agents/support-bot');
    expect(agent.body).toMatchObject({
      lifecycle: 'production',
      defaultVersion: '1.0.0',
      waldurOfferingUuid: 'offering-support-bot',
    });
    const config = await registry('/agents/support-bot/config');
    expect(config.body.config.persona).toEqual({
      systemPrompt: 'You are Sam, a friendly support agent.',
      welcomeMessage: 'Hi, I am Sam.',
    });
  });

  it('create-agent fails on a bad upload before anything is created', async () => {
    const task = await runTemplate(
      portal,
      'create-agent',
      createValues({ name: 'broken-bot', flowFile: asDataUrl({ nodes: [] }) }),
    );
    expect(task.status).toBe('failed');
    expect(task.error).toContain(
      'The uploaded file flow.json is not a Langflow flow export',
    );
    expect((await registry('/agents/broken-bot')).status).toBe(404);
  });

  it('release-agent-version creates the version and the registry’s action publishes it', async () => {
    const flow = sampleFlow();
    flow.data.nodes[1].data.node.template.template.value =
      'Answer in one line.';
    const task = await runTemplate(portal, 'release-agent-version', {
      agent: 'agent:default/support-bot',
      flowFile: asDataUrl(flow),
      bump: 'minor',
      changelog: 'Shorter answers',
    });
    expect(task.error).toBeUndefined();
    expect(task.output.text[0].content).toContain(
      'version 1.1.0 is published (previous release: 1.0.0)',
    );
    const versions = await registry('/agents/support-bot/versions');
    expect(versions.body.items).toMatchObject([
      {
        version: '1.1.0',
        status: 'published',
        isDefault: true,
        changelog: 'Shorter answers',
      },
      { version: '1.0.0', status: 'published' },
    ]);

    const explicit = await runTemplate(portal, 'release-agent-version', {
      agent: 'agent:default/support-bot',
      flowFile: asDataUrl(flow),
      bump: 'explicit',
      version: '1.0.5',
    });
    expect(explicit.status).toBe('failed');
    expect(explicit.error).toBe(
      'Could not create version 1.0.5 of support-bot: version 1.0.5 must be greater than the latest released version 1.1.0 (the Agent Registry answered 400)',
    );
  });

  it('publish-agent-marketplace updates the offering', async () => {
    const task = await runTemplate(portal, 'publish-agent-marketplace', {
      agent: 'agent:default/support-bot',
    });
    expect(task.error).toBeUndefined();
    expect(task.output.text[0].content).toBe(
      '**agent:default/support-bot** is on sale as marketplace offering `offering-support-bot`.',
    );
    const agent = await registry('/agents/support-bot');
    expect(marketplace.published.get(agent.body.id)).toMatchObject({
      defaultVersion: '1.1.0',
    });
  });

  describe('when the registry has no marketplace', () => {
    let bare: TestPortal;
    beforeAll(async () => {
      bare = await startTestPortal({
        entities: [loadTemplate('create-agent')],
      });
    });
    afterAll(() => bare.stop());

    it('create-agent fails at the sale, leaving a complete agent, and says so', async () => {
      const task = await runTemplate(bare, 'create-agent', createValues());
      expect(task.status).toBe('failed');
      expect(task.error).toContain(
        'No marketplace is configured (or several: name one) (the Agent Registry answered 404). agent:default/support-bot itself is registered and unchanged',
      );
      // Registered in one transaction: published version and persona, nothing missing.
      const alice = bare.as('user:default/alice');
      const agent = await alice.get(
        '/api/agent-registry/v1/agents/support-bot',
      );
      expect(agent.body).toMatchObject({
        defaultVersion: '1.0.0',
        plans: [{ name: 'starter' }],
      });
      expect(agent.body.waldurOfferingUuid).toBeUndefined();
      const config = await alice.get(
        '/api/agent-registry/v1/agents/support-bot/config',
      );
      expect(config.body.config.persona.welcomeMessage).toBe('Hi, I am Sam.');
    });
  });
});
