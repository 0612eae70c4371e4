import type { SimulatorUser, WaldurSimulator } from './control';
import type {
  WaldurCategory,
  WaldurCustomer,
  WaldurProject,
  WaldurServiceProvider,
} from './types';

/**
 * A ready world for demos and end-to-end tests: a service provider
 * organization operated by the Agent Registry, an "AI Agents" category and
 * two buyer organizations with a project and an owner each. Demo tokens do
 * not expire (token_lifetime null, what Waldur recommends for service users).
 */

export interface DemoBuyer {
  customer: WaldurCustomer;
  project: WaldurProject;
  user: SimulatorUser;
}

export interface DemoWorld {
  provider: {
    customer: WaldurCustomer;
    serviceProvider: WaldurServiceProvider;
  };
  /** The registry's service user: owner of the provider organization (not staff). */
  registry: SimulatorUser;
  /** A staff user; its web hooks receive every event. */
  staff: SimulatorUser;
  category: WaldurCategory;
  buyers: DemoBuyer[];
}

export const DEMO_PASSWORD = 'demo-password';

export function seedDemoWorld(simulator: WaldurSimulator): DemoWorld {
  const user = (username: string, extra: { isStaff?: boolean } = {}) => ({
    username,
    password: DEMO_PASSWORD,
    tokenLifetime: null,
    ...extra,
  });

  const providerCustomer = simulator.createCustomer({
    name: 'Agent Registry Provider',
    abbreviation: 'ARP',
  });
  const serviceProvider = simulator.createServiceProvider({
    customer: providerCustomer.uuid,
    description: 'Publishes AI agents from the Agent Registry.',
  });
  const registry = simulator.createUser({
    ...user('agent-registry'),
    firstName: 'Agent',
    lastName: 'Registry',
    roles: [
      {
        scope: 'customer',
        uuid: providerCustomer.uuid,
        role: 'CUSTOMER.OWNER',
      },
    ],
  });
  const staff = simulator.createUser({
    ...user('staff', { isStaff: true }),
    firstName: 'Staff',
    lastName: 'User',
  });
  const category = simulator.createCategory({
    title: 'AI Agents',
    description: 'AI agents published by the Agent Registry.',
  });

  const buyers = [
    {
      org: 'Buyer Org A',
      abbreviation: 'BOA',
      username: 'alice',
      first: 'Alice',
    },
    { org: 'Buyer Org B', abbreviation: 'BOB', username: 'bob', first: 'Bob' },
  ].map(({ org, abbreviation, username, first }) => {
    const customer = simulator.createCustomer({ name: org, abbreviation });
    const project = simulator.createProject({
      customer: customer.uuid,
      name: `${org} agents`,
    });
    const buyer = simulator.createUser({
      ...user(username),
      firstName: first,
      lastName: 'Buyer',
      organization: org,
      roles: [
        { scope: 'customer', uuid: customer.uuid, role: 'CUSTOMER.OWNER' },
      ],
    });
    return { customer, project, user: buyer };
  });

  return {
    provider: { customer: providerCustomer, serviceProvider },
    registry,
    staff,
    category,
    buyers,
  };
}
