import { createHash } from 'node:crypto';
import { HttpError, INVALID_API_KEY, MISSING_API_KEY } from './errors';

/**
 * A short, stable, non-reversible id of an API key, so recorded calls can
 * say which key was used without storing the secret.
 */
export function fingerprintApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/** Result of a successful key check. */
export interface Caller {
  /** Fingerprint of the key used, or null when auth is skipped and no key was sent. */
  apiKeyFingerprint: string | null;
}

/**
 * Langflow's `api_key_security`: the `x-api-key` query parameter wins over the
 * header, and every failure is a 403 (never 401) with one of two details.
 */
export class ApiKeyCheck {
  /** key → fingerprint, precomputed so the hot path never hashes a valid key. */
  private keys = new Map<string, string>();

  constructor(keys: readonly string[], private readonly skipAuth: boolean) {
    this.setKeys(keys);
  }

  setKeys(keys: readonly string[]): void {
    this.keys = new Map(keys.map(key => [key, fingerprintApiKey(key)]));
  }

  get count(): number {
    return this.keys.size;
  }

  check(
    headerKey: string | string[] | undefined,
    queryKey: string | null | undefined,
  ): Caller {
    const key =
      queryKey || (Array.isArray(headerKey) ? headerKey[0] : headerKey);
    if (!key) {
      // LANGFLOW_SKIP_AUTH_AUTO_LOGIN=true lets key-less calls run as the superuser.
      if (this.skipAuth) {
        return { apiKeyFingerprint: null };
      }
      throw new HttpError(403, MISSING_API_KEY);
    }
    const fingerprint = this.keys.get(key);
    if (fingerprint === undefined) {
      throw new HttpError(403, INVALID_API_KEY);
    }
    return { apiKeyFingerprint: fingerprint };
  }
}
