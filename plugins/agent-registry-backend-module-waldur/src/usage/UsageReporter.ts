import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AgentAccess,
  AgentPlan,
  RegistryAgent,
} from '@cmp/plugin-agent-registry-common';
import type { BillableAccess } from '@cmp/plugin-agent-registry-node';
import type { WaldurResource } from '../client/types';
import type { WaldurClient } from '../client/WaldurClient';
import { USAGE_COMPONENT_TYPES } from '../publish/offeringSpec';
import type { ConnectorRegistryApi } from '../registryApi';
import type { WaldurProvider } from '../WaldurProvider';
import {
  isoDay,
  monthAmounts,
  openMonths,
  type BillingMonth,
} from './billingMonths';

/** Agent plans of accesses, read once per run. */
class PlanLookup {
  private readonly agents = new Map<
    string,
    Promise<RegistryAgent | undefined>
  >();

  constructor(private readonly registry: ConnectorRegistryApi) {}

  async get(
    access: Pick<BillableAccess, 'agentId' | 'plan'>,
  ): Promise<AgentPlan | undefined> {
    let agent = this.agents.get(access.agentId);
    if (!agent) {
      agent = this.registry.getAgent(access.agentId);
      this.agents.set(access.agentId, agent);
    }
    return (await agent)?.plans.find(plan => plan.name === access.plan);
  }
}

/** Waldur takes usage only for resources in these states. */
const REPORTABLE_STATES = ['OK', 'Updating', 'Terminating'];

export type UsageSummary = {
  reported: number;
  unchanged: number;
  skipped: number;
  failed: number;
};

type Existing = Map<string, Map<string, number>>;

/**
 * The scheduled usage task: for every billable access on one of our offerings, the
 * month-to-date calls and tokens go to Waldur with set_usage, one report per resource and
 * month. set_usage overwrites the month's value, so reports are cumulative and resending
 * is harmless; a run after an outage simply reports the current totals, including the
 * previous month while it is open (see billingMonths.ts). Reports equal to what Waldur
 * already has are skipped, as the site agent does.
 */
export class UsageReporter {
  constructor(
    private readonly options: {
      client: WaldurClient;
      provider: WaldurProvider;
      registry: () => ConnectorRegistryApi;
      logger: LoggerService;
      closeAfterDays: number;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  async runOnce(): Promise<UsageSummary> {
    const { client, provider, logger } = this.options;
    const registry = this.options.registry();
    const summary: UsageSummary = {
      reported: 0,
      unchanged: 0,
      skipped: 0,
      failed: 0,
    };
    const offerings = await provider.offerings();
    if (offerings.length === 0) return summary;
    const resources = new Map<string, WaldurResource>();
    // A few offerings per request keeps the query string short.
    for (let i = 0; i < offerings.length; i += 50) {
      const batch = offerings.slice(i, i + 50).map(o => o.uuid!);
      for (const resource of await client.listProviderResources({
        offering_uuid: batch,
      })) {
        resources.set(resource.uuid!, resource);
      }
    }
    const accesses = (await registry.listBillableAccess()).filter(access =>
      resources.has(access.externalResourceId),
    );
    const plans = new PlanLookup(registry);
    const now = this.now();
    for (const month of openMonths(now, this.options.closeAfterDays)) {
      const existing = await this.existing(
        offerings.map(o => o.uuid!),
        month,
      );
      let reportedThisMonth = 0;
      for (const access of accesses) {
        const resource = resources.get(access.externalResourceId)!;
        if (
          !REPORTABLE_STATES.includes(resource.state ?? '') ||
          access.createdAt.slice(0, 10) > month.lastDay
        ) {
          summary.skipped++;
          continue;
        }
        try {
          const outcome = await this.report(
            access,
            await plans.get(access),
            month,
            existing.get(access.externalResourceId),
          );
          summary[outcome]++;
          if (outcome === 'reported') reportedThisMonth++;
        } catch (error) {
          if ((error as Error).name === 'ServiceUnavailableError') throw error;
          summary.failed++;
          logger.warn(
            `Usage of access ${access.id} (Waldur resource ${access.externalResourceId}) for ${month.period} not reported: ${error}`,
          );
        }
      }
      if (!month.current && reportedThisMonth > 0) {
        await this.verifyBackdated(
          offerings.map(o => o.uuid!),
          month,
        );
      }
    }
    logger.info(
      `Waldur usage: ${summary.reported} reported, ${summary.unchanged} unchanged, ${summary.skipped} skipped, ${summary.failed} failed`,
    );
    return summary;
  }

  /**
   * The last report of a resource being terminated (it is Terminating until its order is
   * done, after which Waldur refuses usage).
   */
  async reportFinal(access: AgentAccess, resourceUuid: string): Promise<void> {
    const registry = this.options.registry();
    const plan = await new PlanLookup(registry).get(access);
    for (const month of openMonths(this.now(), this.options.closeAfterDays)) {
      if (access.createdAt.slice(0, 10) > month.lastDay) continue;
      await this.report(
        { ...access, externalResourceId: resourceUuid },
        plan,
        month,
        undefined,
      );
    }
  }

  private async report(
    access: AgentAccess & { externalResourceId: string },
    plan: AgentPlan | undefined,
    month: BillingMonth,
    known: Map<string, number> | undefined,
  ): Promise<'reported' | 'unchanged'> {
    const { client, logger } = this.options;
    const registry = this.options.registry();
    const amounts = await monthAmounts({
      access,
      plan,
      month,
      today: isoDay(this.now()),
      usageTotals: (id, from, to) => registry.usageTotals(id, from, to),
    });
    if (
      known &&
      USAGE_COMPONENT_TYPES.every(type => known.get(type) === amounts[type])
    ) {
      return 'unchanged';
    }
    for (const type of USAGE_COMPONENT_TYPES) {
      const before = known?.get(type);
      if (before !== undefined && amounts[type] < before) {
        // Overwriting is how Waldur works; a lower total means the registry corrected it.
        logger.warn(
          `Usage of ${type} for Waldur resource ${access.externalResourceId} in ${month.period} goes down from ${before} to ${amounts[type]}`,
        );
      }
    }
    await client.setUsage({
      resource: access.externalResourceId,
      usages: USAGE_COMPONENT_TYPES.map(type => ({
        type,
        amount: String(amounts[type]),
        recurring: false,
      })),
      // Without a date Waldur books the report in the current month.
      ...(month.current ? {} : { date: `${month.lastDay}T23:59:59Z` }),
    });
    return 'reported';
  }

  /** What Waldur already has for the month, per resource and component. */
  private async existing(
    offeringUuids: string[],
    month: BillingMonth,
  ): Promise<Existing> {
    const existing: Existing = new Map();
    for (const offering_uuid of offeringUuids) {
      const usages = await this.options.client.listComponentUsages({
        offering_uuid,
        billing_period: month.period,
      });
      for (const usage of usages) {
        const byType = existing.get(usage.resource_uuid!) ?? new Map();
        byType.set(usage.type!, Number(usage.usage));
        existing.set(usage.resource_uuid!, byType);
      }
    }
    return existing;
  }

  /**
   * Waldur 8.0.5 documents `date` for staff (and providers for limit components); if it
   * ignored ours, the previous month's totals went to this month and were overwritten by
   * this month's report right after. Say so instead of failing silently.
   */
  private async verifyBackdated(offeringUuids: string[], month: BillingMonth) {
    const stored = await this.existing(offeringUuids, month);
    if (stored.size === 0) {
      this.options.logger.warn(
        `Waldur did not book usage reported for ${month.period}: it may ignore set_usage's date for this user (needs staff rights in some Waldur versions); that month's usage stays as last reported during the month`,
      );
    }
  }
}
