import {
  mockServices,
  type TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { randomUUID } from 'node:crypto';
import { RegistryDatabase } from '../database/RegistryDatabase';
import type { RegistryContext } from '../service/RegistryContext';
import { GatewayService } from './GatewayService';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** A database, a clock the test moves, and gateways on them (as processes would be). */
async function setUp(databaseId: TestDatabaseId) {
  const db = await RegistryDatabase.fromKnex(await databases.init(databaseId));
  const clock = { now: new Date('2026-11-20T10:00:00Z') };
  const ctx = {
    db,
    now: () => clock.now,
    newId: randomUUID,
  } as unknown as RegistryContext;
  return {
    db,
    clock,
    later: (minutes: number) => {
      clock.now = new Date(clock.now.getTime() + minutes * 60_000);
    },
    newGateway: () =>
      new GatewayService(
        ctx,
        undefined as never,
        undefined as never,
        undefined as never,
        mockServices.logger.mock(),
      ),
  };
}

/**
 * A process that dies mid-call leaves its call pending with quota and credit taken. The
 * release task gives both back; a completed call is never touched.
 */
describe.each(databases.eachSupportedId())(
  'releasing calls left pending on %p',
  databaseId => {
    it('gives back the quota and credit of calls pending too long', async () => {
      const { db, clock, later, newGateway } = await setUp(databaseId);
      const gateway = newGateway();
      const tenantId = randomUUID();
      await db.stores.tenants.insert({
        id: tenantId,
        name: 'T',
        createdAt: clock.now.toISOString(),
      });
      await db.stores.wallets.create(tenantId, 'EUR', clock.now.toISOString());
      const entry = (kind: 'topup' | 'charge') => ({
        id: randomUUID(),
        kind,
        createdBy: 'test',
        createdAt: clock.now.toISOString(),
      });
      await db.stores.wallets.adjust(tenantId, 2_000_000, entry('topup'));

      // What the gateway writes before running a call: quota taken, credit charged, call pending.
      const reserve = async (id: string, idempotencyKey: string) => {
        await db.stores.metering.takeFromQuota(
          tenantId,
          'access-1',
          '2026-11',
          10,
        );
        await db.stores.wallets.adjust(tenantId, -500_000, entry('charge'));
        await db.stores.metering.insertPending({
          id,
          tenantId,
          accessId: 'access-1',
          keyId: 'key-1',
          idempotencyKey,
          status: 'pending',
          quotaPeriod: '2026-11',
          countedInQuota: true,
          chargedMicros: 500_000,
          occurredAt: clock.now.toISOString(),
        });
      };
      await reserve('dead-call', 'k1');
      await reserve('finished-call', 'k2');
      const finished = (await db.stores.metering.findByIdempotencyKey(
        'access-1',
        'k2',
      ))!;
      await db.stores.metering.complete(finished, {
        computeMs: 5,
        response: { ok: true },
      });

      expect(await gateway.releaseStale(10 * 60_000)).toBe(0); // not stale yet
      later(11);
      expect(await gateway.releaseStale(10 * 60_000)).toBe(1);

      expect(
        await db.stores.metering.quotaUsed(tenantId, 'access-1', '2026-11'),
      ).toBe(1);
      expect((await db.stores.wallets.get(tenantId))?.balanceMicros).toBe(
        1_500_000,
      );
      expect(
        await db.stores.metering.findByIdempotencyKey('access-1', 'k1'),
      ).toBeUndefined();
      expect(
        (await db.stores.metering.findByIdempotencyKey('access-1', 'k2'))
          ?.status,
      ).toBe('ok');
      expect(await gateway.releaseStale(10 * 60_000)).toBe(0);
    });

    it('finds every stale call however much history lies before it, also calls written after a sweep', async () => {
      const { db, clock, later, newGateway } = await setUp(databaseId);
      const gateway = newGateway();
      const tenantId = randomUUID();
      const call = (id: string) => ({
        id,
        tenantId,
        accessId: 'access-1',
        keyId: 'key-1',
        idempotencyKey: id,
        status: 'pending' as const,
        countedInQuota: false,
        chargedMicros: 0,
        occurredAt: clock.now.toISOString(),
      });
      const pending = async (id: string) =>
        (await db.stores.metering.findByIdempotencyKey('access-1', id))?.status;
      // More completed calls than one sweep step looks at, then calls left pending.
      const done = Array.from({ length: 4500 }, (_, i) => call(`done-${i}`));
      await db.stores.metering.insertPendingMany(done);
      await db.stores.metering.completeMany(
        done.map(event => ({ event, result: { computeMs: 1 } })),
      );
      await db.stores.metering.insertPendingMany([call('dead-1')]);
      later(5);
      await db.stores.metering.insertPendingMany([call('young')]);
      await db.stores.metering.insertPendingMany([call('dead-2')]);

      later(6);
      // Only dead-1 is stale: young and dead-2 are 5 minutes younger.
      expect(await gateway.releaseStale(10 * 60_000)).toBe(1);
      expect(await pending('dead-1')).toBeUndefined();
      expect(await pending('young')).toBe('pending');
      expect(await pending('dead-2')).toBe('pending');

      later(5);
      expect(await gateway.releaseStale(10 * 60_000)).toBe(2);
      expect(await pending('young')).toBeUndefined();
      expect(await pending('dead-2')).toBeUndefined();

      // A call written after the sweep passed (it takes the place of the last one
      // released) is found when it goes stale, by this process or a new one.
      await db.stores.metering.insertPendingMany([call('dead-3')]);
      expect(await gateway.releaseStale(10 * 60_000)).toBe(0);
      later(11);
      expect(await gateway.releaseStale(10 * 60_000)).toBe(1);
      expect(await pending('dead-3')).toBeUndefined();
      await db.stores.metering.insertPendingMany([call('dead-4')]);
      later(11);
      expect(await newGateway().releaseStale(10 * 60_000)).toBe(1);
      expect(await pending('dead-4')).toBeUndefined();
      expect(await pending('done-4499')).toBe('ok');
    });
  },
);
