import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { tenantAdminPermission } from '@cmp/plugin-agent-registry-common';
import { z } from 'zod/v3';
import type { WalletRecord } from '../database/DatabaseWalletStore';
import type { Caller } from '../service/Caller';
import { audited, type RegistryContext } from '../service/RegistryContext';
import { parseInput } from '../service/validation';
import type { TenantService } from '../tenancy/TenantService';
import { fromMicros, toMicros } from './money';

// Refinements run even when the pattern already failed, so parse defensively.
const isPositive = (a: string) => {
  try {
    return toMicros(a) > 0;
  } catch {
    return false;
  }
};

const amount = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,6})?$/, 'must be a decimal amount such as "50.00"');

export const topUpSchema = z
  .object({
    amount: amount.refine(isPositive, 'must be more than zero'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
    reference: z.string().max(255).optional(),
    topupRequestId: z.string().optional(),
  })
  .strict();

export const walletSettingsSchema = z
  .object({
    lowBalance: amount.nullable().optional(),
    autoTopup: z
      .object({
        below: amount,
        amount: amount.refine(isPositive, 'must be more than zero'),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();

export type WalletView = {
  tenantId: string;
  currency: string;
  balance: string;
  lowBalance?: string;
  lowBalanceNotified: boolean;
  autoTopup?: { below: string; amount: string };
  updatedAt: string;
};

export function toWalletView(w: WalletRecord): WalletView {
  return {
    tenantId: w.tenantId,
    currency: w.currency,
    balance: fromMicros(w.balanceMicros),
    lowBalance:
      w.lowBalanceMicros === undefined
        ? undefined
        : fromMicros(w.lowBalanceMicros),
    lowBalanceNotified: Boolean(w.lowBalanceNotifiedAt),
    autoTopup:
      w.autoTopupBelowMicros !== undefined &&
      w.autoTopupAmountMicros !== undefined
        ? {
            below: fromMicros(w.autoTopupBelowMicros),
            amount: fromMicros(w.autoTopupAmountMicros),
          }
        : undefined,
    updatedAt: w.updatedAt,
  };
}

/** Sends the one low-balance notice of a wallet to the tenant's members. */
export interface LowBalanceNotifier {
  notify(
    tenant: { id: string; name: string; members: string[] },
    wallet: WalletView,
  ): Promise<void>;
}

/** The prepaid credit wallet of a tenant: a ledger of top-ups, charges and refunds. */
export class WalletService {
  constructor(
    private readonly ctx: RegistryContext,
    private readonly tenants: TenantService,
    private readonly lowBalance: LowBalanceNotifier,
  ) {}

  async get(caller: Caller, tenantId: string): Promise<WalletView> {
    const tenant = await this.tenants.get(caller, tenantId);
    const wallet = await this.ctx.db.stores.wallets.get(tenant.id);
    if (!wallet)
      throw new NotFoundError(
        `Tenant ${tenantId} has no wallet yet; it is created by the first top-up`,
      );
    return toWalletView(wallet);
  }

  async entries(
    caller: Caller,
    tenantId: string,
    q: { limit?: number; offset?: number },
  ) {
    const tenant = await this.tenants.get(caller, tenantId);
    const page = { limit: Math.min(q.limit ?? 50, 500), offset: q.offset ?? 0 };
    const { items, totalCount } = await this.ctx.db.stores.wallets.entries(
      tenant.id,
      page,
    );
    return {
      ...page,
      totalCount,
      items: items
        .map(e => ({
          ...e,
          amount: fromMicros(e.amountMicros),
          balanceAfter: fromMicros(e.balanceAfterMicros),
        }))
        .map(({ amountMicros: _a, balanceAfterMicros: _b, ...rest }) => rest),
    };
  }

  async topups(caller: Caller, tenantId: string) {
    const tenant = await this.tenants.get(caller, tenantId);
    return (await this.ctx.db.stores.wallets.listTopups(tenant.id)).map(
      ({ amountMicros, ...r }) => ({ ...r, amount: fromMicros(amountMicros) }),
    );
  }

  /** Adds credit (admins; in production the marketplace's payment flow does this). */
  async topUp(
    caller: Caller,
    tenantId: string,
    body: unknown,
  ): Promise<WalletView> {
    const input = parseInput(topUpSchema, body);
    const tenant = await this.tenants.get(caller, tenantId);
    await this.ctx.accessControl.assertBasic(caller, tenantAdminPermission);
    return audited(
      this.ctx,
      caller,
      'wallet-topup',
      { tenant: tenant.id, amount: input.amount, currency: input.currency },
      () =>
        this.ctx.db.transaction(async stores => {
          const now = this.ctx.now().toISOString();
          await stores.wallets.create(tenant.id, input.currency, now);
          const wallet = (await stores.wallets.get(tenant.id))!;
          if (wallet.currency !== input.currency) {
            throw new InputError(
              `currency ${input.currency} does not match the wallet's currency ${wallet.currency}`,
            );
          }
          await stores.wallets.adjust(tenant.id, toMicros(input.amount), {
            id: this.ctx.newId(),
            kind: 'topup',
            reference: input.reference ?? input.topupRequestId,
            createdBy: caller.actor,
            createdAt: now,
          });
          if (
            input.topupRequestId &&
            !(await stores.wallets.fulfillTopup(
              tenant.id,
              input.topupRequestId,
              now,
            ))
          ) {
            throw new ConflictError(
              `Top-up request ${input.topupRequestId} is not open`,
            );
          }
          return toWalletView((await stores.wallets.get(tenant.id))!);
        }),
    );
  }

  /** Low-balance line and auto top-up rule; for the tenant's members and admins. */
  async updateSettings(
    caller: Caller,
    tenantId: string,
    body: unknown,
  ): Promise<WalletView> {
    const input = parseInput(walletSettingsSchema, body);
    const tenant = await this.tenants.get(caller, tenantId);
    const wallet = await this.ctx.db.stores.wallets.get(tenant.id);
    if (!wallet)
      throw new NotFoundError(
        `Tenant ${tenantId} has no wallet yet; it is created by the first top-up`,
      );
    const micros = (a: string | null | undefined) => {
      if (a === undefined) return undefined;
      return a === null ? null : toMicros(a);
    };
    await audited(
      this.ctx,
      caller,
      'wallet-settings',
      { tenant: tenant.id },
      () =>
        this.ctx.db.stores.wallets.updateSettings(
          tenant.id,
          {
            lowBalanceMicros: micros(input.lowBalance),
            autoTopupBelowMicros:
              input.autoTopup === undefined
                ? undefined
                : micros(input.autoTopup?.below ?? null),
            autoTopupAmountMicros:
              input.autoTopup === undefined
                ? undefined
                : micros(input.autoTopup?.amount ?? null),
          },
          this.ctx.now().toISOString(),
        ),
    );
    return toWalletView((await this.ctx.db.stores.wallets.get(tenant.id))!);
  }

  /**
   * After a charge: notify the tenant's members once when the balance falls below its line,
   * and open an automatic top-up request when the rule says so.
   */
  async afterCharge(tenantId: string): Promise<void> {
    const wallet = await this.ctx.db.stores.wallets.get(tenantId);
    if (!wallet) return;
    const now = this.ctx.now().toISOString();
    if (
      wallet.lowBalanceMicros !== undefined &&
      wallet.balanceMicros < wallet.lowBalanceMicros
    ) {
      if (
        await this.ctx.db.stores.wallets.claimLowBalanceNotice(tenantId, now)
      ) {
        const tenant = await this.ctx.db.stores.tenants.get(
          { all: true },
          tenantId,
        );
        const members = await this.ctx.db.stores.tenants.listMembers(tenantId);
        await this.lowBalance.notify(
          { id: tenantId, name: tenant?.name ?? tenantId, members },
          toWalletView(wallet),
        );
      }
    }
    if (
      wallet.autoTopupBelowMicros !== undefined &&
      wallet.autoTopupAmountMicros !== undefined &&
      wallet.balanceMicros < wallet.autoTopupBelowMicros
    ) {
      await this.ctx.db.stores.wallets.openAutoTopup({
        id: this.ctx.newId(),
        tenantId,
        amountMicros: wallet.autoTopupAmountMicros,
        reason: 'auto',
        state: 'open',
        createdAt: now,
      });
    }
  }
}
