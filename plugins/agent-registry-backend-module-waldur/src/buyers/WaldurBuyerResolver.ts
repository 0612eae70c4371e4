import { AuthenticationError } from '@backstage/errors';
import type { BuyerIdentity } from '@cmp/plugin-agent-registry-node';
import { createHash } from 'node:crypto';
import { isWaldurApiError } from '../client/errors';
import type { WaldurClient } from '../client/WaldurClient';

/** `Token <key>`; Waldur matches the keyword case-insensitively. */
const TOKEN_HEADER = /^token\s+(\S+)\s*$/i;

/**
 * Buyer sign-in with the Waldur token HomePort holds: `Authorization: Token <key>` is
 * checked with Waldur (`GET /api/users/me/`) and the user's roles give the organisations
 * (customers) they act for — every role's `customer_uuid`, project roles included.
 *
 * Positive answers are cached briefly (keyed by a hash of the token, never the token) so
 * that a page of buyer requests costs one Waldur call; a revoked token therefore works
 * for at most `cacheMs` more. Failures are never cached.
 */
export class WaldurBuyerResolver {
  private readonly cache = new Map<
    string,
    { identity: BuyerIdentity; expires: number }
  >();

  constructor(
    private readonly options: {
      client: WaldurClient;
      cacheMs: number;
      maxEntries?: number;
      now?: () => number;
    },
  ) {}

  async resolve(authorization: string): Promise<BuyerIdentity | undefined> {
    const match = TOKEN_HEADER.exec(authorization.trim());
    // Bearer (registry API keys, Backstage tokens) and anything else is not ours.
    if (!match) return undefined;
    const key = createHash('sha256').update(match[1]).digest('hex');
    const now = (this.options.now ?? Date.now)();
    const cached = this.cache.get(key);
    if (cached && cached.expires > now) return cached.identity;
    this.cache.delete(key);

    let user;
    try {
      user = await this.options.client.me(match[1]);
    } catch (error) {
      if (isWaldurApiError(error, 401) || isWaldurApiError(error, 403)) {
        throw new AuthenticationError(
          `Waldur did not accept the token: ${error.waldurMessage}`,
        );
      }
      throw error;
    }
    if (user.is_active === false) {
      throw new AuthenticationError('The Waldur user is not active');
    }
    const identity: BuyerIdentity = {
      actor: `waldur:user:${user.uuid}`,
      customerIds: [
        ...new Set(
          (user.permissions ?? [])
            .map(permission => permission.customer_uuid)
            .filter((uuid): uuid is string => !!uuid),
        ),
      ].sort(),
    };
    if (this.options.cacheMs > 0) {
      this.remember(key, identity, now + this.options.cacheMs);
    }
    return identity;
  }

  private remember(key: string, identity: BuyerIdentity, expires: number) {
    const max = this.options.maxEntries ?? 1000;
    // Maps iterate in insertion order: the first keys are the oldest.
    while (this.cache.size >= max) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
    this.cache.set(key, { identity, expires });
  }
}
