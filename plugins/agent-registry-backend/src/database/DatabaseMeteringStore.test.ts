import { TestDatabases } from '@backstage/backend-test-utils';
import type { UsageEvent } from './DatabaseMeteringStore';
import { RegistryDatabase } from './RegistryDatabase';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const event = (id: string, idempotencyKey: string): UsageEvent => ({
  id,
  tenantId: 'tenant-1',
  accessId: 'access-1',
  keyId: 'key-1',
  idempotencyKey,
  status: 'pending',
  quotaPeriod: '2026-11',
  countedInQuota: true,
  chargedMicros: 0,
  occurredAt: '2026-11-20T10:00:00.000Z',
});

/** The batched writes the gateway's group commit uses. */
describe.each(databases.eachSupportedId())(
  'metering store batches on %p',
  databaseId => {
    let db: RegistryDatabase;
    beforeEach(async () => {
      db = await RegistryDatabase.fromKnex(await databases.init(databaseId));
    });

    it('takes a batch from the quota at once, and only what is left at its edge', async () => {
      const m = db.stores.metering;
      expect(
        await m.takeManyFromQuota('tenant-1', 'access-1', '2026-11', 5, 3),
      ).toBe(3);
      expect(
        await m.takeManyFromQuota('tenant-1', 'access-1', '2026-11', 5, 3),
      ).toBe(2);
      expect(
        await m.takeManyFromQuota('tenant-1', 'access-1', '2026-11', 5, 3),
      ).toBe(0);
      expect(await m.quotaUsed('tenant-1', 'access-1', '2026-11')).toBe(5);
    });

    it('records calls within their quota in one step, and says why it did not record the others', async () => {
      const m = db.stores.metering;
      const counted = (id: string, key: string, accessId = 'access-1') => ({
        event: { ...event(id, key), accessId },
        quota: 5,
      });
      const free = (id: string) => ({
        event: {
          ...event(id, id),
          countedInQuota: false,
          quotaPeriod: undefined,
        },
      });
      // No counter yet for the period: nothing counted is recorded, free calls are.
      expect(
        await m.insertPendingWithinQuota([counted('a', 'ka'), free('f1')]),
      ).toEqual(['no_room', 'recorded']);
      expect(
        await m.takeManyFromQuota('tenant-1', 'access-1', '2026-11', 5, 1),
      ).toBe(1);
      await m.insertPending(event('old', 'repeat'));
      expect(
        await m.insertPendingWithinQuota(
          [
            counted('b', 'kb'),
            counted('c', 'repeat'), // taken by an earlier call
            counted('d', 'kd'),
            counted('d2', 'kd'), // taken by d, in the same step
            counted('x', 'kx', 'access-2'), // its counter does not exist
          ],
          { durability: 'later' },
        ),
      ).toEqual(['recorded', 'key_taken', 'recorded', 'key_taken', 'no_room']);
      // 1 + the two recorded: calls that were not recorded took nothing.
      expect(await m.quotaUsed('tenant-1', 'access-1', '2026-11')).toBe(3);
      // Two left: a step of three asks for more than is left and records none of them.
      expect(
        await m.insertPendingWithinQuota([
          counted('e', 'ke'),
          counted('f', 'kf'),
          counted('g', 'kg'),
        ]),
      ).toEqual(['no_room', 'no_room', 'no_room']);
      expect(
        await m.insertPendingWithinQuota([
          counted('e', 'ke'),
          counted('f', 'kf'),
        ]),
      ).toEqual(['recorded', 'recorded']);
      expect(await m.quotaUsed('tenant-1', 'access-1', '2026-11')).toBe(5);
      const found = await m.findByIdempotencyKeys(
        ['ka', 'kb', 'kd', 'ke', 'f1', 'repeat'].map(idempotencyKey => ({
          accessId: 'access-1',
          idempotencyKey,
        })),
      );
      expect([...found.values()].map(e => e.id).sort()).toEqual([
        'b',
        'd',
        'e',
        'f1',
        'old',
      ]);
      expect(found.get('access-1\nkb')).toMatchObject({
        status: 'pending',
        countedInQuota: true,
        quotaPeriod: '2026-11',
      });
    });

    it('records calls that already ran as completed within their quota, with their rollups, and takes nothing for the others', async () => {
      const m = db.stores.metering;
      await m.takeManyFromQuota('tenant-1', 'access-1', '2026-11', 4, 1);
      const ran = (id: string, inputTokens: number) => ({
        event: event(id, id),
        result: { inputTokens, outputTokens: 2, computeMs: 5 },
        quota: 4,
      });
      const unlimited = (id: string) => ({
        event: {
          ...event(id, id),
          countedInQuota: false,
          quotaPeriod: undefined,
        },
        result: { computeMs: 1 },
      });
      const left: string[] = [];
      const heard = {
        left: (c: { accessId: string; period: string }, n: number) =>
          left.push(`${c.accessId} ${c.period}: ${n}`),
      };
      expect(
        await m.recordWithinQuota(
          [ran('a', 3), ran('b', 4), unlimited('u')],
          heard,
        ),
      ).toEqual(['recorded', 'recorded', 'recorded']);
      expect(left).toEqual(['access-1 2026-11: 1']);
      // Two more ask for more than the one left: neither is recorded.
      expect(
        await m.recordWithinQuota([ran('c', 1), ran('d', 1)], heard),
      ).toEqual(['no_room', 'no_room']);
      expect(left).toHaveLength(1);
      // A call already recorded (its own earlier try) is not recorded twice.
      expect(await m.recordWithinQuota([ran('a', 3)])).toEqual(['key_taken']);
      expect(await m.quotaUsed('tenant-1', 'access-1', '2026-11')).toBe(3);

      expect(await m.findByIdempotencyKey('access-1', 'a')).toMatchObject({
        status: 'ok',
        inputTokens: 3,
        outputTokens: 2,
        computeMs: 5,
        countedInQuota: true,
      });
      expect(await m.findByIdempotencyKey('access-1', 'c')).toBeUndefined();
      expect(
        await m.totals('tenant-1', 'access-1', '2026-11-01', '2026-11-30'),
      ).toEqual({
        calls: 3,
        inputTokens: 7,
        outputTokens: 4,
        computeMs: 11,
        chargedMicros: 0,
      });
    });

    it('records exactly what is left when many steps race for the last calls', async () => {
      const m = db.stores.metering;
      await m.takeManyFromQuota('tenant-1', 'access-1', '2026-11', 10, 3);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          m.insertPendingWithinQuota([
            { event: event(`r${i}`, `race-${i}`), quota: 10 },
          ]),
        ),
      );
      expect(results.flat().filter(r => r === 'recorded')).toHaveLength(7);
      expect(await m.quotaUsed('tenant-1', 'access-1', '2026-11')).toBe(10);
    });

    it('writes pending calls once per idempotency key', async () => {
      const m = db.stores.metering;
      await m.insertPending(event('e1', 'k1'));
      const written = await m.insertPendingMany([
        event('e2', 'k1'), // taken by e1
        event('e3', 'k2'),
        event('e4', 'k2'), // taken by e3 in the same statement
        event('e5', 'k3'),
      ]);
      expect([...written].sort()).toEqual(['e3', 'e5']);
      const found = await m.findByIdempotencyKeys([
        { accessId: 'access-1', idempotencyKey: 'k1' },
        { accessId: 'access-1', idempotencyKey: 'k2' },
        { accessId: 'access-1', idempotencyKey: 'nope' },
      ]);
      expect(found.get('access-1\nk1')?.id).toBe('e1');
      expect(found.get('access-1\nk2')?.id).toBe('e3');
      expect(found.size).toBe(2);
    });

    it('completes calls and sums them into the day rollup', async () => {
      const m = db.stores.metering;
      const calls = ['a', 'b', 'c'].map(id => event(id, `k-${id}`));
      await m.insertPendingMany(calls);
      await m.complete(calls[0], {
        inputTokens: 1,
        outputTokens: 2,
        computeMs: 3,
        response: { output: 'a' },
      });
      await m.completeMany(
        calls.slice(1).map(e => ({
          event: { ...e, chargedMicros: 250 },
          result: {
            inputTokens: 10,
            outputTokens: 20,
            computeMs: 30,
            response: { output: e.id },
          },
        })),
      );
      const c = await m.findByIdempotencyKey('access-1', 'k-c');
      expect(c).toMatchObject({
        status: 'ok',
        inputTokens: 10,
        outputTokens: 20,
        computeMs: 30,
        response: { output: 'c' },
      });
      expect(
        await m.totals('tenant-1', 'access-1', '2026-11-01', '2026-11-30'),
      ).toEqual({
        calls: 3,
        inputTokens: 21,
        outputTokens: 42,
        computeMs: 63,
        chargedMicros: 500,
      });
    });

    it('writes back a call released meanwhile as stale, and keeps answers only when given', async () => {
      const m = db.stores.metering;
      const released = event('gone', 'k-gone');
      const plain = event('plain', 'plain');
      await m.insertPendingMany([released, plain]);
      expect(await m.deletePending('tenant-1', 'gone')).toBe(true);
      await m.completeMany([
        {
          event: released,
          result: { computeMs: 5, response: { output: 'late' } },
        },
        { event: plain, result: { inputTokens: 1, computeMs: 2 } },
      ]);
      expect(await m.findByIdempotencyKey('access-1', 'k-gone')).toMatchObject({
        id: 'gone',
        status: 'ok',
        computeMs: 5,
        response: { output: 'late' },
      });
      const found = await m.findByIdempotencyKey('access-1', 'plain');
      expect(found).toMatchObject({ status: 'ok', inputTokens: 1 });
      expect(found?.response).toBeUndefined();
      expect(
        (await m.totals('tenant-1', 'access-1', '2026-11-01', '2026-11-30'))
          .calls,
      ).toBe(2);
    });

    it('finds idempotency keys across accesses, each pair exactly', async () => {
      const m = db.stores.metering;
      await m.insertPendingMany([
        event('x1', 'same'),
        { ...event('x2', 'same'), accessId: 'access-2' },
        { ...event('x3', 'other'), accessId: 'access-2' },
      ]);
      const found = await m.findByIdempotencyKeys([
        { accessId: 'access-1', idempotencyKey: 'same' },
        { accessId: 'access-2', idempotencyKey: 'same' },
        { accessId: 'access-1', idempotencyKey: 'other' },
      ]);
      expect(found.get('access-1\nsame')?.id).toBe('x1');
      expect(found.get('access-2\nsame')?.id).toBe('x2');
      expect(found.has('access-1\nother')).toBe(false);
    });
  },
);
