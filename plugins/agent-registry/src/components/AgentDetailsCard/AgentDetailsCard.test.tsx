import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { AgentDetailsCard } from './AgentDetailsCard';

const agent = {
  apiVersion: 'cmp.digitlify.com/v1alpha1',
  kind: 'Agent',
  metadata: {
    name: 'support-assistant',
    annotations: {
      'cmp.digitlify.com/waldur-offering-uuid':
        'e6f5d72476154e0085cd710c9e5eb144',
    },
  },
  spec: {
    type: 'chat-agent',
    lifecycle: 'production',
    owner: 'group:default/agent-builders',
    runtime: {
      type: 'langflow',
      flowId: '1511c230-d446-43a7-bfc3-539e69ce05b8',
      endpointName: 'support',
      resource: 'langflow-runtime',
    },
    persona: {
      systemPrompt: 'Be brief.',
      welcomeMessage: 'Hi there',
      starterPrompts: ['Where is my order?'],
    },
    plans: [
      {
        name: 'starter',
        title: 'Starter',
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
  },
};

describe('AgentDetailsCard', () => {
  it("shows the agent's type, runtime, persona and plans", async () => {
    await renderInTestApp(
      <EntityProvider entity={agent}>
        <AgentDetailsCard />
      </EntityProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('Chat agent')).toBeInTheDocument();
    expect(
      screen.getByText('1511c230-d446-43a7-bfc3-539e69ce05b8'),
    ).toBeInTheDocument();
    expect(screen.getByText('support')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'langflow-runtime' }),
    ).toHaveAttribute('href', '/catalog/default/resource/langflow-runtime');
    expect(screen.getByText('Be brief.')).toBeInTheDocument();
    expect(screen.getByText('Hi there')).toBeInTheDocument();
    expect(screen.getByText('Where is my order?')).toBeInTheDocument();
    expect(
      screen.getByText('e6f5d72476154e0085cd710c9e5eb144'),
    ).toBeInTheDocument();

    const rows = within(
      screen.getByRole('table', { name: 'Pricing plans' }),
    ).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getByText('Starter')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('1,000 calls included'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('29.00 EUR / month')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Unlimited calls')).toBeInTheDocument();
    // A plan without a title shows its name; the tier column shows the tier.
    expect(within(rows[2]).getAllByText('enterprise')).toHaveLength(2);
  });

  it('says when the agent is not on sale', async () => {
    const { annotations: _, ...metadata } = agent.metadata;
    await renderInTestApp(
      <EntityProvider entity={{ ...agent, metadata }}>
        <AgentDetailsCard />
      </EntityProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('Not on sale')).toBeInTheDocument();
  });

  it('renders nothing for other kinds', async () => {
    await renderInTestApp(
      <EntityProvider
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'c' },
        }}
      >
        <p>rendered</p>
        <AgentDetailsCard />
      </EntityProvider>,
    );
    expect(await screen.findByText('rendered')).toBeInTheDocument();
    expect(screen.queryByText('Agent')).not.toBeInTheDocument();
    expect(screen.queryByText('Pricing plans')).not.toBeInTheDocument();
  });
});
