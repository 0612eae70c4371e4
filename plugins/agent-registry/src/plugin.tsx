import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** Runtime, persona and plans of an Agent, on its overview tab. */
export const agentDetailsEntityCard = EntityCardBlueprint.make({
  name: 'agent-details',
  params: {
    filter: { kind: 'agent' },
    loader: () =>
      import('./components/AgentDetailsCard').then(m => <m.AgentDetailsCard />),
  },
});

/** @public */
export const agentRegistryPlugin = createFrontendPlugin({
  pluginId: 'agent-registry',
  info: { packageJson: () => import('../package.json') },
  extensions: [agentDetailsEntityCard],
});
