import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  agentUpdatePermission,
  KEY_KINDS,
  type KeyKind,
} from '@cmp/plugin-agent-registry-common';
import { z } from 'zod/v3';
import type { AgentService } from '../agents/AgentService';
import type { AccessRecord } from '../database/DatabaseAccessStore';
import type { KeyRecord } from '../database/DatabaseKeyStore';
import type { RegistryStores } from '../database/RegistryDatabase';
import type { Caller } from '../service/Caller';
import { audited, type RegistryContext } from '../service/RegistryContext';
import { parseInput } from '../service/validation';
import { generateKey, hashKey } from './keyHash';

const origin = z
  .string()
  .regex(
    /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i,
    'must be an origin such as https://shop.example.com',
  );

export const createKeySchema = z
  .object({
    kind: z.enum(KEY_KINDS).default('api'),
    name: z.string().min(1).max(100).default('default'),
    expiresAt: z.string().datetime({ offset: true }).optional(),
    allowedOrigins: z.array(origin).min(1).max(50).optional(),
  })
  .strict()
  .refine(k => k.kind === 'widget' || !k.allowedOrigins, {
    message: 'only widget keys have allowed origins',
    path: ['allowedOrigins'],
  })
  .refine(k => k.kind !== 'widget' || k.allowedOrigins, {
    message: 'widget keys need the origins of the pages they are used on',
    path: ['allowedOrigins'],
  });

export const rotateKeySchema = z
  .object({
    overlapSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 3600)
      .default(24 * 3600),
  })
  .strict();

/** A key as the API shows it: never the secret, except once in `secret` at creation. */
export type KeyView = {
  id: string;
  accessId: string;
  kind: KeyKind;
  name: string;
  prefix: string;
  lastChars: string;
  state: 'active' | 'paused' | 'revoked' | 'expired';
  allowedOrigins?: string[];
  expiresAt?: string;
  replacedBy?: string;
  createdBy: string;
  createdAt: string;
  revokedAt?: string;
};

export function toKeyView(key: KeyRecord, now: Date): KeyView {
  const expired =
    key.state !== 'revoked' &&
    key.expiresAt !== undefined &&
    new Date(key.expiresAt) <= now;
  return {
    id: key.id,
    accessId: key.accessId,
    kind: key.kind,
    name: key.name,
    prefix: { api: 'agr_api_', mcp: 'agr_mcp_', widget: 'agr_pub_' }[key.kind],
    lastChars: key.lastChars,
    state: expired ? 'expired' : key.state,
    allowedOrigins: key.allowedOrigins,
    expiresAt: key.expiresAt,
    replacedBy: key.replacedBy,
    createdBy: key.createdBy,
    createdAt: key.createdAt,
    revokedAt: key.revokedAt,
  };
}

/** Issues a key inside a transaction; returns the record and the secret (shown once). */
export async function issueKey(
  stores: RegistryStores,
  access: Pick<AccessRecord, 'id' | 'tenantId'>,
  options: {
    id: string;
    kind: KeyKind;
    name: string;
    createdBy: string;
    now: string;
    expiresAt?: string;
    allowedOrigins?: string[];
  },
): Promise<{ record: KeyRecord; secret: string }> {
  const secret = generateKey(options.kind);
  const record: KeyRecord = {
    id: options.id,
    tenantId: access.tenantId,
    accessId: access.id,
    kind: options.kind,
    name: options.name,
    keyHash: hashKey(secret),
    lastChars: secret.slice(-4),
    state: 'active',
    allowedOrigins: options.allowedOrigins,
    expiresAt: options.expiresAt,
    createdBy: options.createdBy,
    createdAt: options.now,
  };
  await stores.keys.insert(record);
  return { record, secret };
}

/**
 * Key management for an access: its tenant's members, tenant admins and the owners of its
 * agent. Everything else answers 404.
 */
export class KeyService {
  constructor(
    private readonly ctx: RegistryContext,
    private readonly agents: AgentService,
  ) {}

  async list(
    caller: Caller,
    tenantId: string,
    accessId: string,
  ): Promise<KeyView[]> {
    const access = await this.accessFor(caller, tenantId, accessId);
    const keys = await this.ctx.db.stores.keys.listForAccess(
      access.tenantId,
      access.id,
    );
    return keys.map(k => toKeyView(k, this.ctx.now()));
  }

  async create(
    caller: Caller,
    tenantId: string,
    accessId: string,
    body: unknown,
  ): Promise<KeyView & { secret: string }> {
    const input = parseInput(createKeySchema, body);
    const access = await this.accessFor(caller, tenantId, accessId);
    if (access.state === 'terminated')
      throw new ConflictError(
        `Access ${accessId} has ended; it cannot get new keys`,
      );
    const now = this.ctx.now();
    if (input.expiresAt && new Date(input.expiresAt) <= now)
      throw new InputError('expiresAt must be in the future');
    return audited(
      this.ctx,
      caller,
      'key-create',
      { tenant: access.tenantId, access: access.id, kind: input.kind },
      async () => {
        const { record, secret } = await this.ctx.db.transaction(stores =>
          issueKey(stores, access, {
            id: this.ctx.newId(),
            createdBy: caller.actor,
            now: now.toISOString(),
            ...input,
          }),
        );
        return { ...toKeyView(record, now), secret };
      },
    );
  }

  /**
   * A new key replaces the old one, which keeps working for `overlapSeconds` so clients can
   * switch without downtime.
   */
  async rotate(
    caller: Caller,
    tenantId: string,
    keyId: string,
    body: unknown,
  ): Promise<KeyView & { secret: string }> {
    const { overlapSeconds } = parseInput(rotateKeySchema, body ?? {});
    const { key, access } = await this.keyFor(caller, tenantId, keyId);
    if (key.state === 'revoked')
      throw new ConflictError(
        `Key ${keyId} is revoked; create a new key instead`,
      );
    if (access.state === 'terminated')
      throw new ConflictError(`Access ${access.id} has ended`);
    const now = this.ctx.now();
    const overlapEnds = new Date(
      now.getTime() + overlapSeconds * 1000,
    ).toISOString();
    return audited(
      this.ctx,
      caller,
      'key-rotate',
      { tenant: access.tenantId, key: keyId, overlapSeconds },
      async () => {
        const { record, secret } = await this.ctx.db.transaction(
          async stores => {
            const issued = await issueKey(stores, access, {
              id: this.ctx.newId(),
              kind: key.kind,
              name: key.name,
              allowedOrigins: key.allowedOrigins,
              expiresAt: key.expiresAt,
              createdBy: caller.actor,
              now: now.toISOString(),
            });
            const keepUntil =
              key.expiresAt && key.expiresAt < overlapEnds
                ? key.expiresAt
                : overlapEnds;
            await stores.keys.update(access.tenantId, key.id, {
              expiresAt: keepUntil,
              replacedBy: issued.record.id,
            });
            return issued;
          },
        );
        return { ...toKeyView(record, now), secret };
      },
    );
  }

  /** Revoked keys stop working at once, on every replica (the gateway never caches keys). */
  async revoke(
    caller: Caller,
    tenantId: string,
    keyId: string,
  ): Promise<KeyView> {
    return this.setState(caller, tenantId, keyId, 'revoked', 'key-revoke');
  }

  async pause(
    caller: Caller,
    tenantId: string,
    keyId: string,
  ): Promise<KeyView> {
    return this.setState(caller, tenantId, keyId, 'paused', 'key-pause');
  }

  async restore(
    caller: Caller,
    tenantId: string,
    keyId: string,
  ): Promise<KeyView> {
    return this.setState(caller, tenantId, keyId, 'active', 'key-restore');
  }

  private async setState(
    caller: Caller,
    tenantId: string,
    keyId: string,
    state: KeyRecord['state'],
    eventId: string,
  ) {
    const { key, access } = await this.keyFor(caller, tenantId, keyId);
    if (key.state === 'revoked') {
      if (state === 'revoked') return toKeyView(key, this.ctx.now());
      throw new ConflictError(
        `Key ${keyId} is revoked; revoked keys cannot be ${
          state === 'active' ? 'restored' : 'paused'
        }`,
      );
    }
    return audited(
      this.ctx,
      caller,
      eventId,
      { tenant: access.tenantId, key: keyId },
      async () => {
        const now = this.ctx.now();
        await this.ctx.db.stores.keys.update(access.tenantId, keyId, {
          state,
          ...(state === 'revoked' ? { revokedAt: now.toISOString() } : {}),
        });
        return toKeyView(
          {
            ...key,
            state,
            ...(state === 'revoked' ? { revokedAt: now.toISOString() } : {}),
          },
          now,
        );
      },
    );
  }

  private async keyFor(caller: Caller, tenantId: string, keyId: string) {
    const key = await this.ctx.db.stores.keys.get(
      { all: false, tenantIds: [tenantId] },
      keyId,
    );
    if (!key)
      throw new NotFoundError(
        `No key ${JSON.stringify(keyId)} in tenant ${tenantId}`,
      );
    const access = await this.accessFor(caller, tenantId, key.accessId).catch(
      () => {
        throw new NotFoundError(
          `No key ${JSON.stringify(keyId)} in tenant ${tenantId}`,
        );
      },
    );
    return { key, access };
  }

  /** The access, if the caller acts for its tenant or owns its agent; else 404. */
  private async accessFor(
    caller: Caller,
    tenantId: string,
    accessId: string,
  ): Promise<AccessRecord> {
    const notFound = () =>
      new NotFoundError(
        `No access ${JSON.stringify(accessId)} in tenant ${tenantId}`,
      );
    const access = await this.ctx.db.stores.access.get(
      { all: false, tenantIds: [tenantId] },
      accessId,
    );
    if (!access) throw notFound();
    const scope = await this.ctx.accessControl.tenantScope(caller);
    if (scope.all || scope.tenantIds.includes(tenantId)) return access;
    const record = await this.ctx.db.stores.agents.get(access.agentId);
    if (record) {
      const { agent } = await this.agents
        .resolve(caller, record.id)
        .catch(() => ({ agent: undefined }));
      if (
        agent &&
        (await this.ctx.accessControl.isAllowed(
          caller,
          agentUpdatePermission,
          agent,
        ))
      )
        return access;
    }
    throw notFound();
  }
}
