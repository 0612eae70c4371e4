import {
  actionContext,
  actionOptions,
  outputsOf,
  workspaceWith,
} from '../__testUtils__/actionContext';
import { sampleFlow } from '../__testUtils__/flows';
import { startTestPortal, type TestPortal } from '../__testUtils__/testPortal';
import { createRegisterAction } from './register';

describe('agents:register', () => {
  let portal: TestPortal;
  let action: ReturnType<typeof createRegisterAction>;
  const registry = (path: string) =>
    portal.as('user:default/alice').get(`/api/agent-registry/v1${path}`);
  const withFlow = () =>
    workspaceWith({ 'flow.json': JSON.stringify(sampleFlow()) }).path;

  const input = (overrides: Record<string, unknown> = {}) => ({
    name: 'support-bot',
    title: 'Support Bot',
    type: 'chat-agent' as const,
    owner: 'group:default/agent-builders',
    system: 'system:default/ai-agents',
    version: '1.0.0',
    changelog: 'First version',
    persona: {
      name: 'Sam',
      systemPrompt: 'You are Sam.',
      welcomeMessage: 'Hi, I am Sam.',
      starterPrompts: ['Where is my order?', ''],
    },
    plans: [
      {
        name: 'starter',
        tier: 'starter' as const,
        includedCalls: 1000,
        monthly: '29.00',
        yearly: '290.00',
      },
      { name: 'enterprise', tier: 'enterprise' as const, monthly: '499.00' },
    ],
    currency: 'EUR',
    ...overrides,
  });

  beforeAll(async () => {
    portal = await startTestPortal();
    action = createRegisterAction(actionOptions(portal));
  });
  afterAll(() => portal.stop());

  it('registers the agent with its persona and plans, first version published', async () => {
    const ctx = actionContext(input(), { workspacePath: withFlow() });
    await action.handler(ctx);
    const outputs = outputsOf(ctx);
    expect(outputs).toEqual({
      entityRef: 'agent:default/support-bot',
      agentId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      version: '1.0.0',
      published: true,
    });

    const agent = await registry('/agents/support-bot');
    expect(agent.body).toMatchObject({
      id: outputs.agentId,
      title: 'Support Bot',
      description: 'Answers customer support questions about Acme Widgets.',
      owner: 'group:default/agent-builders',
      system: 'system:default/ai-agents',
      tags: ['chatbots', 'support'],
      defaultVersion: '1.0.0',
      runtime: {
        type: 'langflow',
        flowId: '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        endpointName: 'support-bot',
      },
      plans: [
        {
          name: 'starter',
          tier: 'starter',
          includedCalls: 1000,
          currency: 'EUR',
          prices: { monthly: '29.00', yearly: '290.00' },
        },
        {
          name: 'enterprise',
          tier: 'enterprise',
          currency: 'EUR',
          prices: { monthly: '499.00' },
        },
      ],
    });
    const config = await registry('/agents/support-bot/config');
    expect(config.body.config.persona).toEqual({
      name: 'Sam',
      systemPrompt: 'You are Sam.',
      welcomeMessage: 'Hi, I am Sam.',
      starterPrompts: ['Where is my order?'],
    });
    const versions = await registry('/agents/support-bot/versions');
    expect(versions.body.items).toMatchObject([
      { version: '1.0.0', status: 'published', changelog: 'First version' },
    ]);
  });

  it('leaves a draft when asked not to publish', async () => {
    const ctx = actionContext(
      input({ name: 'draft-bot', publish: false, version: '' }),
      { workspacePath: withFlow() },
    );
    await action.handler(ctx);
    expect(outputsOf(ctx)).toMatchObject({
      version: '1.0.0',
      published: false,
    });
    const agent = await registry('/agents/draft-bot');
    expect(agent.body.defaultVersion).toBeUndefined();
  });

  it('surfaces the registry’s message for an owner that does not exist', async () => {
    const ctx = actionContext(input({ name: 'orphan-bot', owner: 'nobody' }), {
      workspacePath: withFlow(),
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'Could not register agent orphan-bot: owner group:default/nobody does not exist in the catalog (expected a group or user) (the Agent Registry answered 400)',
    );
    expect((await registry('/agents/orphan-bot')).status).toBe(404);
  });

  it('surfaces the registry’s message for a name that is taken', async () => {
    const ctx = actionContext(input(), { workspacePath: withFlow() });
    await expect(action.handler(ctx)).rejects.toThrow(
      'Could not register agent support-bot: Agent agent:default/support-bot already exists (the Agent Registry answered 409)',
    );
  });

  it('refuses invalid input before calling the registry', async () => {
    const cases: [Record<string, unknown>, string | RegExp][] = [
      [
        { name: 'Support Bot' },
        'name must be lowercase letters, digits and dashes, e.g. "support-assistant" (got "Support Bot")',
      ],
      [
        { version: 'v2' },
        'version must be a semantic version such as 1.2.0 (got "v2")',
      ],
      [
        { plans: [{ name: 'starter', tier: 'starter' }] },
        'plans[0] (starter) needs at least one price: monthly, yearly or per call',
      ],
      [
        { plans: [{ name: 'starter', tier: 'starter', monthly: '29,00' }] },
        /^Agent "bad-bot" is invalid: spec\.plans\[0\]\.prices\.monthly must be a non-negative decimal amount/,
      ],
      [
        { owner: 'system:default/ai-agents' },
        /spec\.owner must refer to a group or user \(got "system:default\/ai-agents"\)/,
      ],
      [
        { forMarketplace: true, plans: [] },
        'To put the agent on sale it needs at least one pricing plan',
      ],
      [
        { forMarketplace: true, publish: false },
        'To put the agent on sale its first version must be published (publish: true)',
      ],
    ];
    for (const [overrides, message] of cases) {
      const ctx = actionContext(input({ name: 'bad-bot', ...overrides }), {
        workspacePath: withFlow(),
      });
      await expect(action.handler(ctx)).rejects.toThrow(message);
    }
    expect((await registry('/agents/bad-bot')).status).toBe(404);
  });

  it('checks everything in a dry run and creates nothing', async () => {
    const ok = actionContext(input({ name: 'dry-bot' }), {
      workspacePath: withFlow(),
      dryRun: true,
    });
    await action.handler(ok);
    expect(outputsOf(ok)).toEqual({
      entityRef: 'agent:default/dry-bot',
      agentId: '',
      version: '1.0.0',
      published: true,
    });
    expect((await registry('/agents/dry-bot')).status).toBe(404);

    const orphan = actionContext(input({ name: 'dry-bot', owner: 'nobody' }), {
      workspacePath: withFlow(),
      dryRun: true,
    });
    await expect(action.handler(orphan)).rejects.toThrow(
      'owner group:default/nobody does not exist in the catalog (expected a group or user)',
    );
    const taken = actionContext(input(), {
      workspacePath: withFlow(),
      dryRun: true,
    });
    await expect(action.handler(taken)).rejects.toThrow(
      'Agent agent:default/support-bot already exists',
    );
  });
});
