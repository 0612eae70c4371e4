import { flowExport, STARTER_PLAN } from './flows';
import type { startRegistryBackend } from './registryTestBackend';

type Registry = Awaited<ReturnType<typeof startRegistryBackend>>;

const ok = (
  res: { status: number; body: unknown },
  status: number,
  what: string,
) => {
  if (res.status !== status) {
    throw new Error(
      `${what} failed: ${res.status} ${JSON.stringify(res.body)}`,
    );
  }
  return res.body as any;
};

/** Alice (of group agent-builders) registers an agent and publishes the given versions. */
export async function createPublishedAgent(
  registry: Registry,
  name: string,
  versions = ['1.0.0'],
) {
  const alice = registry.as('user:default/alice');
  const agent = ok(
    await alice.post('/agents', {
      name,
      type: 'chat-agent',
      owner: 'group:default/agent-builders',
      plans: [
        STARTER_PLAN,
        { ...STARTER_PLAN, name: 'pro', tier: 'pro', includedCalls: 10000 },
      ],
      flow: flowExport(),
      version: versions[0],
      config: {
        persona: { systemPrompt: 'Be brief.', welcomeMessage: 'Hello!' },
        behaviour: { temperature: 0.2 },
      },
    }),
    201,
    `create ${name}`,
  );
  for (const [i, version] of versions.entries()) {
    if (i > 0)
      ok(
        await alice.post(`/agents/${name}/versions`, {
          version,
          flow: flowExport(),
        }),
        201,
        `version ${version}`,
      );
    ok(
      await alice.post(`/agents/${name}/versions/${version}/publish`),
      200,
      `publish ${version}`,
    );
  }
  return agent;
}

/** Paula (admin) creates a tenant with a project and members. */
export async function createTenant(
  registry: Registry,
  name: string,
  members: string[] = [],
) {
  const paula = registry.as('user:default/paula');
  const tenant = ok(
    await paula.post('/tenants', { name }),
    201,
    `tenant ${name}`,
  );
  const project = ok(
    await paula.post(`/tenants/${tenant.id}/projects`, {
      name: `${name} project`,
    }),
    201,
    'project',
  );
  for (const userRef of members) {
    ok(
      await paula.post(`/tenants/${tenant.id}/members`, { userRef }),
      200,
      'member',
    );
  }
  return { ...tenant, projectId: project.id };
}

/** Paula (admin) gives a tenant access to an agent. */
export async function grantAccess(
  registry: Registry,
  tenantId: string,
  body: {
    agent: string;
    plan?: string;
    projectId?: string;
    pinnedVersion?: string;
  },
) {
  return ok(
    await registry
      .as('user:default/paula')
      .post(`/tenants/${tenantId}/access`, { plan: 'starter', ...body }),
    201,
    'access',
  );
}
