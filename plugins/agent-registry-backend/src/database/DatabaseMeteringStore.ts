import type { Knex } from 'knex';
import { type TenantScope, whereInScope } from './DatabaseTenantStore';
import { orUndefined, parseJson, toIso } from './util';

/** A call as recorded before and after the runtime ran. */
export type UsageEvent = {
  id: string;
  tenantId: string;
  accessId: string;
  keyId: string;
  idempotencyKey: string;
  status: 'pending' | 'ok';
  quotaPeriod?: string;
  countedInQuota: boolean;
  chargedMicros: number;
  inputTokens?: number;
  outputTokens?: number;
  computeMs?: number;
  response?: unknown;
  occurredAt: string;
};

export type UsageTotals = {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  computeMs: number;
  chargedMicros: number;
};

export type DailyUsage = UsageTotals & {
  day: string;
  accessId: string;
  keyId: string;
};

function decodeEvent(row: Record<string, any>): UsageEvent {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    accessId: row.access_id,
    keyId: row.key_id,
    idempotencyKey: row.idempotency_key,
    status: row.status,
    quotaPeriod: orUndefined(row.quota_period),
    countedInQuota: Boolean(row.counted_in_quota),
    chargedMicros: Number(row.charged_micros),
    inputTokens: row.input_tokens ?? undefined,
    outputTokens: row.output_tokens ?? undefined,
    computeMs: row.compute_ms ?? undefined,
    response: row.response ? parseJson(row.response) : undefined,
    occurredAt: toIso(row.occurred_at),
  };
}

export type UsageResult = {
  inputTokens?: number;
  outputTokens?: number;
  computeMs: number;
  response: unknown;
};

const ROLLUP_SUMS = [
  'calls',
  'input_tokens',
  'output_tokens',
  'compute_ms',
  'charged_micros',
] as const;

function pendingRow(event: UsageEvent) {
  return {
    tenant_id: event.tenantId,
    id: event.id,
    access_id: event.accessId,
    key_id: event.keyId,
    idempotency_key: event.idempotencyKey,
    status: 'pending',
    quota_period: event.quotaPeriod ?? null,
    counted_in_quota: event.countedInQuota,
    charged_micros: event.chargedMicros,
    occurred_at: new Date(event.occurredAt),
  };
}

const totals = (row: Record<string, any> | undefined): UsageTotals => ({
  calls: Number(row?.calls ?? 0),
  inputTokens: Number(row?.input_tokens ?? 0),
  outputTokens: Number(row?.output_tokens ?? 0),
  computeMs: Number(row?.compute_ms ?? 0),
  chargedMicros: Number(row?.charged_micros ?? 0),
});

/**
 * The only code that reads and writes `quota_counters`, `usage_events` and `usage_rollups`.
 * The quota check is one conditional UPDATE, so with N concurrent calls and Q calls left,
 * exactly Q succeed, on any number of replicas sharing the database.
 */
export class DatabaseMeteringStore {
  constructor(private readonly db: Knex) {}

  /** Takes one call from the period's quota; false when none is left. */
  async takeFromQuota(
    tenantId: string,
    accessId: string,
    period: string,
    quota: number,
  ): Promise<boolean> {
    return (
      (await this.takeManyFromQuota(tenantId, accessId, period, quota, 1)) === 1
    );
  }

  /**
   * Takes up to `count` calls from the period's quota and says how many it got: all of them
   * in one statement while enough are left, one at a time at the quota's edge.
   */
  async takeManyFromQuota(
    tenantId: string,
    accessId: string,
    period: string,
    quota: number,
    count: number,
  ): Promise<number> {
    const take = async (n: number) =>
      Number(
        await this.db('quota_counters')
          .where({ tenant_id: tenantId, access_id: accessId, period })
          .where('used', '<=', quota - n)
          .increment('used', n),
      ) > 0;
    if (await take(count)) return count;
    // The period's first call creates its counter (a concurrent first call may too).
    await this.db('quota_counters')
      .insert({
        tenant_id: tenantId,
        access_id: accessId,
        period,
        used: 0,
        quota,
      })
      .onConflict(['tenant_id', 'access_id', 'period'])
      .ignore();
    if (await take(count)) return count;
    let taken = 0;
    while (taken < count && (await take(1))) taken++;
    return taken;
  }

  async giveBackToQuota(
    tenantId: string,
    accessId: string,
    period: string,
  ): Promise<void> {
    await this.db('quota_counters')
      .where({ tenant_id: tenantId, access_id: accessId, period })
      .where('used', '>', 0)
      .decrement('used', 1);
  }

  async quotaUsed(
    tenantId: string,
    accessId: string,
    period: string,
  ): Promise<number> {
    const row = await this.db('quota_counters')
      .where({ tenant_id: tenantId, access_id: accessId, period })
      .first('used');
    return Number(row?.used ?? 0);
  }

  /** Records a pending call; throws a unique-constraint error for a repeated idempotency key. */
  async insertPending(event: UsageEvent): Promise<void> {
    await this.db('usage_events').insert(pendingRow(event));
  }

  /**
   * Records pending calls in one statement and returns the ids it wrote; a call whose
   * idempotency key is already taken (by a row or an earlier call in the list) is skipped.
   */
  async insertPendingMany(events: UsageEvent[]): Promise<Set<string>> {
    if (!events.length) return new Set();
    const rows: { id: string }[] = await this.db('usage_events')
      .insert(events.map(pendingRow))
      .onConflict(['access_id', 'idempotency_key'])
      .ignore()
      .returning('id');
    return new Set(rows.map(row => row.id));
  }

  async findByIdempotencyKey(
    accessId: string,
    idempotencyKey: string,
  ): Promise<UsageEvent | undefined> {
    const found = await this.findByIdempotencyKeys([
      { accessId, idempotencyKey },
    ]);
    return found.get(`${accessId}\n${idempotencyKey}`);
  }

  /** Many idempotency lookups in one query, keyed `${accessId}\n${idempotencyKey}`. */
  async findByIdempotencyKeys(
    keys: { accessId: string; idempotencyKey: string }[],
  ): Promise<Map<string, UsageEvent>> {
    // Two plain IN lists use the unique index on every database (a list of row values
    // makes PostgreSQL plan one index scan per pair); the pairs are picked out below.
    const rows = await this.db('usage_events')
      .whereIn('access_id', [...new Set(keys.map(k => k.accessId))])
      .whereIn('idempotency_key', [
        ...new Set(keys.map(k => k.idempotencyKey)),
      ]);
    const wanted = new Set(keys.map(k => `${k.accessId}\n${k.idempotencyKey}`));
    return new Map(
      rows
        .map(row => [`${row.access_id}\n${row.idempotency_key}`, row] as const)
        .filter(([pair]) => wanted.has(pair))
        .map(([pair, row]) => [pair, decodeEvent(row)]),
    );
  }

  /** Completes a call and adds it to the day's rollup. */
  async complete(event: UsageEvent, result: UsageResult): Promise<void> {
    await this.completeMany([{ event, result }]);
  }

  /**
   * Completes calls and adds them to their days' rollups: one statement for the events
   * (an upsert on the primary key, the portable multi-row update) and one for the rollups,
   * summed per access, key and day first. A call released meanwhile as stale (its
   * process presumed dead) is written back as completed: it did run and answer.
   */
  async completeMany(
    calls: { event: UsageEvent; result: UsageResult }[],
  ): Promise<void> {
    if (!calls.length) return;
    await this.db('usage_events')
      .insert(
        calls.map(({ event, result }) => ({
          ...pendingRow(event),
          status: 'ok',
          input_tokens: result.inputTokens ?? null,
          output_tokens: result.outputTokens ?? null,
          compute_ms: result.computeMs,
          response: JSON.stringify(result.response),
        })),
      )
      .onConflict(['tenant_id', 'id'])
      .merge([
        'status',
        'input_tokens',
        'output_tokens',
        'compute_ms',
        'response',
      ]);

    const rollups = new Map<string, Record<string, string | number>>();
    for (const { event, result } of calls) {
      const day = event.occurredAt.slice(0, 10);
      const id = `${event.tenantId}\n${event.accessId}\n${event.keyId}\n${day}`;
      const row = rollups.get(id) ?? {
        tenant_id: event.tenantId,
        access_id: event.accessId,
        key_id: event.keyId,
        day,
        calls: 0,
        input_tokens: 0,
        output_tokens: 0,
        compute_ms: 0,
        charged_micros: 0,
      };
      (row.calls as number) += 1;
      (row.input_tokens as number) += result.inputTokens ?? 0;
      (row.output_tokens as number) += result.outputTokens ?? 0;
      (row.compute_ms as number) += result.computeMs;
      (row.charged_micros as number) += event.chargedMicros;
      rollups.set(id, row);
    }
    await this.db('usage_rollups')
      .insert([...rollups.values()])
      .onConflict(['tenant_id', 'access_id', 'key_id', 'day'])
      .merge(
        Object.fromEntries(
          ROLLUP_SUMS.map(column => [
            column,
            this.db.raw('?? + ??', [
              `usage_rollups.${column}`,
              `excluded.${column}`,
            ]),
          ]),
        ),
      );
  }

  async deletePending(tenantId: string, id: string): Promise<boolean> {
    const count = await this.db('usage_events')
      .where({ tenant_id: tenantId, id, status: 'pending' })
      .delete();
    return count > 0;
  }

  /** Calls left pending longer than the cutoff (their process died mid-call). */
  async stalePending(before: string, limit: number): Promise<UsageEvent[]> {
    const rows = await this.db('usage_events')
      .where({ status: 'pending' })
      .where('occurred_at', '<', new Date(before))
      .orderBy('occurred_at')
      .limit(limit);
    return rows.map(decodeEvent);
  }

  /** Daily usage within [from, to] (YYYY-MM-DD), scoped to tenants. */
  async daily(
    scope: TenantScope,
    filter: {
      tenantId?: string;
      accessIds?: string[];
      from: string;
      to: string;
    },
  ): Promise<DailyUsage[]> {
    const rows = await this.db('usage_rollups')
      .where(b => {
        whereInScope(b, scope);
        if (filter.tenantId) b.where('tenant_id', filter.tenantId);
        if (filter.accessIds)
          b.whereIn(
            'access_id',
            filter.accessIds.length ? filter.accessIds : [''],
          );
      })
      .whereBetween('day', [filter.from, filter.to])
      .orderBy([
        { column: 'day' },
        { column: 'access_id' },
        { column: 'key_id' },
      ]);
    return rows.map(r => ({
      day: r.day,
      accessId: r.access_id,
      keyId: r.key_id,
      ...totals(r),
    }));
  }

  /** Totals of one access between two days (inclusive), e.g. month to date. */
  async totals(
    tenantId: string,
    accessId: string,
    from: string,
    to: string,
  ): Promise<UsageTotals> {
    const row = await this.db('usage_rollups')
      .where({ tenant_id: tenantId, access_id: accessId })
      .whereBetween('day', [from, to])
      .sum({
        calls: 'calls',
        input_tokens: 'input_tokens',
        output_tokens: 'output_tokens',
        compute_ms: 'compute_ms',
        charged_micros: 'charged_micros',
      })
      .first();
    return totals(row);
  }
}
