import {
  actionContext,
  actionOptions,
  outputsOf,
  workspaceWith,
} from '../__testUtils__/actionContext';
import { sampleFlow } from '../__testUtils__/flows';
import { startTestPortal, type TestPortal } from '../__testUtils__/testPortal';
import { createReleaseAction } from './release';

describe('agents:release', () => {
  let portal: TestPortal;
  let action: ReturnType<typeof createReleaseAction>;
  const alice = () => portal.as('user:default/alice');
  const versionsOf = async (agent: string) =>
    (
      await alice().get(`/api/agent-registry/v1/agents/${agent}/versions`)
    ).body.items.map((v: any) => `${v.version} ${v.status}`);
  const newFlow = () => {
    const flow = sampleFlow();
    flow.data.nodes[1].data.node.template.template.value =
      'Answer in one line.';
    return flow;
  };
  const withFlow = () =>
    workspaceWith({ 'flow.json': JSON.stringify(newFlow()) }).path;

  /** Alice's team registers an agent with the given versions published. */
  async function agentWith(
    name: string,
    published: string[],
    drafts: string[] = [],
  ) {
    const [first, ...rest] = published;
    const created = await alice().post('/api/agent-registry/v1/agents', {
      name,
      type: 'chat-agent',
      owner: 'group:default/agent-builders',
      flow: sampleFlow(),
      version: first,
      publish: true,
    });
    expect(created.status).toBe(201);
    for (const version of [...rest, ...drafts]) {
      const res = await alice().post(
        `/api/agent-registry/v1/agents/${name}/versions`,
        { version, flow: sampleFlow() },
      );
      expect(res.status).toBe(201);
      if (rest.includes(version)) {
        await alice().post(
          `/api/agent-registry/v1/agents/${name}/versions/${version}/publish`,
        );
      }
    }
    return created.body;
  }

  beforeAll(async () => {
    portal = await startTestPortal();
    action = createReleaseAction(actionOptions(portal));
  });
  afterAll(() => portal.stop());

  it('bumps the latest released version and publishes the new one', async () => {
    const agent = await agentWith('faq-bot', ['1.0.0', '1.9.0']);
    const ctx = actionContext(
      {
        agent: 'agent:default/faq-bot',
        bump: 'minor' as const,
        changelog: 'Shorter answers',
      },
      { workspacePath: withFlow() },
    );
    await action.handler(ctx);
    expect(outputsOf(ctx)).toEqual({
      entityRef: 'agent:default/faq-bot',
      agentId: agent.id,
      version: '1.10.0',
      previousVersion: '1.9.0',
      published: true,
    });
    expect(await versionsOf('faq-bot')).toEqual([
      '1.10.0 published',
      '1.9.0 published',
      '1.0.0 published',
    ]);
    const released = await alice().get(
      '/api/agent-registry/v1/agents/faq-bot/versions/1.10.0',
    );
    expect(released.body).toMatchObject({
      changelog: 'Shorter answers',
      isDefault: true,
      flow: newFlow(),
    });

    const patch = actionContext(
      { agent: 'faq-bot' },
      { workspacePath: withFlow() },
    );
    await action.handler(patch);
    expect(outputsOf(patch).version).toBe('1.10.1');
  });

  it('fails with the registry’s message for a version not above the latest', async () => {
    await agentWith('low-bot', ['2.0.0']);
    for (const version of ['1.5.0', '2.0.0']) {
      const ctx = actionContext(
        { agent: 'low-bot', version },
        { workspacePath: withFlow() },
      );
      await expect(action.handler(ctx)).rejects.toThrow(
        version === '2.0.0'
          ? 'Could not create version 2.0.0 of low-bot: Version 2.0.0 of agent:default/low-bot already exists (the Agent Registry answered 409)'
          : 'Could not create version 1.5.0 of low-bot: version 1.5.0 must be greater than the latest released version 2.0.0 (the Agent Registry answered 400)',
      );
    }
    expect(await versionsOf('low-bot')).toEqual(['2.0.0 published']);
  });

  it('turns a leftover draft with the same number into the release', async () => {
    await agentWith('draft-bot', ['1.0.0'], ['1.1.0']);
    const ctx = actionContext(
      { agent: 'draft-bot', bump: 'minor' as const },
      { workspacePath: withFlow() },
    );
    await action.handler(ctx);
    expect(await versionsOf('draft-bot')).toEqual([
      '1.1.0 published',
      '1.0.0 published',
    ]);
    const version = await alice().get(
      '/api/agent-registry/v1/agents/draft-bot/versions/1.1.0',
    );
    expect(version.body.flow).toEqual(newFlow());
  });

  it('leaves a draft when asked not to publish', async () => {
    await agentWith('later-bot', ['0.1.0']);
    const ctx = actionContext(
      { agent: 'later-bot', version: '1.0.0-rc.1', publish: false },
      { workspacePath: withFlow() },
    );
    await action.handler(ctx);
    expect(outputsOf(ctx)).toMatchObject({
      version: '1.0.0-rc.1',
      previousVersion: '0.1.0',
      published: false,
    });
    expect(await versionsOf('later-bot')).toEqual([
      '1.0.0-rc.1 draft',
      '0.1.0 published',
    ]);
  });

  it('refuses to release agents of another team', async () => {
    await agentWith('alices-bot', ['1.0.0']);
    const ctx = actionContext(
      { agent: 'alices-bot', bump: 'patch' as const },
      { workspacePath: withFlow(), user: 'user:default/bob' },
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      /^Could not create version 1\.0\.1 of alices-bot: .+ \(the Agent Registry answered 403\)$/,
    );
  });

  it('checks in a dry run without changing anything', async () => {
    await agentWith('dry-bot', ['1.0.0']);
    const ok = actionContext(
      { agent: 'dry-bot', bump: 'major' as const },
      { workspacePath: withFlow(), dryRun: true },
    );
    await action.handler(ok);
    expect(outputsOf(ok)).toMatchObject({ version: '2.0.0', published: true });
    const low = actionContext(
      { agent: 'dry-bot', version: '1.0.0' },
      { workspacePath: withFlow(), dryRun: true },
    );
    await expect(action.handler(low)).rejects.toThrow(
      'version 1.0.0 must be greater than the latest released version 1.0.0',
    );
    expect(await versionsOf('dry-bot')).toEqual(['1.0.0 published']);
  });
});
