/*
 * The benchmark world, written straight through the plugin's stores (as AgentService,
 * TenantService, AccessService and KeyService would write it): one published agent running
 * the simulator's "Basic Prompting" flow, agent defaults that become Langflow tweaks, one
 * tenant, and active accesses with one API key each.
 */
import { basicPromptingFlow } from '@cmp/langflow-simulator';
import type { AgentConfiguration } from '@cmp/plugin-agent-registry-common';
import { randomUUID } from 'node:crypto';
import type { RegistryDatabase } from '../../src/database/RegistryDatabase';
import { issueKey } from '../../src/keys/KeyService';
import { buildLangflowTweaks } from '../../src/runtime/langflowTweaks';
import { publishVersionInTx } from '../../src/versions/publishVersion';

export const BENCH_AGENT = 'bench-bot';
export const SIMULATOR_API_KEY = 'sk-bench';
export const BENCH_INPUT = 'Hello there';
export const BENCH_CONFIG: AgentConfiguration = {
  persona: { systemPrompt: 'Be brief.' },
  behaviour: { temperature: 0.7 },
};

/**
 * `bench`: a sold plan with a (practically endless) monthly quota, so every call takes
 * the atomic quota counter; `unlimited`: no quota, no price (no counter at all).
 */
export const BENCH_PLANS = [
  {
    name: 'bench',
    tier: 'custom' as const,
    includedCalls: 1_000_000_000,
    currency: 'EUR',
    prices: { monthly: '100.00' },
  },
  {
    name: 'unlimited',
    tier: 'enterprise' as const,
    currency: 'EUR',
    prices: { monthly: '100.00' },
  },
];

export type BenchAccess = { accessId: string; keyId: string; secret: string };

export type BenchWorld = {
  agent: string;
  agentId: string;
  tenantId: string;
  flowId: string;
  plan: string;
  accesses: BenchAccess[];
};

export async function seedWorld(
  db: RegistryDatabase,
  options: { plan?: string; accesses?: number } = {},
): Promise<BenchWorld> {
  const plan = options.plan ?? 'bench';
  if (!BENCH_PLANS.some(p => p.name === plan))
    throw new Error(`Unknown plan ${plan}`);
  const now = new Date().toISOString();
  const agentId = randomUUID();
  const tenantId = randomUUID();
  const flow = basicPromptingFlow as unknown as Record<string, unknown>;
  const accesses: BenchAccess[] = [];
  await db.transaction(async stores => {
    await stores.agents.insert({
      id: agentId,
      namespace: 'default',
      name: BENCH_AGENT,
      title: 'Bench Bot',
      type: 'chat-agent',
      lifecycle: 'production',
      owner: 'group:default/agent-builders',
      tags: [],
      runtime: { type: 'langflow', flowId: String(flow.id) },
      plans: BENCH_PLANS,
      origin: 'registry',
      createdAt: now,
      updatedAt: now,
    });
    await stores.versions.insert({
      agentId,
      version: '1.0.0',
      status: 'draft',
      flow,
      createdBy: 'bench',
      createdAt: now,
    });
    await stores.configs.append('', agentId, BENCH_CONFIG, 'bench', now);
    await publishVersionInTx(stores, agentId, '1.0.0', now);
    await stores.tenants.insert({
      id: tenantId,
      name: 'Bench Tenant',
      createdAt: now,
    });
    for (let i = 0; i < (options.accesses ?? 1); i++) {
      const accessId = randomUUID();
      await stores.access.insert({
        id: accessId,
        tenantId,
        agentId,
        plan,
        state: 'active',
        billingCycle: 'monthly',
        createdAt: now,
        updatedAt: now,
      });
      const { record, secret } = await issueKey(
        stores,
        { id: accessId, tenantId },
        {
          id: randomUUID(),
          kind: 'api',
          name: `bench-${i}`,
          createdBy: 'bench',
          now,
        },
      );
      accesses.push({ accessId, keyId: record.id, secret });
    }
  });
  return {
    agent: BENCH_AGENT,
    agentId,
    tenantId,
    flowId: String(flow.id),
    plan,
    accesses,
  };
}

/**
 * The body `@datastax/langflow-client` sends for the gateway's call (`Flow.run`): the same
 * input and the same tweaks, so the simulator does the same work for the bare proxy.
 */
export function langflowRunBody(sessionId: string): string {
  return JSON.stringify({
    input_type: 'chat',
    output_type: 'chat',
    input_value: BENCH_INPUT,
    tweaks: buildLangflowTweaks(
      basicPromptingFlow as unknown as Record<string, unknown>,
      BENCH_CONFIG,
    ),
    session_id: sessionId,
  });
}
