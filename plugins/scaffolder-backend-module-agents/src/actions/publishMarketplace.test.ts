import {
  actionContext,
  actionOptions,
  outputsOf,
  workspaceWith,
} from '../__testUtils__/actionContext';
import { sampleFlow } from '../__testUtils__/flows';
import {
  FakeMarketplace,
  startTestPortal,
  type TestPortal,
} from '../__testUtils__/testPortal';
import { createPublishMarketplaceAction } from './publishMarketplace';

const PLANS = [
  {
    name: 'starter',
    tier: 'starter',
    currency: 'EUR',
    prices: { monthly: '29.00' },
  },
];

async function register(portal: TestPortal, name: string, body: object = {}) {
  const res = await portal
    .as('user:default/alice')
    .post('/api/agent-registry/v1/agents', {
      name,
      type: 'chat-agent',
      owner: 'group:default/agent-builders',
      flow: sampleFlow(),
      version: '1.0.0',
      publish: true,
      plans: PLANS,
      ...body,
    });
  expect(res.status).toBe(201);
  return res.body;
}

describe('agents:publish-marketplace', () => {
  const workspacePath = workspaceWith().path;

  describe('with a marketplace', () => {
    const marketplace = new FakeMarketplace();
    let portal: TestPortal;
    beforeAll(async () => {
      portal = await startTestPortal({ marketplace });
    });
    afterAll(() => portal.stop());

    it('puts the agent on sale and links the offering', async () => {
      const agent = await register(portal, 'support-bot');
      const action = createPublishMarketplaceAction(actionOptions(portal));
      const ctx = actionContext(
        { agent: 'agent:default/support-bot' },
        { workspacePath },
      );
      await action.handler(ctx);
      expect(outputsOf(ctx)).toEqual({
        offeringId: 'offering-support-bot',
        offeringUrl:
          'https://marketplace.example.com/offerings/offering-support-bot',
        entityRef: 'agent:default/support-bot',
        agentId: agent.id,
      });
      expect(marketplace.published.get(agent.id)).toMatchObject({
        defaultVersion: '1.0.0',
        plans: PLANS,
      });
      const saved = await portal
        .as('user:default/alice')
        .get('/api/agent-registry/v1/agents/support-bot');
      expect(saved.body.waldurOfferingUuid).toBe('offering-support-bot');

      // Publishing again updates the same offering.
      await action.handler(
        actionContext({ agent: 'support-bot' }, { workspacePath }),
      );
      expect(marketplace.published.size).toBe(1);
    });

    it('refuses, with the registry’s reasons, agents that cannot be sold', async () => {
      const action = createPublishMarketplaceAction(actionOptions(portal));
      await register(portal, 'draft-bot', { publish: false });
      await register(portal, 'free-bot', { plans: [] });
      await expect(
        action.handler(
          actionContext({ agent: 'draft-bot' }, { workspacePath }),
        ),
      ).rejects.toThrow(
        'Could not put draft-bot on sale: agent:default/draft-bot has no published version to sell yet (the Agent Registry answered 409)',
      );
      await expect(
        action.handler(
          actionContext({ agent: 'free-bot' }, { workspacePath, dryRun: true }),
        ),
      ).rejects.toThrow('agent:default/free-bot has no pricing plans to sell');
      await expect(
        action.handler(
          actionContext(
            { agent: 'support-bot' },
            { workspacePath, user: 'user:default/bob' },
          ),
        ),
      ).rejects.toThrow(/\(the Agent Registry answered 403\)$/);
    });
  });

  describe('without a marketplace', () => {
    let portal: TestPortal;
    beforeAll(async () => {
      portal = await startTestPortal();
    });
    afterAll(() => portal.stop());

    it('says the agent is fine and what to do once one is connected', async () => {
      await register(portal, 'support-bot');
      const action = createPublishMarketplaceAction(actionOptions(portal));
      await expect(
        action.handler(
          actionContext({ agent: 'support-bot' }, { workspacePath }),
        ),
      ).rejects.toThrow(
        'Could not put support-bot on sale: No marketplace is configured (or several: name one) (the Agent Registry answered 404). agent:default/support-bot itself is registered and unchanged; once the platform team has connected the registry to a marketplace (e.g. agentRegistry.waldur in app-config), run "Publish an agent to the marketplace".',
      );
    });
  });
});
