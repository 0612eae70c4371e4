import { TestDatabases } from '@backstage/backend-test-utils';
import { startGatewayWorld } from '../__testUtils__/gatewayWorld';
import { fromMicros, toMicros } from './money';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const settle = () => new Promise(r => setTimeout(r, 200));

describe('money', () => {
  it('keeps decimal strings exact', () => {
    expect(toMicros('29.00')).toBe(29_000_000);
    expect(toMicros('0.000001')).toBe(1);
    expect(fromMicros(1_250_000)).toBe('1.250000');
    expect(fromMicros(-500_000)).toBe('-0.500000');
    expect(() => toMicros('-1')).toThrow();
  });
});

describe.each(databases.eachSupportedId())(
  'the credit wallet on %p',
  databaseId => {
    let world: Awaited<ReturnType<typeof startGatewayWorld>>;
    const carol = () => world.registry.as('user:default/carol');
    const paula = () => world.registry.as('user:default/paula');
    const wallet = (path = '') => `/tenants/${world.tenant.id}/wallet${path}`;

    beforeAll(async () => {
      world = await startGatewayWorld(await databases.init(databaseId));
    });
    afterAll(() => world.stop());

    it('has no wallet until the first top-up, which only admins make', async () => {
      expect((await carol().get(wallet())).status).toBe(404);
      const byMember = await carol().post(wallet('/topups'), {
        amount: '5.00',
        currency: 'EUR',
      });
      expect(byMember.status).toBe(403);
      expect((await carol().get(wallet())).status).toBe(404);
    });

    it('notifies the members once when the balance falls below the line, and opens one auto top-up request', async () => {
      const { key } = await world.subscribe('payg'); // 0.50 per call
      await paula()
        .post(wallet('/topups'), { amount: '2.00', currency: 'EUR' })
        .expect(200);
      const settings = await carol().put(wallet('/settings'), {
        lowBalance: '1.00',
        autoTopup: { below: '1.00', amount: '10.00' },
      });
      expect(settings.body).toMatchObject({
        lowBalance: '1.000000',
        autoTopup: { below: '1.000000', amount: '10.000000' },
        lowBalanceNotified: false,
      });

      await world.invoke(key).expect(200); // 1.50
      await world.invoke(key).expect(200); // 1.00: not below the line
      await settle();
      expect(world.registry.notifications).toHaveLength(0);
      await world.invoke(key).expect(200); // 0.50
      await world.invoke(key).expect(200); // 0.00
      await settle();
      expect(world.registry.notifications).toHaveLength(1);
      expect(world.registry.notifications[0]).toMatchObject({
        recipients: { type: 'entity', entityRef: ['user:default/carol'] },
        payload: {
          title: 'Gateway Tenant: agent credit is running low',
          severity: 'high',
        },
      });
      const requests = await carol().get(wallet('/topup-requests'));
      expect(requests.body.items).toEqual([
        expect.objectContaining({
          reason: 'auto',
          state: 'open',
          amount: '10.000000',
        }),
      ]);

      // Fulfilling the request adds the credit and re-arms the notice.
      const topped = await paula().post(wallet('/topups'), {
        amount: '10.00',
        currency: 'EUR',
        topupRequestId: requests.body.items[0].id,
      });
      expect(topped.body).toMatchObject({
        balance: '10.000000',
        lowBalanceNotified: false,
      });
      expect(
        (await carol().get(wallet('/topup-requests'))).body.items[0].state,
      ).toBe('fulfilled');
      const again = await paula().post(wallet('/topups'), {
        amount: '1.00',
        currency: 'EUR',
        topupRequestId: requests.body.items[0].id,
      });
      expect(again.status).toBe(409);
      expect((await carol().get(wallet())).body.balance).toBe('10.000000');
    });

    it.each([
      {
        name: 'a negative amount',
        body: { amount: '-5', currency: 'EUR' },
        message: 'amount',
      },
      {
        name: 'zero',
        body: { amount: '0', currency: 'EUR' },
        message: 'must be more than zero',
      },
      {
        name: 'another currency',
        body: { amount: '5.00', currency: 'USD' },
        message: 'does not match the wallet',
      },
      {
        name: 'a bad currency',
        body: { amount: '5.00', currency: 'euro' },
        message: 'ISO 4217',
      },
    ])(
      'rejects a top-up with $name and changes nothing',
      async ({ body, message }) => {
        const before = (await carol().get(wallet())).body.balance;
        const res = await paula().post(wallet('/topups'), body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(message);
        expect((await carol().get(wallet())).body.balance).toBe(before);
      },
    );

    it("hides the wallet from other tenants' users", async () => {
      for (const path of ['', '/entries', '/topup-requests']) {
        expect(
          (await world.registry.as('user:default/dave').get(wallet(path)))
            .status,
        ).toBe(404);
      }
    });
  },
);
