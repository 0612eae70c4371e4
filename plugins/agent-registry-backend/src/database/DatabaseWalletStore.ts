import type { Knex } from 'knex';
import { runStatement } from './driverSql';
import { orUndefined, toIso, toOptionalIso } from './util';

export type WalletRecord = {
  tenantId: string;
  currency: string;
  balanceMicros: number;
  lowBalanceMicros?: number;
  lowBalanceNotifiedAt?: string;
  autoTopupBelowMicros?: number;
  autoTopupAmountMicros?: number;
  updatedAt: string;
};

export type WalletEntry = {
  id: string;
  kind: 'topup' | 'charge' | 'refund';
  amountMicros: number;
  balanceAfterMicros: number;
  reference?: string;
  createdBy: string;
  createdAt: string;
};

export type TopupRequest = {
  id: string;
  tenantId: string;
  amountMicros: number;
  reason: 'auto' | 'manual';
  state: 'open' | 'fulfilled' | 'cancelled';
  createdAt: string;
  fulfilledAt?: string;
};

// The gateway charges per call inside its own driver transactions (see driverSql).
const SQL = {
  get: {
    name: 'wallet_get',
    sql: 'SELECT * FROM wallets WHERE tenant_id = ?',
  },
  // One conditional UPDATE: a take that would go below zero changes nothing. Credit back
  // above the low-balance line arms the notification again.
  adjust: {
    name: 'wallet_adjust',
    sql: `UPDATE wallets SET balance_micros = balance_micros + CAST(? AS BIGINT),
      updated_at = ?, low_balance_notified_at = CASE WHEN CAST(? AS BIGINT) > 0
        THEN NULL ELSE low_balance_notified_at END
      WHERE tenant_id = ? AND balance_micros + CAST(? AS BIGINT) >= 0
      RETURNING balance_micros`,
  },
  addEntry: {
    name: 'wallet_add_entry',
    sql: `INSERT INTO wallet_entries (tenant_id, id, kind, amount_micros,
      balance_after_micros, reference, created_by, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  },
};

const num = (v: unknown) =>
  v === null || v === undefined ? undefined : Number(v);

function decode(row: Record<string, any>): WalletRecord {
  return {
    tenantId: row.tenant_id,
    currency: row.currency,
    balanceMicros: Number(row.balance_micros),
    lowBalanceMicros: num(row.low_balance_micros),
    lowBalanceNotifiedAt: toOptionalIso(row.low_balance_notified_at),
    autoTopupBelowMicros: num(row.auto_topup_below_micros),
    autoTopupAmountMicros: num(row.auto_topup_amount_micros),
    updatedAt: toIso(row.updated_at),
  };
}

/**
 * The only code that reads and writes `wallets`, `wallet_entries` and `topup_requests`.
 * Balance changes are single conditional UPDATEs, so concurrent charges can never take a
 * balance below zero; each change is written to the ledger in the same transaction.
 */
export class DatabaseWalletStore {
  constructor(private readonly db: Knex) {}

  async get(tenantId: string): Promise<WalletRecord | undefined> {
    const { rows } = await runStatement(this.db, SQL.get, [tenantId]);
    return rows[0] ? decode(rows[0]) : undefined;
  }

  async create(tenantId: string, currency: string, now: string): Promise<void> {
    await this.db('wallets')
      .insert({
        tenant_id: tenantId,
        currency,
        balance_micros: 0,
        updated_at: new Date(now),
      })
      .onConflict('tenant_id')
      .ignore();
  }

  async updateSettings(
    tenantId: string,
    settings: {
      lowBalanceMicros?: number | null;
      autoTopupBelowMicros?: number | null;
      autoTopupAmountMicros?: number | null;
    },
    now: string,
  ): Promise<void> {
    const row: Record<string, unknown> = { updated_at: new Date(now) };
    if (settings.lowBalanceMicros !== undefined)
      row.low_balance_micros = settings.lowBalanceMicros;
    if (settings.autoTopupBelowMicros !== undefined)
      row.auto_topup_below_micros = settings.autoTopupBelowMicros;
    if (settings.autoTopupAmountMicros !== undefined)
      row.auto_topup_amount_micros = settings.autoTopupAmountMicros;
    await this.db('wallets').where({ tenant_id: tenantId }).update(row);
  }

  /**
   * Adds (positive) or takes (negative) credit. A take that would go below zero changes
   * nothing and returns undefined; otherwise returns the new balance.
   */
  async adjust(
    tenantId: string,
    amountMicros: number,
    entry: {
      id: string;
      kind: WalletEntry['kind'];
      reference?: string;
      createdBy: string;
      createdAt: string;
    },
  ): Promise<number | undefined> {
    const { rows } = await runStatement(this.db, SQL.adjust, [
      amountMicros,
      new Date(entry.createdAt),
      amountMicros,
      tenantId,
      amountMicros,
    ]);
    if (!rows.length) return undefined;
    const balanceAfter = Number(rows[0].balance_micros);
    await runStatement(this.db, SQL.addEntry, [
      tenantId,
      entry.id,
      entry.kind,
      amountMicros,
      balanceAfter,
      entry.reference ?? null,
      entry.createdBy,
      new Date(entry.createdAt),
    ]);
    return balanceAfter;
  }

  /** Marks the low-balance notice as sent; true only for the first caller. */
  async claimLowBalanceNotice(tenantId: string, now: string): Promise<boolean> {
    const count = await this.db('wallets')
      .where({ tenant_id: tenantId })
      .whereNull('low_balance_notified_at')
      .update({ low_balance_notified_at: new Date(now) });
    return count > 0;
  }

  async entries(
    tenantId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: WalletEntry[]; totalCount: number }> {
    const query = this.db('wallet_entries').where({ tenant_id: tenantId });
    const [{ count }] = await query.clone().count({ count: '*' });
    const rows = await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(page.limit)
      .offset(page.offset);
    return {
      totalCount: Number(count),
      items: rows.map(r => ({
        id: r.id,
        kind: r.kind,
        amountMicros: Number(r.amount_micros),
        balanceAfterMicros: Number(r.balance_after_micros),
        reference: orUndefined(r.reference),
        createdBy: r.created_by,
        createdAt: toIso(r.created_at),
      })),
    };
  }

  /** Opens an automatic top-up request unless one is already open. */
  async openAutoTopup(request: TopupRequest): Promise<boolean> {
    const open = await this.db('topup_requests')
      .where({ tenant_id: request.tenantId, state: 'open', reason: 'auto' })
      .first();
    if (open) return false;
    await this.db('topup_requests').insert({
      tenant_id: request.tenantId,
      id: request.id,
      amount_micros: request.amountMicros,
      reason: request.reason,
      state: request.state,
      created_at: new Date(request.createdAt),
    });
    return true;
  }

  async listTopups(tenantId: string): Promise<TopupRequest[]> {
    const rows = await this.db('topup_requests')
      .where({ tenant_id: tenantId })
      .orderBy('created_at', 'desc');
    return rows.map(r => ({
      id: r.id,
      tenantId: r.tenant_id,
      amountMicros: Number(r.amount_micros),
      reason: r.reason,
      state: r.state,
      createdAt: toIso(r.created_at),
      fulfilledAt: toOptionalIso(r.fulfilled_at),
    }));
  }

  async fulfillTopup(
    tenantId: string,
    id: string,
    now: string,
  ): Promise<boolean> {
    const count = await this.db('topup_requests')
      .where({ tenant_id: tenantId, id, state: 'open' })
      .update({ state: 'fulfilled', fulfilled_at: new Date(now) });
    return count > 0;
  }
}
