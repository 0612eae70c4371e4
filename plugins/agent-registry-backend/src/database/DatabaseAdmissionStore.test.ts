import { TestDatabases } from '@backstage/backend-test-utils';
import { RegistryDatabase } from './RegistryDatabase';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const NOW = '2026-11-20T10:00:00.000Z';

async function seed(db: RegistryDatabase) {
  await db.transaction(async stores => {
    await stores.agents.insert({
      id: 'agent-1',
      namespace: 'default',
      name: 'helper',
      title: 'Helper',
      type: 'chat-agent',
      lifecycle: 'production',
      owner: 'group:default/builders',
      tags: ['support'],
      runtime: { type: 'langflow', flowId: 'flow-1' },
      plans: [
        {
          name: 'starter',
          tier: 'starter',
          includedCalls: 1000,
          currency: 'EUR',
          prices: { monthly: '9.00' },
        },
      ],
      origin: 'registry',
      createdAt: NOW,
      updatedAt: NOW,
    });
    await stores.tenants.insert({
      id: 'tenant-1',
      name: 'Acme',
      createdAt: NOW,
    });
    await stores.access.insert({
      id: 'access-1',
      tenantId: 'tenant-1',
      agentId: 'agent-1',
      plan: 'starter',
      state: 'active',
      billingCycle: 'yearly',
      pinnedVersion: '1.2.0',
      createdAt: NOW,
      updatedAt: NOW,
    });
    for (const [id, kind] of [
      ['key-1', 'api'],
      ['key-2', 'widget'],
    ] as const) {
      await stores.keys.insert({
        id,
        tenantId: 'tenant-1',
        accessId: 'access-1',
        kind,
        name: id,
        keyHash: `hash-${id}`,
        lastChars: 'abcd',
        state: 'active',
        allowedOrigins:
          kind === 'widget' ? ['https://shop.example'] : undefined,
        expiresAt: kind === 'widget' ? '2027-01-01T00:00:00.000Z' : undefined,
        createdBy: 'user:default/ann',
        createdAt: NOW,
      });
    }
  });
}

/** What the gateway checks a call against, read in one go. */
describe.each(databases.eachSupportedId())(
  'admission read on %p',
  databaseId => {
    let db: RegistryDatabase;
    beforeEach(async () => {
      db = await RegistryDatabase.fromKnex(await databases.init(databaseId));
      await seed(db);
    });

    it('reads each key with its access and agent, as their own stores read them', async () => {
      const found = await db.stores.admissions.getByKeyHashes([
        'hash-key-1',
        'hash-key-2',
        'hash-unknown',
      ]);
      expect([...found.keys()].sort()).toEqual(['hash-key-1', 'hash-key-2']);
      const scope = { all: true } as const;
      for (const id of ['key-1', 'key-2']) {
        const admission = found.get(`hash-${id}`)!;
        expect(admission.key).toEqual(await db.stores.keys.get(scope, id));
        expect(admission.access).toEqual(
          await db.stores.access.getById('access-1'),
        );
        expect(admission.agent).toEqual(await db.stores.agents.get('agent-1'));
      }
      const widget = found.get('hash-key-2')!;
      expect(widget.key).toMatchObject({
        kind: 'widget',
        allowedOrigins: ['https://shop.example'],
        expiresAt: '2027-01-01T00:00:00.000Z',
        createdAt: NOW,
      });
      expect(widget.access).toMatchObject({
        billingCycle: 'yearly',
        pinnedVersion: '1.2.0',
      });
      expect(widget.agent?.plans[0]).toMatchObject({ includedCalls: 1000 });
    });

    it('sees a change at once (nothing is cached)', async () => {
      await db.stores.keys.update('tenant-1', 'key-1', { state: 'revoked' });
      await db.stores.access.setState('tenant-1', 'access-1', 'paused', NOW);
      const found = await db.stores.admissions.getByKeyHashes(['hash-key-1']);
      expect(found.get('hash-key-1')?.key.state).toBe('revoked');
      expect(found.get('hash-key-1')?.access?.state).toBe('paused');
    });

    it('reads inside the gateway driver transaction too', async () => {
      const found = await db.driverTransaction(stores =>
        stores.admissions.getByKeyHashes(['hash-key-1']),
      );
      expect(found.get('hash-key-1')?.agent?.name).toBe('helper');
    });
  },
);

/**
 * PostgreSQL's gateway keeps admissions it has read and reserves calls against them in
 * one statement; the statement must notice any change to the three rows since the read.
 */
describe.each(
  databases.eachSupportedId().filter(([id]) => id === 'POSTGRES_15'),
)('reserving against admissions read earlier on %p', databaseId => {
  let db: RegistryDatabase;
  beforeEach(async () => {
    db = await RegistryDatabase.fromKnex(await databases.init(databaseId));
    await seed(db);
  });

  const call = (id: string, admittedAs: string | undefined) => ({
    event: {
      id,
      tenantId: 'tenant-1',
      accessId: 'access-1',
      keyId: 'key-1',
      idempotencyKey: id,
      status: 'pending' as const,
      quotaPeriod: '2026-11',
      countedInQuota: true,
      chargedMicros: 0,
      occurredAt: NOW,
    },
    quota: 10,
    admittedAs,
  });
  const versionNow = async () =>
    (await db.stores.admissions.getByKeyHashes(['hash-key-1'])).get(
      'hash-key-1',
    )!.version!;

  it.each([
    [
      'its key',
      () => db.stores.keys.update('tenant-1', 'key-1', { state: 'paused' }),
    ],
    [
      'its access',
      () => db.stores.access.setState('tenant-1', 'access-1', 'paused', NOW),
    ],
    [
      'its agent',
      () =>
        db.stores.agents.update('agent-1', { archivedAt: NOW, updatedAt: NOW }),
    ],
  ])(
    'records nothing and takes no quota once %s has changed since the read',
    async (_, change) => {
      const m = db.stores.metering;
      await m.takeManyFromQuota('tenant-1', 'access-1', '2026-11', 10, 1);
      const read = await versionNow();
      expect(read).toMatch(/^\d+:\d+:\d+$/);
      expect(await m.insertPendingWithinQuota([call('c1', read)])).toEqual([
        'recorded',
      ]);
      // The other key's row is not this call's: changing it changes nothing here.
      await db.stores.keys.update('tenant-1', 'key-2', { state: 'paused' });
      expect(await m.insertPendingWithinQuota([call('c2', read)])).toEqual([
        'recorded',
      ]);

      await change();
      expect(
        await m.insertPendingWithinQuota([call('c3', read), call('c4', read)]),
      ).toEqual(['changed', 'changed']);
      expect(await m.findByIdempotencyKey('access-1', 'c3')).toBeUndefined();
      expect(await m.quotaUsed('tenant-1', 'access-1', '2026-11')).toBe(3);

      // A call given no version is not checked; read again, the call goes through.
      expect(await m.insertPendingWithinQuota([call('c5', undefined)])).toEqual(
        ['recorded'],
      );
      const reread = await versionNow();
      expect(reread).not.toBe(read);
      expect(await m.insertPendingWithinQuota([call('c6', reread)])).toEqual([
        'recorded',
      ]);
      expect(await m.quotaUsed('tenant-1', 'access-1', '2026-11')).toBe(5);
    },
  );
});
