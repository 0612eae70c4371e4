import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';
import type { AgentService } from '../agents/AgentService';
import type {
  DailyUsage,
  UsageTotals,
} from '../database/DatabaseMeteringStore';
import { quotaFor, quotaPeriod } from '../gateway/quotaPeriod';
import type { Caller } from '../service/Caller';
import type { RegistryContext } from '../service/RegistryContext';
import { parseInput } from '../service/validation';
import type { TenantService } from '../tenancy/TenantService';
import { fromMicros } from '../wallet/money';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day such as 2026-11-01');
export const usageQuerySchema = z
  .object({ from: day.optional(), to: day.optional() })
  .strict();

const MAX_DAYS = 400;

function range(now: Date, query: { from?: string; to?: string }) {
  const to = query.to ?? now.toISOString().slice(0, 10);
  const from = query.from ?? `${to.slice(0, 7)}-01`;
  if (from > to) throw new InputError(`from (${from}) is after to (${to})`);
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_DAYS)
    throw new InputError(`ask for at most ${MAX_DAYS} days`);
  return { from, to };
}

const view = ({ chargedMicros, ...rest }: UsageTotals) => ({
  ...rest,
  charged: fromMicros(chargedMicros),
});

function sum(rows: UsageTotals[]): UsageTotals {
  return rows.reduce(
    (a, r) => ({
      calls: a.calls + r.calls,
      inputTokens: a.inputTokens + r.inputTokens,
      outputTokens: a.outputTokens + r.outputTokens,
      computeMs: a.computeMs + r.computeMs,
      chargedMicros: a.chargedMicros + r.chargedMicros,
    }),
    {
      calls: 0,
      inputTokens: 0,
      outputTokens: 0,
      computeMs: 0,
      chargedMicros: 0,
    },
  );
}

/** Usage read from the daily rollups: per key and per day for buyers, per day for sellers. */
export class UsageService {
  constructor(
    private readonly ctx: RegistryContext,
    private readonly agents: AgentService,
    private readonly tenants: TenantService,
  ) {}

  /** A tenant's usage by access, key and day, with each access's quota this period. */
  async forTenant(caller: Caller, tenantId: string, query: unknown) {
    const q = parseInput(usageQuerySchema, query ?? {});
    const tenant = await this.tenants.get(caller, tenantId);
    const now = this.ctx.now();
    const { from, to } = range(now, q);
    const scope = { all: false as const, tenantIds: [tenant.id] };
    const days: DailyUsage[] = await this.ctx.db.stores.metering.daily(scope, {
      tenantId: tenant.id,
      from,
      to,
    });
    const accesses = await this.ctx.db.stores.access.list(scope, {
      tenantId: tenant.id,
    });
    const quotas = [];
    for (const access of accesses) {
      const agent = await this.ctx.db.stores.agents.get(access.agentId);
      const plan = agent?.plans.find(p => p.name === access.plan);
      const { period, resetsAt } = quotaPeriod(now, access.billingCycle);
      quotas.push({
        accessId: access.id,
        plan: access.plan,
        period,
        used: await this.ctx.db.stores.metering.quotaUsed(
          tenant.id,
          access.id,
          period,
        ),
        quota: quotaFor(plan?.includedCalls, access.billingCycle) ?? null,
        resetsAt: resetsAt.toISOString(),
      });
    }
    return {
      tenantId: tenant.id,
      from,
      to,
      totals: view(sum(days)),
      days: days.map(d => ({
        day: d.day,
        accessId: d.accessId,
        keyId: d.keyId,
        ...view(d),
      })),
      quotas,
    };
  }

  /** An agent's usage per day across its customers: for its owners and admins. */
  async forAgent(caller: Caller, agentRef: string, query: unknown) {
    const q = parseInput(usageQuerySchema, query ?? {});
    const { record } = await this.agents.resolveForUpdate(caller, agentRef);
    const { from, to } = range(this.ctx.now(), q);
    const accesses = await this.ctx.db.stores.access.list(
      { all: true },
      { agentId: record.id },
    );
    const rows = await this.ctx.db.stores.metering.daily(
      { all: true },
      { accessIds: accesses.map(a => a.id), from, to },
    );
    const byDay = new Map<string, UsageTotals[]>();
    for (const r of rows) byDay.set(r.day, [...(byDay.get(r.day) ?? []), r]);
    return {
      agentId: record.id,
      from,
      to,
      totals: view(sum(rows)),
      customers: new Set(
        rows.map(r => accesses.find(a => a.id === r.accessId)?.tenantId),
      ).size,
      days: [...byDay.entries()].map(([d, list]) => ({
        day: d,
        ...view(sum(list)),
      })),
    };
  }
}
