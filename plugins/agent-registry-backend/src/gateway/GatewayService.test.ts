import { TestDatabases } from '@backstage/backend-test-utils';
import { startGatewayWorld } from '../__testUtils__/gatewayWorld';
import { asText } from '../__testUtils__/network';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'runtime gateway on %p',
  databaseId => {
    let world: Awaited<ReturnType<typeof startGatewayWorld>>;
    const carol = () => world.registry.as('user:default/carol');

    beforeAll(async () => {
      world = await startGatewayWorld(await databases.init(databaseId));
    });
    afterAll(() => world.stop());

    it('answers through the runtime with the customer configuration applied, and meters the call', async () => {
      const { key, accessId, keyId } = await world.subscribe('unlimited');
      await carol()
        .put(`/tenants/${world.tenant.id}/agents/gateway-bot/config`, {
          persona: { systemPrompt: 'Answer as a pirate.' },
          behaviour: { maxTokens: 64 },
        })
        .expect(200);

      const res = await world.invoke(key, {
        input: 'Where is my order?',
        sessionId: 'conv-1',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        agent: 'agent:default/gateway-bot',
        version: '1.0.0',
        sessionId: 'conv-1',
        usage: {
          inputTokens: expect.any(Number),
          outputTokens: expect.any(Number),
          computeMs: expect.any(Number),
        },
      });
      // The simulator echoes the input, the system prompt and the temperature it received as tweaks.
      expect(res.body.output).toContain('You said: Where is my order?');
      expect(res.body.output).toContain('[system: Answer as a pirate.]');
      expect(res.body.output).toContain('[temperature: 0.7]');

      const [call] = world.sim.calls(1);
      expect(call.sessionId).toBe(`${accessId}:conv-1`);
      expect(JSON.stringify(call)).not.toContain(key);

      const usage = await carol().get(`/tenants/${world.tenant.id}/usage`);
      const mine = usage.body.days.filter((d: any) => d.accessId === accessId);
      expect(mine).toEqual([
        expect.objectContaining({
          keyId,
          calls: 1,
          inputTokens: res.body.usage.inputTokens,
          outputTokens: res.body.usage.outputTokens,
        }),
      ]);
    });

    it('streams the answer as server-sent events', async () => {
      const { key } = await world.subscribe('unlimited');
      const res = await world
        .invoke(key, { input: 'Stream please', stream: true })
        .buffer(true)
        .parse(asText);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/event-stream');
      const events = (res.body as string)
        .trim()
        .split('\n\n')
        .map(block => {
          const [eventLine, dataLine] = block.split('\n');
          return {
            event: eventLine.replace('event: ', ''),
            data: JSON.parse(dataLine.replace('data: ', '')),
          };
        });
      const chunks = events
        .filter(e => e.event === 'chunk')
        .map(e => e.data.text);
      const done = events.find(e => e.event === 'done')!;
      expect(chunks.length).toBeGreaterThan(1);
      expect(chunks.join('')).toBe(done.data.output);
      expect(done.data.output).toContain('You said: Stream please');
    });

    it('replays the first answer for a repeated Idempotency-Key and counts it once', async () => {
      const { key, accessId } = await world.subscribe('tiny');
      const first = await world
        .invoke(key, { input: 'once' })
        .set('Idempotency-Key', 'retry-1');
      const again = await world
        .invoke(key, { input: 'once' })
        .set('Idempotency-Key', 'retry-1');
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      const usage = await carol().get(`/tenants/${world.tenant.id}/usage`);
      expect(
        usage.body.quotas.find((q: any) => q.accessId === accessId),
      ).toMatchObject({ used: 1, quota: 3 });
      expect(
        usage.body.days
          .filter((d: any) => d.accessId === accessId)
          .reduce((n: number, d: any) => n + d.calls, 0),
      ).toBe(1);
    });

    it('refuses with 429 and when it resets once the quota is used up', async () => {
      const { key } = await world.subscribe('tiny');
      for (let i = 0; i < 3; i++)
        expect((await world.invoke(key)).status).toBe(200);
      const res = await world.invoke(key);
      expect(res.status).toBe(429);
      expect(res.body.error).toMatchObject({
        code: 'quota_exhausted',
        quota: 3,
      });
      const resetsAt = new Date(res.body.error.resetsAt);
      const now = new Date();
      expect(resetsAt.toISOString()).toBe(
        new Date(
          Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1),
        ).toISOString(),
      );
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('gives a yearly plan twelve months of calls', async () => {
      const { accessId, key } = await world.subscribe('tiny', {
        billingCycle: 'yearly',
      });
      expect((await world.invoke(key)).status).toBe(200);
      const usage = await carol().get(`/tenants/${world.tenant.id}/usage`);
      expect(
        usage.body.quotas.find((q: any) => q.accessId === accessId),
      ).toMatchObject({
        quota: 36,
        used: 1,
        period: String(new Date().getUTCFullYear()),
      });
    });

    it('charges pay-per-use calls to the credit wallet: 402 without credit, never below zero', async () => {
      const { key } = await world.subscribe('payg');
      const broke = await world.invoke(key);
      expect(broke.status).toBe(402);
      expect(broke.body.error.code).toBe('no_credit');

      await world.topUp('1.25');
      const paid = await world.invoke(key);
      expect(paid.status).toBe(200);
      expect(paid.body.charged).toEqual({
        amount: '0.500000',
        currency: 'EUR',
      });
      expect((await world.invoke(key)).status).toBe(200);
      const empty = await world.invoke(key);
      expect(empty.status).toBe(402);
      expect(empty.body.error.code).toBe('insufficient_credit');

      const wallet = await carol().get(`/tenants/${world.tenant.id}/wallet`);
      expect(wallet.body.balance).toBe('0.250000');
      const entries = await carol().get(
        `/tenants/${world.tenant.id}/wallet/entries`,
      );
      expect(entries.body.items.map((e: any) => [e.kind, e.amount])).toEqual([
        ['charge', '-0.500000'],
        ['charge', '-0.500000'],
        ['topup', '1.250000'],
      ]);
    });

    it('uses included calls first and charges the per-call price beyond them', async () => {
      const { key } = await world.subscribe('overage');
      const first = await world.invoke(key);
      expect(first.body.charged).toBeUndefined();
      await world.invoke(key).expect(200);
      const third = await world.invoke(key);
      expect(third.status).toBe(200);
      expect(third.body.charged).toEqual({
        amount: '0.250000',
        currency: 'EUR',
      });
    });

    it('answers 502, charges nothing and gives the quota back when the runtime fails', async () => {
      const { key, accessId } = await world.subscribe('tiny');
      world.sim.failNext(1);
      const failed = await world.invoke(key);
      expect(failed.status).toBe(502);
      expect(failed.body.error.code).toBe('runtime_failed');
      expect(failed.body.error.message).toContain('you were not charged');

      await world.sim.setDown(true);
      const down = await world.invoke(key);
      expect(down.status).toBe(502);
      await world.sim.setDown(false);

      const usage = await carol().get(`/tenants/${world.tenant.id}/usage`);
      expect(
        usage.body.quotas.find((q: any) => q.accessId === accessId),
      ).toMatchObject({ used: 0 });
      expect(
        usage.body.days.filter((d: any) => d.accessId === accessId),
      ).toEqual([]);
      expect((await world.invoke(key)).status).toBe(200);
    });

    it('runs a failed call again when it is retried with its Idempotency-Key, and counts it once', async () => {
      const { key, accessId } = await world.subscribe('tiny');
      const send = () =>
        world.invoke(key, { input: 'Retry me' }).set('Idempotency-Key', 'r-1');
      world.sim.failNext(1);
      expect((await send()).status).toBe(502);
      const retried = await send();
      expect(retried.status).toBe(200);
      expect(retried.headers['idempotent-replayed']).toBe('false');
      expect(retried.body.output).toContain('You said: Retry me');
      const again = await send();
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(retried.body);
      const usage = await carol().get(`/tenants/${world.tenant.id}/usage`);
      expect(
        usage.body.quotas.find((q: any) => q.accessId === accessId),
      ).toMatchObject({ used: 1 });
    });

    it('refuses keys with a reason code', async () => {
      const { key, keyId, accessId } = await world.subscribe('unlimited');
      const cases: [string | undefined, number, string][] = [
        [undefined, 401, 'key_missing'],
        ['not-a-key', 401, 'key_malformed'],
        [
          `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`,
          401,
          'key_malformed',
        ],
      ];
      for (const [token, status, code] of cases) {
        const res = await world.invoke(token);
        expect({ status: res.status, code: res.body.error.code }).toEqual({
          status,
          code,
        });
      }
      const mcpKey = await carol().post(
        `/tenants/${world.tenant.id}/access/${accessId}/keys`,
        { kind: 'mcp' },
      );
      expect((await world.invoke(mcpKey.body.secret)).body.error.code).toBe(
        'key_wrong_kind',
      );

      await carol()
        .post(`/tenants/${world.tenant.id}/keys/${keyId}/pause`)
        .expect(200);
      expect((await world.invoke(key)).body.error.code).toBe('key_paused');
      await carol()
        .post(`/tenants/${world.tenant.id}/keys/${keyId}/restore`)
        .expect(200);
      expect((await world.invoke(key)).status).toBe(200);
      await carol()
        .post(`/tenants/${world.tenant.id}/keys/${keyId}/revoke`)
        .expect(200);
      const revoked = await world.invoke(key);
      expect(revoked.status).toBe(401);
      expect(revoked.body.error.code).toBe('key_revoked');
    });

    it('answers 403 for a paused subscription and another agent, 403 once ended with keys revoked', async () => {
      const { key, accessId } = await world.subscribe('unlimited');
      const other = await world.registry
        .withKey(key)
        .post('/runtime/agents/some-other-bot/invoke', { input: 'hi' });
      expect(other.status).toBe(403);
      expect(other.body.error.code).toBe('key_wrong_agent');

      const paula = world.registry.as('user:default/paula');
      const state = (s: string) =>
        paula.post(`/tenants/${world.tenant.id}/access/${accessId}/state`, {
          state: s,
        });
      await state('paused').expect(200);
      const paused = await world.invoke(key);
      expect(paused.status).toBe(403);
      expect(paused.body.error.code).toBe('access_paused');
      await state('active').expect(200);
      expect((await world.invoke(key)).status).toBe(200);
      await state('terminated').expect(200);
      expect((await world.invoke(key)).body.error.code).toBe('key_revoked');
      const keys = await carol().get(
        `/tenants/${world.tenant.id}/access/${accessId}/keys`,
      );
      expect(keys.body.items.map((k: any) => k.state)).toEqual(['revoked']);
      expect((await state('active')).status).toBe(409);
    });

    it('rejects bad bodies with 400 and no charge', async () => {
      const { key, accessId } = await world.subscribe('tiny');
      for (const body of [
        {},
        { input: '' },
        { input: 42 },
        { input: 'x'.repeat(100_001) },
      ]) {
        const res = await world.invoke(key, body);
        expect(res.status).toBe(400);
      }
      const usage = await carol().get(`/tenants/${world.tenant.id}/usage`);
      expect(
        usage.body.quotas.find((q: any) => q.accessId === accessId),
      ).toMatchObject({ used: 0 });
    });
  },
);
