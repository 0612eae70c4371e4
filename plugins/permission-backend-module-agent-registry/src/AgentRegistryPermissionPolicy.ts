import type { UserInfoService } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { unprocessedEntitiesDeletePermission } from '@backstage/plugin-catalog-unprocessed-entities-common';
import {
  AuthorizeResult,
  isPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  agentDeletePermission,
  agentUpdatePermission,
  tenantAdminPermission,
} from '@cmp/plugin-agent-registry-common';
import {
  agentRegistryConditions,
  createAgentRegistryConditionalDecision,
} from '@cmp/plugin-agent-registry-node';

/**
 * Admins (configured users or groups) may do everything. Other signed-in users may read
 * and create; they change or archive only the agents they (or their groups) own, delete
 * only catalog entities they own, and see only their own tenants' data. Deleting locations
 * and failed entities is an admin task. Requests without a user are denied.
 */
export class AgentRegistryPermissionPolicy implements PermissionPolicy {
  private readonly admins: Set<string>;
  private readonly userInfo: UserInfoService;

  constructor(options: { admins: string[]; userInfo: UserInfoService }) {
    this.admins = new Set(
      options.admins.map(ref => ref.toLocaleLowerCase('en-US')),
    );
    this.userInfo = options.userInfo;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    if (
      ownershipEntityRefs.some(ref =>
        this.admins.has(ref.toLocaleLowerCase('en-US')),
      )
    ) {
      return { result: AuthorizeResult.ALLOW };
    }

    if (
      isPermission(request.permission, catalogLocationDeletePermission) ||
      isPermission(request.permission, unprocessedEntitiesDeletePermission) ||
      isPermission(request.permission, tenantAdminPermission)
    ) {
      return { result: AuthorizeResult.DENY };
    }
    if (isPermission(request.permission, catalogEntityDeletePermission)) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    if (
      isPermission(request.permission, agentUpdatePermission) ||
      isPermission(request.permission, agentDeletePermission)
    ) {
      return createAgentRegistryConditionalDecision(
        request.permission,
        agentRegistryConditions.isAgentOwner({ claims: ownershipEntityRefs }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
