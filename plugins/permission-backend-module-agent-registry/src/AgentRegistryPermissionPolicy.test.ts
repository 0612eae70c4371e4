import { mockCredentials } from '@backstage/backend-test-utils';
import type { UserInfoService } from '@backstage/backend-plugin-api';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  agentReadPermission,
  agentUpdatePermission,
  tenantAdminPermission,
} from '@cmp/plugin-agent-registry-common';
import { AgentRegistryPermissionPolicy } from './AgentRegistryPermissionPolicy';

// Ownership as the catalog would report it: the user plus the groups it belongs to.
const memberships: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/agent-builders'],
  'user:default/paula': ['user:default/paula', 'group:default/platform-admins'],
};
const userInfo: UserInfoService = {
  async getUserInfo(credentials: any) {
    const userEntityRef = credentials.principal.userEntityRef;
    return { userEntityRef, ownershipEntityRefs: memberships[userEntityRef] };
  },
};

const policy = new AgentRegistryPermissionPolicy({
  admins: ['group:default/platform-admins'],
  userInfo,
});
const as = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: [] },
});

describe('AgentRegistryPermissionPolicy', () => {
  it('allows members of an admin group everything', async () => {
    const decision = await policy.handle(
      { permission: catalogEntityDeletePermission },
      as('user:default/paula'),
    );
    expect(decision).toEqual({ result: 'ALLOW' });
  });

  it('limits entity deletion to what the user or its groups own', async () => {
    const decision = await policy.handle(
      { permission: catalogEntityDeletePermission },
      as('user:default/alice'),
    );
    expect(decision).toMatchObject({
      result: 'CONDITIONAL',
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        params: {
          claims: ['user:default/alice', 'group:default/agent-builders'],
        },
      },
    });
  });

  it('allows reading and denies requests without a user', async () => {
    await expect(
      policy.handle(
        { permission: catalogEntityReadPermission },
        as('user:default/alice'),
      ),
    ).resolves.toEqual({ result: 'ALLOW' });
    await expect(
      policy.handle({ permission: catalogEntityReadPermission }),
    ).resolves.toEqual({
      result: 'DENY',
    });
  });

  it('lets users change only the agents they or their groups own', async () => {
    const decision = await policy.handle(
      { permission: agentUpdatePermission },
      as('user:default/alice'),
    );
    expect(decision).toEqual({
      result: 'CONDITIONAL',
      pluginId: 'agent-registry',
      resourceType: 'agent-registry-agent',
      conditions: {
        rule: 'IS_AGENT_OWNER',
        resourceType: 'agent-registry-agent',
        params: {
          claims: ['user:default/alice', 'group:default/agent-builders'],
        },
      },
    });
    await expect(
      policy.handle(
        { permission: agentReadPermission },
        as('user:default/alice'),
      ),
    ).resolves.toEqual({ result: 'ALLOW' });
  });

  it('keeps tenant administration for admins', async () => {
    await expect(
      policy.handle(
        { permission: tenantAdminPermission },
        as('user:default/alice'),
      ),
    ).resolves.toEqual({ result: 'DENY' });
    await expect(
      policy.handle(
        { permission: tenantAdminPermission },
        as('user:default/paula'),
      ),
    ).resolves.toEqual({ result: 'ALLOW' });
  });
});
