import type {
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type ConditionalPolicyDecision,
  type PermissionCriteria,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  type RegistryAgent,
  tenantAdminPermission,
} from '@cmp/plugin-agent-registry-common';
import {
  agentPermissionResourceRef,
  type AgentQueryFilter,
} from '@cmp/plugin-agent-registry-node';
import type {
  DatabaseTenantStore,
  TenantScope,
} from '../database/DatabaseTenantStore';
import type { Caller } from './Caller';

/** `undefined`: no restriction; a criteria: restrict the query; `false`: nothing visible. */
export type AgentFilterDecision =
  | PermissionCriteria<AgentQueryFilter>
  | undefined
  | false;

/**
 * Applies the permission framework's decisions: conditional decisions on agents become
 * SQL filters (lists) or are evaluated on the loaded agent; tenant data is scoped to the
 * caller's tenants unless the caller holds the tenant admin permission.
 */
export class RegistryAccessControl {
  private readonly toQuery;
  private readonly authorizeResource;

  constructor(
    private readonly permissions: PermissionsService,
    permissionsRegistry: PermissionsRegistryService,
    private readonly tenants: DatabaseTenantStore,
  ) {
    const ruleset = permissionsRegistry.getPermissionRuleset(
      agentPermissionResourceRef,
    );
    this.toQuery = createConditionTransformer(ruleset);
    this.authorizeResource = createConditionAuthorizer(ruleset);
  }

  async agentFilter(
    caller: Caller,
    permission: ResourcePermission<'agent-registry-agent'>,
  ): Promise<AgentFilterDecision> {
    if (caller.buyer) return false;
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      {
        credentials: caller.credentials,
      },
    );
    if (decision.result === AuthorizeResult.ALLOW) return undefined;
    if (decision.result === AuthorizeResult.DENY) return false;
    return this.toQuery((decision as ConditionalPolicyDecision).conditions);
  }

  /** Whether the caller may act on this agent with the permission. */
  async isAllowed(
    caller: Caller,
    permission: ResourcePermission<'agent-registry-agent'>,
    agent: RegistryAgent,
  ): Promise<boolean> {
    if (caller.buyer) return false;
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      {
        credentials: caller.credentials,
      },
    );
    return this.authorizeResource(decision, agent);
  }

  /**
   * Throws unless allowed. `hide` answers 404 instead of 403, for reads, so that agents a
   * caller may not see are indistinguishable from agents that do not exist.
   */
  async assertAgent(
    caller: Caller,
    permission: ResourcePermission<'agent-registry-agent'>,
    agent: RegistryAgent,
    options: { hide?: boolean } = {},
  ): Promise<void> {
    if (!(await this.isAllowed(caller, permission, agent))) {
      if (options.hide) throw new NotFoundError(`No agent ${agent.entityRef}`);
      throw new NotAllowedError(
        `${caller.actor} may not ${permission.attributes.action ?? 'change'} ${
          agent.entityRef
        } (${permission.name})`,
      );
    }
  }

  async assertBasic(
    caller: Caller,
    permission: BasicPermission,
  ): Promise<void> {
    // Marketplace buyers hold no Backstage permissions.
    const decision = caller.buyer
      ? { result: AuthorizeResult.DENY }
      : (
          await this.permissions.authorize([{ permission }], {
            credentials: caller.credentials,
          })
        )[0];
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `${caller.actor} is not allowed to ${permission.name}`,
      );
    }
  }

  async isTenantAdmin(caller: Caller): Promise<boolean> {
    if (caller.buyer) return false;
    const [decision] = await this.permissions.authorize(
      [{ permission: tenantAdminPermission }],
      { credentials: caller.credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** The tenants whose data the caller may see. */
  async tenantScope(caller: Caller): Promise<TenantScope> {
    if (caller.buyer) return { all: false, tenantIds: caller.buyer.tenantIds };
    if (await this.isTenantAdmin(caller)) return { all: true };
    const tenantIds = caller.userRef
      ? await this.tenants.tenantIdsOfUser(caller.userRef)
      : [];
    return { all: false, tenantIds };
  }
}
