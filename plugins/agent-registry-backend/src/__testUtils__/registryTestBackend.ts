import {
  type BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  type NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import policyModule from '@cmp/plugin-permission-backend-module-agent-registry';
import type { Knex } from 'knex';
import request from 'supertest';
import agentRegistryPlugin from '..';
import { authWithActorsFactory } from './authWithActors';

/** Who belongs to which group, as the catalog would say. */
export const MEMBERSHIPS: Record<string, string[]> = {
  'user:default/alice': ['group:default/agent-builders'],
  'user:default/bob': ['group:default/other-team'],
  'user:default/paula': ['group:default/platform-admins'],
  'user:default/carol': [],
  'user:default/dave': [],
};

const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name },
  spec: { type: 'team', children: [] },
});
const user = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name },
  spec: {},
});

export const CATALOG_ENTITIES: Entity[] = [
  group('agent-builders'),
  group('other-team'),
  group('platform-admins'),
  user('alice'),
  user('bob'),
];

/** Backstage's user info, answered from {@link MEMBERSHIPS} instead of a catalog. */
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
 * The registry plugin with the real permission backend and the portal's policy
 * (admins: group:default/platform-admins), on the given database, with every answer
 * checked against the OpenAPI document. `features` adds further plugins or services, such
 * as the MCP actions plugin.
 */
export async function startRegistryBackend(
  knex: Knex,
  options: {
    entities?: Entity[];
    config?: Record<string, unknown>;
    /** Merged into the `agentRegistry` config section. */
    registryConfig?: Record<string, unknown>;
    features?: BackendFeature[];
  } = {},
) {
  const notifications: NotificationSendOptions[] = [];
  const backend = await startTestBackend({
    features: [
      agentRegistryPlugin,
      permissionPlugin,
      policyModule,
      userInfoFactory,
      authWithActorsFactory,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({
        entities: options.entities ?? CATALOG_ENTITIES,
      }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          agentRegistry: {
            admins: ['group:default/platform-admins'],
            api: { validateResponses: true },
            catalogAdoption: { intervalSeconds: 3600 },
            ...options.registryConfig,
          },
          ...options.config,
        },
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (n: NotificationSendOptions) => {
            notifications.push(n);
          },
        }),
      }),
      ...(options.features ?? []),
    ],
  });

  const base = '/api/agent-registry/v1';
  const as = (userRef: string) => {
    const auth = mockCredentials.user.header(userRef);
    return {
      get: (path: string) =>
        request(backend.server)
          .get(base + path)
          .set('Authorization', auth),
      post: (path: string, body?: object) =>
        request(backend.server)
          .post(base + path)
          .set('Authorization', auth)
          .send(body),
      put: (path: string, body?: object) =>
        request(backend.server)
          .put(base + path)
          .set('Authorization', auth)
          .send(body),
      patch: (path: string, body?: object) =>
        request(backend.server)
          .patch(base + path)
          .set('Authorization', auth)
          .send(body),
    };
  };
  /** A client of the key-authenticated entrances (gateway, OpenAI, MCP). */
  const withKey = (key?: string) => ({
    post: (path: string, body?: object) => {
      const req = request(backend.server).post(base + path);
      return (key ? req.set('Authorization', `Bearer ${key}`) : req).send(body);
    },
    get: (path: string) => {
      const req = request(backend.server).get(base + path);
      return key ? req.set('Authorization', `Bearer ${key}`) : req;
    },
  });
  return { backend, as, withKey, notifications, stop: () => backend.stop() };
}
