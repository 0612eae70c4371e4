import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AgentPlan } from '@cmp/plugin-agent-registry-common';
import { DEFAULTS_TENANT } from '../database/DatabaseConfigStore';
import type {
  RegistryDatabase,
  RegistryStores,
} from '../database/RegistryDatabase';
import { publishVersionInTx } from '../versions/publishVersion';
import faqBotFlow from './faq-bot.flow.json';
import leadQualifierFlow from './lead-qualifier.flow.json';

const SELLER = 'group:default/agent-builders';
const SEEDER = 'agent-registry:demo-seed';

const plans: AgentPlan[] = [
  {
    name: 'starter',
    title: 'Starter',
    tier: 'starter',
    includedCalls: 1000,
    currency: 'EUR',
    prices: { monthly: '19.00', yearly: '190.00' },
  },
  {
    name: 'pro',
    title: 'Pro',
    tier: 'pro',
    includedCalls: 10000,
    currency: 'EUR',
    prices: { monthly: '79.00', yearly: '790.00', perCall: '0.01' },
  },
  {
    name: 'enterprise',
    title: 'Enterprise',
    tier: 'enterprise',
    currency: 'EUR',
    prices: { monthly: '399.00' },
  },
];

async function addAgent(
  stores: RegistryStores,
  now: string,
  agent: {
    id: string;
    name: string;
    title: string;
    type: 'chat-agent' | 'automation';
    flow: any;
    versions: [string, 'published' | 'draft'][];
    persona: object;
  },
) {
  await stores.agents.insert({
    id: agent.id,
    namespace: 'default',
    name: agent.name,
    title: agent.title,
    description: agent.flow.description,
    type: agent.type,
    lifecycle: 'production',
    owner: SELLER,
    system: 'ai-agents',
    tags: agent.flow.tags,
    runtime: {
      type: 'langflow',
      flowId: agent.flow.id,
      endpointName: agent.flow.endpoint_name,
      resource: 'resource:default/langflow-runtime',
    },
    plans,
    origin: 'registry',
    createdAt: now,
    updatedAt: now,
  });
  for (const [version, status] of agent.versions) {
    await stores.versions.insert({
      agentId: agent.id,
      version,
      status: 'draft',
      changelog: `Release ${version}`,
      flow: agent.flow,
      createdBy: SEEDER,
      createdAt: now,
    });
    if (status === 'published')
      await publishVersionInTx(stores, agent.id, version, now);
  }
  await stores.configs.append(
    DEFAULTS_TENANT,
    agent.id,
    { persona: agent.persona, behaviour: { temperature: 0.3, maxTokens: 800 } },
    SEEDER,
    now,
  );
}

/**
 * Demo mode: two registry agents (with versions and defaults), two customers with projects,
 * access records and a branded overlay. Runs once, on an empty registry.
 */
export async function seedDemoData(
  db: RegistryDatabase,
  logger: LoggerService,
): Promise<void> {
  const existing = await db.stores.agents.list(
    { origin: 'registry', includeArchived: true },
    { limit: 1, offset: 0 },
  );
  if (existing.totalCount > 0) return;
  const now = new Date().toISOString();
  await db.transaction(async stores => {
    await addAgent(stores, now, {
      id: '0d6f2a4e-0000-4000-8000-00000000fa01',
      name: 'faq-bot',
      title: 'FAQ Bot',
      type: 'chat-agent',
      flow: faqBotFlow,
      versions: [
        ['1.0.0', 'published'],
        ['1.1.0', 'published'],
        ['1.2.0', 'draft'],
      ],
      persona: {
        name: 'Faye',
        systemPrompt: 'You answer product questions from the FAQ.',
        welcomeMessage: 'Hi, I am Faye. Ask me about our products.',
        starterPrompts: ['What does the Pro plan include?'],
      },
    });
    await addAgent(stores, now, {
      id: '0d6f2a4e-0000-4000-8000-00000000fa02',
      name: 'lead-qualifier',
      title: 'Lead Qualifier',
      type: 'automation',
      flow: leadQualifierFlow,
      versions: [['0.9.0', 'published']],
      persona: { systemPrompt: 'Score leads 1-5 and draft a short reply.' },
    });

    const tenants = [
      {
        id: '0d6f2a4e-0000-4000-8000-0000000000a1',
        name: 'Acme Retail',
        waldur: 'a1c2e3f4a5b6c7d8e9f0a1b2c3d4e5f6',
        projectId: '0d6f2a4e-0000-4000-8000-0000000000c1',
        project: 'Web shop',
      },
      {
        id: '0d6f2a4e-0000-4000-8000-0000000000b2',
        name: 'Globex Logistics',
        waldur: 'b2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7',
        projectId: '0d6f2a4e-0000-4000-8000-0000000000c2',
        project: 'Customer care',
      },
    ];
    for (const t of tenants) {
      await stores.tenants.insert({
        id: t.id,
        name: t.name,
        waldurCustomerUuid: t.waldur,
        createdAt: now,
      });
      await stores.tenants.insertProject({
        id: t.projectId,
        tenantId: t.id,
        name: t.project,
        createdAt: now,
      });
    }
    const access = [
      {
        id: '0d6f2a4e-0000-4000-8000-0000000acc01',
        tenantId: tenants[0].id,
        agentId: '0d6f2a4e-0000-4000-8000-00000000fa01',
        plan: 'pro',
        pinnedVersion: '1.0.0',
      },
      {
        id: '0d6f2a4e-0000-4000-8000-0000000acc02',
        tenantId: tenants[1].id,
        agentId: '0d6f2a4e-0000-4000-8000-00000000fa01',
        plan: 'starter',
      },
      {
        id: '0d6f2a4e-0000-4000-8000-0000000acc03',
        tenantId: tenants[0].id,
        agentId: '0d6f2a4e-0000-4000-8000-00000000fa02',
        plan: 'enterprise',
      },
    ];
    for (const a of access) {
      await stores.access.insert({
        ...a,
        state: 'active',
        billingCycle: 'monthly',
        createdAt: now,
        updatedAt: now,
      });
    }
    await stores.configs.append(
      tenants[0].id,
      '0d6f2a4e-0000-4000-8000-00000000fa01',
      {
        persona: {
          welcomeMessage: 'Welcome to Acme! Ask me about your order.',
        },
        branding: {
          displayName: 'Acme Helper',
          primaryColor: '#d7263d',
          accentColor: 'gold',
        },
      },
      'user:default/acme-admin',
      now,
    );
  });
  logger.info(
    'Seeded the Agent Registry demo data: faq-bot, lead-qualifier, Acme Retail, Globex Logistics',
  );
}
