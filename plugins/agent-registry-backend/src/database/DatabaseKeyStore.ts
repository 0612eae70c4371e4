import type { KeyKind } from '@cmp/plugin-agent-registry-common';
import type { Knex } from 'knex';
import { type TenantScope, whereInScope } from './DatabaseTenantStore';
import { orUndefined, parseJson, toIso, toOptionalIso } from './util';

export type KeyState = 'active' | 'paused' | 'revoked';

/** A key row, decoded. The key itself is never stored; only its hash. */
export type KeyRecord = {
  id: string;
  tenantId: string;
  accessId: string;
  kind: KeyKind;
  name: string;
  keyHash: string;
  lastChars: string;
  state: KeyState;
  allowedOrigins?: string[];
  expiresAt?: string;
  replacedBy?: string;
  createdBy: string;
  createdAt: string;
  revokedAt?: string;
};

export function decodeKey(row: Record<string, any>): KeyRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    accessId: row.access_id,
    kind: row.kind,
    name: row.name,
    keyHash: row.key_hash,
    lastChars: row.last_chars,
    state: row.state,
    allowedOrigins: row.allowed_origins
      ? parseJson(row.allowed_origins)
      : undefined,
    expiresAt: toOptionalIso(row.expires_at),
    replacedBy: orUndefined(row.replaced_by),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    revokedAt: toOptionalIso(row.revoked_at),
  };
}

/** The only code that writes `api_keys` (the gateway's joined read: DatabaseAdmissionStore). */
export class DatabaseKeyStore {
  constructor(private readonly db: Knex) {}

  async insert(key: KeyRecord): Promise<void> {
    await this.db('api_keys').insert({
      tenant_id: key.tenantId,
      id: key.id,
      access_id: key.accessId,
      kind: key.kind,
      name: key.name,
      key_hash: key.keyHash,
      last_chars: key.lastChars,
      state: key.state,
      allowed_origins: key.allowedOrigins
        ? JSON.stringify(key.allowedOrigins)
        : null,
      expires_at: key.expiresAt ? new Date(key.expiresAt) : null,
      created_by: key.createdBy,
      created_at: new Date(key.createdAt),
    });
  }

  /** The gateway's lookup: by hash, with no caching, so a revocation holds at once everywhere. */
  async getByHash(keyHash: string): Promise<KeyRecord | undefined> {
    const row = await this.db('api_keys').where({ key_hash: keyHash }).first();
    return row ? decodeKey(row) : undefined;
  }

  async get(scope: TenantScope, id: string): Promise<KeyRecord | undefined> {
    const row = await this.db('api_keys')
      .where({ id })
      .where(b => whereInScope(b, scope))
      .first();
    return row ? decodeKey(row) : undefined;
  }

  async listForAccess(
    tenantId: string,
    accessId: string,
  ): Promise<KeyRecord[]> {
    const rows = await this.db('api_keys')
      .where({ tenant_id: tenantId, access_id: accessId })
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
    return rows.map(decodeKey);
  }

  async update(
    tenantId: string,
    id: string,
    patch: {
      state?: KeyState;
      expiresAt?: string | null;
      replacedBy?: string;
      revokedAt?: string;
    },
  ): Promise<void> {
    const row: Record<string, unknown> = {};
    if (patch.state) row.state = patch.state;
    if (patch.expiresAt !== undefined)
      row.expires_at = patch.expiresAt ? new Date(patch.expiresAt) : null;
    if (patch.replacedBy) row.replaced_by = patch.replacedBy;
    if (patch.revokedAt) row.revoked_at = new Date(patch.revokedAt);
    await this.db('api_keys').where({ tenant_id: tenantId, id }).update(row);
  }

  /** Revokes the still-usable keys of an access that one actor issued; returns how many. */
  async revokeIssuedBy(
    tenantId: string,
    accessId: string,
    createdBy: string,
    now: string,
  ): Promise<number> {
    return this.db('api_keys')
      .where({
        tenant_id: tenantId,
        access_id: accessId,
        created_by: createdBy,
      })
      .whereNot('state', 'revoked')
      .update({ state: 'revoked', revoked_at: new Date(now) });
  }

  /** Revokes every key of an access (termination). */
  async revokeAllForAccess(
    tenantId: string,
    accessId: string,
    now: string,
  ): Promise<number> {
    return this.db('api_keys')
      .where({ tenant_id: tenantId, access_id: accessId })
      .whereNot('state', 'revoked')
      .update({ state: 'revoked', revoked_at: new Date(now) });
  }
}
