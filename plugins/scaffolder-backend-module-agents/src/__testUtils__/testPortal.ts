import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// Tests run against the real registry, not a copy of its API.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import registryPlugin from '@cmp/plugin-agent-registry-backend';
import type { RegistryAgent } from '@cmp/plugin-agent-registry-common';
import {
  agentRegistryMarketplaceExtensionPoint,
  type MarketplaceConnector,
} from '@cmp/plugin-agent-registry-node';
import policyModule from '@cmp/plugin-permission-backend-module-agent-registry';
import agentsModule from '../index';
import { releasableDatabases } from './releasableDatabases';
import { useSameRealmFetch } from './sameRealmFetch';

/*
 * A portal backend for tests: the real scaffolder with this module, the real Agent
 * Registry, the real permission backend with the portal's policy and Backstage's real
 * actions services (so `agent-registry:*` steps run as in the portal). The catalog is a
 * fixed list of entities; users' groups come from MEMBERSHIPS.
 */

export const MEMBERSHIPS: Record<string, string[]> = {
  'user:default/alice': ['group:default/agent-builders'],
  'user:default/bob': ['group:default/other-team'],
};

const entity = (kind: string, name: string, spec: object = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name },
  spec,
});

export const CATALOG: Entity[] = [
  entity('Group', 'agent-builders', { type: 'team', children: [] }),
  entity('Group', 'other-team', { type: 'team', children: [] }),
  entity('Group', 'platform-admins', { type: 'team', children: [] }),
  entity('User', 'alice', { memberOf: ['agent-builders'] }),
  entity('User', 'bob', { memberOf: ['other-team'] }),
  entity('System', 'ai-agents', { owner: 'group:default/agent-builders' }),
];

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: any) {
      const userEntityRef = credentials.principal.userEntityRef;
      return {
        userEntityRef,
        ownershipEntityRefs: [
          userEntityRef,
          ...(MEMBERSHIPS[userEntityRef] ?? []),
        ],
      };
    },
  }),
});

/**
 * Mock auth, except that on-behalf-of tokens name the calling plugin as actor, as the real
 * auth service does; the permission backend needs that actor for conditional decisions.
 */
const authWithActorsFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }) => {
    const base = mockServices.auth({ pluginId: plugin.getId() });
    return Object.assign(Object.create(base), {
      async getPluginRequestToken(
        options: Parameters<typeof base.getPluginRequestToken>[0],
      ) {
        const principal = options.onBehalfOf.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type === 'user' && principal.userEntityRef) {
          return {
            token: mockCredentials.user.token(principal.userEntityRef, {
              actor: { subject: `plugin:${plugin.getId()}` },
            }),
          };
        }
        return base.getPluginRequestToken(options);
      },
    });
  },
});

/** A marketplace that remembers what it sells (the real one is the Waldur module). */
export class FakeMarketplace implements MarketplaceConnector {
  readonly id = 'fake';
  readonly published = new Map<string, RegistryAgent>();

  async start() {}

  async publishAgent(agent: RegistryAgent) {
    this.published.set(agent.id, agent);
    return { offeringId: `offering-${agent.name}` };
  }

  async unpublishAgent() {}
}

function marketplaceModule(marketplace: FakeMarketplace) {
  return createBackendModule({
    pluginId: 'agent-registry',
    moduleId: 'test-marketplace',
    register(reg) {
      reg.registerInit({
        deps: { marketplaces: agentRegistryMarketplaceExtensionPoint },
        async init({ marketplaces }) {
          marketplaces.addConnector(marketplace);
        },
      });
    },
  });
}

export const OFFERING_URL =
  'https://marketplace.example.com/offerings/{offeringId}';

export async function startTestPortal(
  options: { marketplace?: FakeMarketplace; entities?: Entity[] } = {},
) {
  const restoreFetch = useSameRealmFetch();
  const databases = releasableDatabases();
  const backend = await startTestBackend({
    features: [
      databases.factory,
      scaffolderPlugin,
      agentsModule,
      registryPlugin,
      permissionPlugin,
      policyModule,
      userInfoFactory,
      authWithActorsFactory,
      actionsRegistryServiceFactory,
      actionsServiceFactory,
      catalogServiceMock.factory({
        entities: [...CATALOG, ...(options.entities ?? [])],
      }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          backend: { actions: { pluginSources: ['agent-registry'] } },
          agentRegistry: {
            admins: ['group:default/platform-admins'],
            api: { validateResponses: true },
            catalogAdoption: { intervalSeconds: 3600 },
          },
          scaffolder: { agents: { offeringUrl: OFFERING_URL } },
        },
      }),
      ...(options.marketplace ? [marketplaceModule(options.marketplace)] : []),
    ],
  });
  const baseUrl = `http://localhost:${backend.server.port()}`;

  /** Calls the portal's API as a user, like the browser does. */
  const as = (userRef: string) => {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          Authorization: mockCredentials.user.header(userRef),
          ...(body !== undefined && { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: res.status, body: json };
    };
    return {
      get: (path: string) => call('GET', path),
      post: (path: string, body?: unknown) => call('POST', path, body),
    };
  };

  return {
    backend,
    baseUrl,
    as,
    stop: async () => {
      await backend.stop();
      databases.release();
      restoreFetch();
    },
  };
}

export type TestPortal = Awaited<ReturnType<typeof startTestPortal>>;

/** For setup calls (outside tests): the body, or an error with the registry's answer. */
export function expectStatus<T = any>(
  res: { status: number; body: unknown },
  status: number,
): T {
  if (res.status !== status) {
    throw new Error(
      `expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`,
    );
  }
  return res.body as T;
}
