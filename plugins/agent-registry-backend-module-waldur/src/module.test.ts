import { startModuleBackend } from './__testUtils__/testBackend';
import { WaldurConnector } from './WaldurConnector';

jest.setTimeout(30_000);

describe('agentRegistryModuleWaldur', () => {
  it('does nothing when agentRegistry.waldur is not configured', async () => {
    const env = await startModuleBackend({ waldur: () => undefined });
    try {
      expect(env.connectors).toEqual([]);
      const hook = await fetch(`${env.baseUrl}/v1/waldur/hooks/anything`, {
        method: 'POST',
      });
      expect(hook.status).toBe(404);
    } finally {
      await env.stop();
    }
  });

  it('adds the Waldur connector, which schedules global order and usage tasks once started', async () => {
    const env = await startModuleBackend();
    try {
      expect(env.connectors).toHaveLength(1);
      const connector = env.connector!;
      expect(connector).toBeInstanceOf(WaldurConnector);
      expect(connector.id).toBe('waldur');
      expect(env.scheduler.scheduleTask).not.toHaveBeenCalled();

      await connector.start(env.registry);
      await connector.start(env.registry);
      expect(
        env.scheduler.scheduleTask.mock.calls.map(([task]) => [
          task.id,
          task.scope,
          task.frequency,
        ]),
      ).toEqual([
        ['agent-registry-waldur-orders', 'global', { minutes: 1 }],
        ['agent-registry-waldur-usage', 'global', { minutes: 30 }],
      ]);

      // The order task processes orders end to end.
      const agent = env.registry.addAgent();
      const { offeringId } = await connector.publishAgent(agent);
      await env.registry.setOffering(agent.id, offeringId);
      const plan = env.sim.state().plans.find(p => p.backend_id === 'starter')!;
      const buyer = env.demo.buyers[1];
      const order = env.sim.createOrder({
        user: buyer.user.username,
        offering: offeringId,
        plan: plan.uuid,
        project: buyer.project.uuid,
      });
      await env.runTask('agent-registry-waldur-orders');
      expect(
        env.sim.state().orders.find(o => o.uuid === order.uuid)!.state,
      ).toBe('done');
      await env.runTask('agent-registry-waldur-usage');

      // Buyers sign in with their Waldur token.
      expect(await connector.resolveBuyer(`Token ${buyer.user.token}`)).toEqual(
        {
          actor: `waldur:user:${buyer.user.uuid}`,
          customerIds: [buyer.customer.uuid],
        },
      );
    } finally {
      await env.stop();
    }
  });

  it('refuses a configuration that cannot work', async () => {
    await expect(
      startModuleBackend({
        waldur: sim => ({ url: sim.url, token: 't', hookSecret: 'short' }),
      }),
    ).rejects.toThrow(/hookSecret must be at least 16/);
  });
});
