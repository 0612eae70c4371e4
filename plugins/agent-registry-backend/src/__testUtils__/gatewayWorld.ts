import {
  basicPromptingFlow,
  startLangflowSimulator,
} from '@cmp/langflow-simulator';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import createKnex, { type Knex } from 'knex';
import { isSqlite } from '../database/util';
import { createTenant } from './fixtures';
import { freePort } from './network';
import { startRegistryBackend } from './registryTestBackend';

export const PLANS = [
  {
    name: 'tiny',
    tier: 'custom',
    includedCalls: 3,
    currency: 'EUR',
    prices: { monthly: '1.00' },
  },
  {
    name: 'payg',
    tier: 'custom',
    includedCalls: 0,
    currency: 'EUR',
    prices: { perCall: '0.50' },
  },
  {
    name: 'overage',
    tier: 'pro',
    includedCalls: 2,
    currency: 'EUR',
    prices: { monthly: '10.00', perCall: '0.25' },
  },
  {
    name: 'unlimited',
    tier: 'enterprise',
    currency: 'EUR',
    prices: { monthly: '100.00' },
  },
  {
    name: 'race',
    tier: 'custom',
    includedCalls: 25,
    currency: 'EUR',
    prices: { monthly: '5.00' },
  },
  {
    name: 'roomy',
    tier: 'custom',
    includedCalls: 150,
    currency: 'EUR',
    prices: { monthly: '8.00' },
  },
];

/**
 * A registry wired to a Langflow simulator, with a published agent (running the simulator's
 * "Basic Prompting" flow, whose model declares system_message, temperature and max_tokens)
 * and a tenant whose member is carol.
 */
export async function startGatewayWorld(
  knex: Knex,
  options: {
    replicas?: number;
    features?: BackendFeature[];
    /** Also serve the entrances on the gateway's own listener (at `listenerUrl`). */
    listener?: boolean;
  } = {},
) {
  const sim = await startLangflowSimulator({
    apiKeys: ['sk-sim'],
    flows: [basicPromptingFlow],
  });
  const listenerPort = options.listener ? await freePort() : undefined;
  const registryConfig = {
    runtimes: {
      langflow: { baseUrl: sim.url, apiKey: 'sk-sim', timeoutSeconds: 5 },
    },
    ...(listenerPort
      ? { gateway: { listen: { port: listenerPort, host: '127.0.0.1' } } }
      : {}),
  };
  const registry = await startRegistryBackend(knex, {
    registryConfig,
    features: options.features,
  });
  const replicas = [registry];
  const extraPools: Knex[] = [];
  for (let i = 1; i < (options.replicas ?? 1); i++) {
    // On PostgreSQL each replica gets its own connection pool to the same database, as
    // separately deployed replicas would; in-memory SQLite can only share its connection.
    const pool = isSqlite(knex) ? knex : createKnex(knex.client.config);
    if (pool !== knex) extraPools.push(pool);
    replicas.push(await startRegistryBackend(pool, { registryConfig }));
  }
  const alice = registry.as('user:default/alice');
  const carol = registry.as('user:default/carol');
  const paula = registry.as('user:default/paula');

  const created = await alice.post('/agents', {
    name: 'gateway-bot',
    type: 'chat-agent',
    owner: 'group:default/agent-builders',
    plans: PLANS,
    flow: basicPromptingFlow,
    version: '1.0.0',
    publish: true,
    config: {
      persona: { systemPrompt: 'Be brief.' },
      behaviour: { temperature: 0.7 },
    },
  });
  if (created.status !== 201)
    throw new Error(`agent: ${JSON.stringify(created.body)}`);
  const tenant = await createTenant(registry, 'Gateway Tenant', [
    'user:default/carol',
  ]);

  /** A new access on the plan, with an API key (and optionally other kinds). */
  async function subscribe(
    plan: string,
    extra: {
      billingCycle?: string;
      kind?: string;
      allowedOrigins?: string[];
    } = {},
  ) {
    const { kind = 'api', allowedOrigins, ...accessExtra } = extra;
    const access = await paula.post(`/tenants/${tenant.id}/access`, {
      agent: 'gateway-bot',
      plan,
      projectId: tenant.projectId,
      ...accessExtra,
    });
    if (access.status !== 201)
      throw new Error(`access: ${JSON.stringify(access.body)}`);
    const key = await carol.post(
      `/tenants/${tenant.id}/access/${access.body.id}/keys`,
      { kind, name: 'test', allowedOrigins },
    );
    if (key.status !== 201) throw new Error(`key: ${JSON.stringify(key.body)}`);
    return {
      accessId: access.body.id as string,
      key: key.body.secret as string,
      keyId: key.body.id as string,
    };
  }

  /** The operator tops up the tenant's credit wallet (EUR). */
  const topUp = (amount: string) =>
    paula
      .post(`/tenants/${tenant.id}/wallet/topups`, { amount, currency: 'EUR' })
      .expect(200);

  const invoke = (
    key: string | undefined,
    body: object = { input: 'Hello there' },
    r = registry,
  ) =>
    r
      .withKey(key)
      .post(
        '/agents/gateway-bot/invoke'.replace('/agents', '/runtime/agents'),
        body,
      );

  return {
    sim,
    registry,
    listenerUrl: listenerPort ? `http://127.0.0.1:${listenerPort}` : undefined,
    replicas,
    tenant,
    agentId: created.body.id as string,
    subscribe,
    topUp,
    invoke,
    stop: async () => {
      for (const r of replicas) await r.stop();
      for (const pool of extraPools) await pool.destroy();
      await sim.stop();
    },
  };
}
