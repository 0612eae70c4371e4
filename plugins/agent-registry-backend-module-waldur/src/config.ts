import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type RootConfigService,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ConfigReader, type Config } from '@backstage/config';
import type { RetryPolicy } from './client/retry';

type ScheduleDefaults = ConstructorParameters<typeof ConfigReader>[0];

export const SITE_AGENT_OFFERING_TYPE = 'Marketplace.Slurm';
export const BASIC_OFFERING_TYPE = 'Marketplace.Basic';
export const DEFAULT_CATEGORY = 'AI Agents';

/** `agentRegistry.waldur`, read and defaulted (see config.d.ts). */
export type WaldurConfig = {
  url: string;
  token: string;
  providerCustomerUuid?: string;
  categoryUuid?: string;
  categoryName?: string;
  offeringType: string;
  backendIdPrefix: string;
  currency?: string;
  shared: boolean;
  hookSecret?: string;
  schedule: {
    orders: SchedulerServiceTaskScheduleDefinition;
    usage: SchedulerServiceTaskScheduleDefinition;
  };
  usage: { closeAfterDays: number };
  requestTimeoutMs: number;
  retry: Partial<RetryPolicy>;
  buyerCacheMs: number;
  registryBaseUrl?: string;
};

function schedule(
  config: Config | undefined,
  defaults: ScheduleDefaults,
): SchedulerServiceTaskScheduleDefinition {
  // A frequency alone is enough; the timeout defaults.
  const merged = new ConfigReader({
    ...defaults,
    ...(config?.get<ScheduleDefaults>() ?? {}),
  });
  // Several replicas must not process the same orders or report twice at once.
  return {
    ...readSchedulerServiceTaskScheduleDefinitionFromConfig(merged),
    scope: 'global',
  };
}

/** Undefined when the section is missing or `enabled: false`. */
export function readWaldurConfig(
  root: RootConfigService,
): WaldurConfig | undefined {
  const config = root.getOptionalConfig('agentRegistry.waldur');
  if (!config || config.getOptionalBoolean('enabled') === false) {
    return undefined;
  }
  const categoryUuid = config.getOptionalString('categoryUuid');
  // Only publishing needs the category; it is looked up then.
  const categoryName = categoryUuid
    ? undefined
    : config.getOptionalString('categoryName') ?? DEFAULT_CATEGORY;
  const offeringType =
    config.getOptionalString('offeringType') ?? SITE_AGENT_OFFERING_TYPE;
  if (![SITE_AGENT_OFFERING_TYPE, BASIC_OFFERING_TYPE].includes(offeringType)) {
    throw new Error(
      `agentRegistry.waldur.offeringType must be ${SITE_AGENT_OFFERING_TYPE} or ${BASIC_OFFERING_TYPE}`,
    );
  }
  const retry = config.getOptionalConfig('retry');
  const hookSecret = config.getOptionalString('hookSecret');
  if (hookSecret !== undefined && hookSecret.length < 16) {
    throw new Error(
      'agentRegistry.waldur.hookSecret must be at least 16 characters: it is the only thing protecting the hook endpoint',
    );
  }
  return {
    url: config.getString('url'),
    token: config.getString('token'),
    providerCustomerUuid: config.getOptionalString('providerCustomerUuid'),
    categoryUuid,
    categoryName,
    offeringType,
    backendIdPrefix:
      config.getOptionalString('backendIdPrefix') ?? 'agent-registry',
    currency: config.getOptionalString('currency'),
    shared: config.getOptionalBoolean('shared') ?? true,
    hookSecret,
    schedule: {
      orders: schedule(config.getOptionalConfig('schedule.orders'), {
        frequency: { minutes: 1 },
        timeout: { minutes: 10 },
      }),
      usage: schedule(config.getOptionalConfig('schedule.usage'), {
        frequency: { minutes: 30 },
        timeout: { minutes: 30 },
      }),
    },
    usage: {
      closeAfterDays: config.getOptionalNumber('usage.closeAfterDays') ?? 3,
    },
    requestTimeoutMs:
      (config.getOptionalNumber('requestTimeoutSeconds') ?? 30) * 1000,
    retry: {
      attempts: retry?.getOptionalNumber('attempts'),
      baseDelayMs: retry?.getOptionalNumber('baseDelayMs'),
      maxDelayMs: retry?.getOptionalNumber('maxDelayMs'),
    },
    buyerCacheMs: (config.getOptionalNumber('buyerCacheSeconds') ?? 60) * 1000,
    registryBaseUrl: config.getOptionalString('registryBaseUrl'),
  };
}
