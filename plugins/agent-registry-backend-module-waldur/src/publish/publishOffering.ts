import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import type { RegistryAgent } from '@cmp/plugin-agent-registry-common';
import { isWaldurApiError } from '../client/errors';
import type {
  WaldurComponentRequest,
  WaldurOffering,
  WaldurPlan,
} from '../client/types';
import type { WaldurClient } from '../client/WaldurClient';
import type { WaldurProvider } from '../WaldurProvider';
import { sameAmount } from '../util/decimal';
import { KeyedMutex } from '../util/KeyedMutex';
import {
  OFFERING_COMPONENTS,
  offeringTexts,
  parsePlanBackendId,
  planSpecs,
  type PlanSpec,
} from './offeringSpec';

export type PublisherOptions = {
  client: WaldurClient;
  provider: WaldurProvider;
  offeringType: string;
  shared: boolean;
  currency?: string;
  /** Public URL of the registry API (…/api/agent-registry), for the buyers' instructions. */
  registryApiUrl: () => Promise<string>;
  logger: LoggerService;
};

const COMPONENT_FIELDS = [
  'name',
  'description',
  'measured_unit',
  'billing_type',
] as const;

/**
 * Publishing an agent as a Waldur offering, idempotently: the offering is found again by
 * the uuid the registry stored or by its stable backend id and brought in line with the
 * agent (texts, category, components, one plan per agent plan and billing cycle, prices),
 * then activated. Plans that left the agent are archived; orders for them then fail.
 */
export class OfferingPublisher {
  private readonly mutex = new KeyedMutex();

  constructor(private readonly options: PublisherOptions) {}

  publish(agent: RegistryAgent): Promise<{ offeringId: string }> {
    return this.mutex.run(agent.id, () => this.doPublish(agent));
  }

  unpublish(agent: RegistryAgent, mode: 'pause' | 'archive'): Promise<void> {
    return this.mutex.run(agent.id, () => this.doUnpublish(agent, mode));
  }

  private async doPublish(agent: RegistryAgent) {
    const { client, provider, logger } = this.options;
    if (agent.archived) {
      throw new InputError(`Agent ${agent.entityRef} is archived`);
    }
    if (agent.plans.length === 0) {
      // Waldur cannot activate an offering without plans.
      throw new InputError(
        `Agent ${agent.entityRef} has no plans; add one before publishing it on Waldur`,
      );
    }
    const plans = planSpecs(agent, this.options.currency);
    const lookups = [
      provider.customer(),
      provider.category(),
      this.options.registryApiUrl(),
    ] as const;
    // Let all three settle before a failure is thrown: a lookup still retrying would be
    // shared by the caller's next attempt and fail it too, even after Waldur is back.
    await Promise.allSettled(lookups);
    const [customer, category, registryApiUrl] = [
      await lookups[0],
      await lookups[1],
      await lookups[2],
    ];
    const texts = offeringTexts(agent, registryApiUrl);
    const backendId = provider.offeringBackendId(agent.id);

    let offering = await this.find(agent);
    if (!offering) {
      offering = await client.createOffering({
        ...texts,
        type: this.options.offeringType,
        category: category.url,
        customer: customer.url,
        shared: this.options.shared,
        billable: true,
        backend_id: backendId,
        components: OFFERING_COMPONENTS,
      });
      logger.info(
        `Created Waldur offering ${offering.uuid} for agent ${agent.entityRef}`,
      );
    } else {
      await this.updateOffering(offering, texts, category, backendId);
    }
    const uuid = offering.uuid!;
    await this.syncPlans(offering, plans);

    const state = (await client.getProviderOffering(uuid)).state;
    if (state === 'Draft') await client.offeringAction(uuid, 'activate');
    if (state === 'Paused') await client.offeringAction(uuid, 'unpause');
    if (state === 'Unavailable') {
      logger.warn(
        `Waldur offering ${uuid} of ${agent.entityRef} is marked unavailable in Waldur; left as it is`,
      );
    }
    return { offeringId: uuid };
  }

  private async doUnpublish(agent: RegistryAgent, mode: 'pause' | 'archive') {
    const { client, logger } = this.options;
    const offering = await this.find(agent, { includeArchived: true });
    if (!offering || offering.state === 'Archived') return;
    const uuid = offering.uuid!;
    if (mode === 'archive') {
      await client.offeringAction(uuid, 'archive');
    } else if (offering.state === 'Active') {
      await client.offeringAction(uuid, 'pause', {
        paused_reason: 'Taken off sale in the Agent Registry.',
      });
    }
    logger.info(
      `Waldur offering ${uuid} of ${agent.entityRef}: ${
        mode === 'archive' ? 'archived' : 'paused'
      }`,
    );
  }

  /**
   * The agent's offering: the one the registry remembers, else the oldest one carrying
   * the agent's backend id. Archived offerings are gone for good; publishing again then
   * creates a new one.
   */
  private async find(
    agent: RegistryAgent,
    options: { includeArchived?: boolean } = {},
  ): Promise<WaldurOffering | undefined> {
    const { client, provider } = this.options;
    const usable = (offering: WaldurOffering) =>
      options.includeArchived || offering.state !== 'Archived';
    if (agent.waldurOfferingUuid) {
      try {
        const stored = await client.getProviderOffering(
          agent.waldurOfferingUuid,
        );
        const owner = provider.agentIdOf(stored);
        if (owner !== undefined && owner !== agent.id) {
          throw new ConflictError(
            `Waldur offering ${stored.uuid} belongs to another agent (${owner})`,
          );
        }
        if (usable(stored)) return stored;
      } catch (error) {
        // A deleted offering (or one we may no longer see) is looked up by backend id.
        if (!isWaldurApiError(error, 404)) throw error;
      }
    }
    const backendId = provider.offeringBackendId(agent.id);
    return (await provider.offerings())
      .filter(offering => offering.backend_id === backendId && usable(offering))
      .sort((a, b) => String(a.created).localeCompare(String(b.created)))[0];
  }

  private async updateOffering(
    offering: WaldurOffering,
    texts: ReturnType<typeof offeringTexts>,
    category: { uuid: string; url: string },
    backendId: string,
  ) {
    const { client } = this.options;
    const uuid = offering.uuid!;
    if (offering.backend_id !== backendId) {
      await client.updateOfferingBackendId(uuid, backendId);
    }
    const changed = (Object.keys(texts) as (keyof typeof texts)[]).some(
      key => (offering[key] ?? '') !== texts[key],
    );
    if (changed) await client.updateOfferingOverview(uuid, texts);
    if (offering.category_uuid !== category.uuid) {
      await client.updateOfferingCategory(uuid, category.url);
    }
    for (const wanted of OFFERING_COMPONENTS) {
      const existing = offering.components?.find(c => c.type === wanted.type);
      if (!existing) {
        await client.createOfferingComponent(uuid, wanted);
      } else if (differs(existing, wanted)) {
        await client.updateOfferingComponent(uuid, {
          ...wanted,
          uuid: existing.uuid!,
        });
      }
    }
  }

  private async syncPlans(offering: WaldurOffering, specs: PlanSpec[]) {
    const { client } = this.options;
    const existing = await client.listPlans(offering.uuid!);
    const wanted = new Set(specs.map(spec => spec.backendId));
    for (const spec of specs) {
      // Prefer an active plan; duplicates (e.g. from a retried create) are archived.
      const matches = existing
        .filter(plan => plan.backend_id === spec.backendId)
        .sort((a, b) => Number(a.archived) - Number(b.archived));
      let plan = matches[0];
      for (const duplicate of matches.slice(1)) {
        if (!duplicate.archived) await client.archivePlan(duplicate.uuid);
      }
      if (!plan) {
        plan = await client.createPlan({
          offering: offering.url!,
          name: spec.name,
          description: spec.description,
          unit: 'month',
          backend_id: spec.backendId,
        });
      } else if (
        plan.archived ||
        plan.name !== spec.name ||
        (plan.description ?? '') !== spec.description ||
        plan.unit !== 'month'
      ) {
        await client.updatePlan(plan.uuid, {
          name: spec.name,
          description: spec.description,
          unit: 'month',
          archived: false,
        });
      }
      await this.syncPrices(plan, spec);
    }
    for (const plan of existing) {
      const ours = parsePlanBackendId(plan.backend_id) !== undefined;
      if (ours && !plan.archived && !wanted.has(plan.backend_id!)) {
        await client.archivePlan(plan.uuid);
      }
    }
  }

  private async syncPrices(plan: WaldurPlan, spec: PlanSpec) {
    const { client } = this.options;
    // Plans in use change their future price (next billing period) instead.
    const current = (type: string) =>
      plan.future_prices?.[type] ?? plan.prices?.[type];
    const pricesDiffer = Object.entries(spec.prices).some(
      ([type, price]) => !sameAmount(current(type), price),
    );
    if (pricesDiffer) await client.updatePlanPrices(plan.uuid, spec.prices);
    const quotasDiffer = Object.entries(spec.quotas).some(
      ([type, amount]) => (plan.quotas?.[type] ?? 0) !== amount,
    );
    if (quotasDiffer) await client.updatePlanQuotas(plan.uuid, spec.quotas);
  }
}

function differs(
  existing: Record<string, unknown>,
  wanted: WaldurComponentRequest,
): boolean {
  return COMPONENT_FIELDS.some(
    field => (existing[field] ?? '') !== (wanted[field] ?? ''),
  );
}
