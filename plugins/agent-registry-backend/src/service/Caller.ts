import type {
  AuthService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';

/** Who is calling the registry, resolved once per request or action. */
export type Caller = {
  credentials: BackstageCredentials;
  /** Recorded in audit events and `created_by` columns. */
  actor: string;
  /** Set for users; tenant membership is looked up by it. */
  userRef?: string;
  /** The user and the groups it belongs to (catalog ownership claims). */
  ownershipRefs: string[];
  /**
   * Set for buyers signed in through a marketplace (e.g. a Waldur token from HomePort):
   * the tenants they act for. Buyers hold no Backstage permissions.
   */
  buyer?: { tenantIds: string[] };
};

export async function resolveCaller(
  credentials: BackstageCredentials,
  services: { auth: AuthService; userInfo: UserInfoService },
): Promise<Caller> {
  if (services.auth.isPrincipal(credentials, 'user')) {
    const info = await services.userInfo.getUserInfo(credentials);
    return {
      credentials,
      actor: info.userEntityRef,
      userRef: info.userEntityRef,
      ownershipRefs: info.ownershipEntityRefs,
    };
  }
  if (services.auth.isPrincipal(credentials, 'service')) {
    return {
      credentials,
      actor: credentials.principal.subject,
      ownershipRefs: [],
    };
  }
  return { credentials, actor: 'anonymous', ownershipRefs: [] };
}
