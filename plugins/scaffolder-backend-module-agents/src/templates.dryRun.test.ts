/*
 * Each template in templates/ dry-run through the scaffolder's own dry-run endpoint
 * against the real registry: form validation, every step's checks and outputs, and that
 * a dry run creates nothing.
 */
import { asDataUrl, sampleFlow } from './__testUtils__/flows';
import { dryRun, loadTemplate } from './__testUtils__/templates';
import {
  expectStatus,
  startTestPortal,
  type TestPortal,
} from './__testUtils__/testPortal';

const createValues = (overrides: Record<string, unknown> = {}) => ({
  name: 'support-bot',
  title: 'Support Bot',
  type: 'chat-agent',
  owner: 'group:default/agent-builders',
  system: 'system:default/ai-agents',
  lifecycle: 'experimental',
  flowFile: asDataUrl(sampleFlow(), 'support-bot.flow.json'),
  version: '1.0.0',
  changelog: 'First version',
  personaName: 'Sam',
  systemPrompt: 'You are Sam, a friendly support agent.',
  welcomeMessage: 'Hi, I am Sam. How can I help?',
  starterPrompts: ['Where is my order?'],
  currency: 'EUR',
  plans: [
    {
      name: 'starter',
      tier: 'starter',
      includedCalls: 1000,
      monthly: '29.00',
      yearly: '290.00',
    },
    { name: 'enterprise', tier: 'enterprise', monthly: '499.00' },
  ],
  publishToMarketplace: true,
  ...overrides,
});

describe('templates, dry run', () => {
  let portal: TestPortal;
  const alice = () => portal.as('user:default/alice');

  beforeAll(async () => {
    portal = await startTestPortal();
    // An agent alice's team owns, with 1.0.0 published and a 1.1.0 draft.
    const flow = sampleFlow();
    const created = await alice().post('/api/agent-registry/v1/agents', {
      name: 'faq-bot',
      type: 'chat-agent',
      owner: 'group:default/agent-builders',
      flow,
      version: '1.0.0',
      publish: true,
      plans: [
        {
          name: 'starter',
          tier: 'starter',
          currency: 'EUR',
          prices: { monthly: '29.00' },
        },
      ],
    });
    expectStatus(created, 201);
    const draft = await alice().post(
      '/api/agent-registry/v1/agents/faq-bot/versions',
      { version: '1.1.0', flow },
    );
    expectStatus(draft, 201);
    // One without plans or a published version.
    const bare = await alice().post('/api/agent-registry/v1/agents', {
      name: 'bare-bot',
      type: 'assistant',
      owner: 'group:default/agent-builders',
      flow,
    });
    expectStatus(bare, 201);
  });
  afterAll(() => portal.stop());

  describe('create-agent', () => {
    const template = loadTemplate('create-agent');

    it('checks the flow, validates the agent and creates nothing', async () => {
      const res = await dryRun(portal, template, createValues());
      expect(res.status).toBe(200);
      expect(res.body.steps.map((s: any) => s.id)).toEqual([
        'flow',
        'register',
        'marketplace',
      ]);
      expect(res.messages).toEqual(
        expect.arrayContaining([
          expect.stringContaining(
            'Flow "Support Bot" (6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d): 4 components, inputs ChatInput, outputs ChatOutput',
          ),
          expect.stringContaining(
            'Dry run: agent:default/support-bot (owner group:default/agent-builders, 2 plans) is valid and its name is free; it would be registered with version 1.0.0 published. Nothing was created.',
          ),
          // Nothing to put on sale in a dry run.
          'Skipping step marketplace because its if condition was false',
        ]),
      );
      expect(res.files).toEqual(['flow.json']);
      expect(res.body.output.links).toEqual([
        {
          title: 'Open the agent in the catalog',
          icon: 'catalog',
          entityRef: 'agent:default/support-bot',
        },
        { title: 'Open the marketplace offering' },
      ]);
      expect(res.body.output.text[0].content).toContain(
        '**agent:default/support-bot** is registered; version 1.0.0 is published.',
      );

      const agent = await alice().get(
        '/api/agent-registry/v1/agents/support-bot',
      );
      expect(agent.status).toBe(404);
    });

    it('refuses a file that is not a Langflow export, saying what to do', async () => {
      const res = await dryRun(
        portal,
        template,
        createValues({
          flowFile: asDataUrl({ name: 'notes', items: [] }, 'notes.json'),
        }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'The uploaded file notes.json is not a Langflow flow export: flow.data is required: a Langflow export has data.nodes and data.edges. In Langflow, open the flow, choose Export and save it as JSON, then use that file.',
      );
      const notJson = await dryRun(
        portal,
        template,
        createValues({ flowFile: asDataUrl('name,price\nx,1', 'plans.csv') }),
      );
      expect(notJson.body.error.message).toMatch(
        /^The uploaded file plans.csv is not JSON \(.+\), so it is not a Langflow flow export\./s,
      );
    });

    it('catches bad input in the form before any step runs', async () => {
      const res = await dryRun(
        portal,
        template,
        createValues({
          name: 'Support Bot',
          version: 'v1',
          plans: [{ name: 'starter', tier: 'starter', monthly: 'lots' }],
        }),
      );
      expect(res.status).toBe(400);
      const problems = res.body.errors.map(
        (e: any) => `${e.property} ${e.message}`,
      );
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^instance.name does not match pattern/),
        ]),
      );
      // Each parameter page is checked on its own; the next pages too.
      const page2 = await dryRun(
        portal,
        template,
        createValues({ version: 'v1' }),
      );
      expect(page2.status).toBe(400);
      expect(JSON.stringify(page2.body.errors)).toContain('instance.version');
      const page4 = await dryRun(
        portal,
        template,
        createValues({
          plans: [{ name: 'starter', tier: 'starter', monthly: 'lots' }],
        }),
      );
      expect(page4.status).toBe(400);
      expect(JSON.stringify(page4.body.errors)).toContain(
        'instance.plans[0].monthly',
      );
    });

    it('refuses an owner the catalog does not know, as the registry would', async () => {
      const res = await dryRun(
        portal,
        template,
        createValues({ owner: 'group:default/nobody' }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'owner group:default/nobody does not exist in the catalog (expected a group or user)',
      );
    });

    it('refuses a name that is taken', async () => {
      const res = await dryRun(
        portal,
        template,
        createValues({ name: 'faq-bot' }),
      );
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(
        'Agent agent:default/faq-bot already exists',
      );
    });

    it('refuses to sell an agent without plans before registering it', async () => {
      const res = await dryRun(portal, template, createValues({ plans: [] }));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'To put the agent on sale it needs at least one pricing plan',
      );
      const unsold = await dryRun(
        portal,
        template,
        createValues({ plans: [], publishToMarketplace: false }),
      );
      expect(unsold.status).toBe(200);
    });
  });

  describe('release-agent-version', () => {
    const template = loadTemplate('release-agent-version');
    const values = (overrides: Record<string, unknown> = {}) => ({
      agent: 'agent:default/faq-bot',
      flowFile: asDataUrl(sampleFlow()),
      bump: 'minor',
      changelog: 'Shorter answers',
      ...overrides,
    });

    it('computes the next version and leaves publishing to the registry action', async () => {
      const res = await dryRun(portal, template, values());
      expect(res.status).toBe(200);
      expect(res.messages).toEqual(
        expect.arrayContaining([
          // 1.1.0 is only a draft: it is replaced by this release, not skipped.
          expect.stringContaining(
            'Dry run: agent:default/faq-bot would get version 1.1.0 (latest released: 1.0.0) as a draft. Nothing was changed.',
          ),
          expect.stringContaining(
            'Skipping because agent-registry:publish-version does not support dry-run',
          ),
        ]),
      );
      expect(res.body.output.text[0].content).toContain(
        'version 1.1.0 is published (previous release: 1.0.0)',
      );
      const major = await dryRun(portal, template, values({ bump: 'major' }));
      expect(major.messages).toEqual(
        expect.arrayContaining([
          expect.stringContaining('would get version 2.0.0'),
        ]),
      );
      const versions = await alice().get(
        '/api/agent-registry/v1/agents/faq-bot/versions',
      );
      expect(versions.body.items.map((v: any) => v.version)).toEqual([
        '1.1.0',
        '1.0.0',
      ]);
    });

    it('takes an explicit version and refuses one that is not above the latest release', async () => {
      const ok = await dryRun(
        portal,
        template,
        values({ bump: 'explicit', version: '3.0.0-rc.1' }),
      );
      expect(ok.status).toBe(200);
      expect(ok.messages).toEqual(
        expect.arrayContaining([
          expect.stringContaining('would get version 3.0.0-rc.1'),
        ]),
      );
      const low = await dryRun(
        portal,
        template,
        values({ bump: 'explicit', version: '0.9.0' }),
      );
      expect(low.status).toBe(400);
      expect(low.body.error.message).toBe(
        'version 0.9.0 must be greater than the latest released version 1.0.0',
      );
      const missing = await dryRun(
        portal,
        template,
        values({ bump: 'explicit' }),
      );
      expect(missing.status).toBe(400);
    });

    it('fails for an agent that does not exist', async () => {
      const res = await dryRun(
        portal,
        template,
        values({ agent: 'agent:default/ghost' }),
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(
        /^Could not read agent ghost: .*ghost.* \(the Agent Registry answered 404\)$/,
      );
    });
  });

  describe('publish-agent-marketplace', () => {
    const template = loadTemplate('publish-agent-marketplace');

    it('checks that the agent can be sold', async () => {
      const res = await dryRun(portal, template, {
        agent: 'agent:default/faq-bot',
      });
      expect(res.status).toBe(200);
      expect(res.messages).toEqual(
        expect.arrayContaining([
          expect.stringContaining(
            'Dry run: agent:default/faq-bot (version 1.0.0, 1 plans) can be offered; nothing was published',
          ),
        ]),
      );
      const bare = await dryRun(portal, template, {
        agent: 'agent:default/bare-bot',
      });
      expect(bare.status).toBe(409);
      expect(bare.body.error.message).toBe(
        'agent:default/bare-bot has no published version to sell yet',
      );
    });

    it('catches a malformed marketplace name in the form', async () => {
      const res = await dryRun(portal, template, {
        agent: 'agent:default/faq-bot',
        marketplace: 'Waldur Prod',
      });
      expect(res.status).toBe(400);
    });
  });
});
