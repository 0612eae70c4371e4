import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { startGatewayWorld } from '../__testUtils__/gatewayWorld';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe.each(databases.eachSupportedId())('keys on %p', databaseId => {
  let world: Awaited<ReturnType<typeof startGatewayWorld>>;
  let knex: Knex;
  const carol = () => world.registry.as('user:default/carol');
  const keysPath = (accessId: string) =>
    `/tenants/${world.tenant.id}/access/${accessId}/keys`;
  const keyPath = (keyId: string, action: string) =>
    `/tenants/${world.tenant.id}/keys/${keyId}/${action}`;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    world = await startGatewayWorld(knex, { replicas: 2 });
  });
  afterAll(() => world.stop());

  it('shows a key once, stores only its hash and last characters, and lists it without the secret', async () => {
    const { key, accessId, keyId } = await world.subscribe('unlimited');
    expect(key).toMatch(/^agr_api_[0-9A-Za-z]{36}$/);
    const listed = await carol().get(keysPath(accessId));
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: keyId,
        kind: 'api',
        prefix: 'agr_api_',
        lastChars: key.slice(-4),
        state: 'active',
      }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(key);
    const rows = await knex('api_keys').where({ id: keyId });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(key.slice(8, -4));
    expect(rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rotates with an overlap: both keys work until the old one lapses', async () => {
    const { key: oldKey, accessId, keyId } = await world.subscribe('unlimited');
    const rotated = await carol().post(keyPath(keyId, 'rotate'), {
      overlapSeconds: 2,
    });
    expect(rotated.status).toBe(201);
    const newKey = rotated.body.secret;
    expect(newKey).not.toBe(oldKey);
    expect((await world.invoke(oldKey)).status).toBe(200);
    expect((await world.invoke(newKey)).status).toBe(200);

    const listed = await carol().get(keysPath(accessId));
    expect(listed.body.items.find((k: any) => k.id === keyId)).toMatchObject({
      replacedBy: rotated.body.id,
      expiresAt: expect.any(String),
    });

    await sleep(2300);
    const lapsed = await world.invoke(oldKey);
    expect(lapsed.status).toBe(401);
    expect(lapsed.body.error.code).toBe('key_expired');
    expect((await world.invoke(newKey)).status).toBe(200);
  });

  it('revokes at once, also for another backend replica on the same database', async () => {
    const { key, keyId } = await world.subscribe('unlimited');
    const [replicaA, replicaB] = world.replicas;
    expect((await world.invoke(key, undefined, replicaB)).status).toBe(200);
    await replicaA
      .as('user:default/carol')
      .post(keyPath(keyId, 'revoke'))
      .expect(200);
    const res = await world.invoke(key, undefined, replicaB);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('key_revoked');
    expect((await carol().post(keyPath(keyId, 'restore'))).status).toBe(409);
  });

  it('pauses and restores a key or a subscription at once, also for another backend replica', async () => {
    const { key, keyId, accessId } = await world.subscribe('unlimited');
    const [replicaA, replicaB] = world.replicas;
    const onB = async () => {
      const res = await world.invoke(key, undefined, replicaB);
      return res.status === 200 ? 'ok' : res.body.error.code;
    };
    const keyOnA = (action: string) =>
      replicaA
        .as('user:default/carol')
        .post(keyPath(keyId, action))
        .expect(200);
    // Replica B has admitted calls with this key before each change on replica A.
    expect(await onB()).toBe('ok');
    await keyOnA('pause');
    expect(await onB()).toBe('key_paused');
    expect(await onB()).toBe('key_paused');
    await keyOnA('restore');
    expect(await onB()).toBe('ok');

    const access = (state: string) =>
      replicaA
        .as('user:default/paula')
        .post(`/tenants/${world.tenant.id}/access/${accessId}/state`, { state })
        .expect(200);
    await access('paused');
    expect(await onB()).toBe('access_paused');
    await access('active');
    expect(await onB()).toBe('ok');
  });

  it('expires keys at their expiry time', async () => {
    const { accessId } = await world.subscribe('unlimited');
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const created = await carol().post(keysPath(accessId), {
      kind: 'api',
      name: 'short',
      expiresAt,
    });
    expect(created.status).toBe(201);
    expect((await world.invoke(created.body.secret)).status).toBe(200);
    await sleep(1700);
    expect((await world.invoke(created.body.secret)).body.error.code).toBe(
      'key_expired',
    );
    expect(
      (await carol().get(keysPath(accessId))).body.items.find(
        (k: any) => k.id === created.body.id,
      ).state,
    ).toBe('expired');
  });

  it('limits widget keys to their allowed origins', async () => {
    const { key } = await world.subscribe('unlimited', {
      kind: 'widget',
      allowedOrigins: ['https://shop.example.com'],
    });
    expect(key.startsWith('agr_pub_')).toBe(true);
    const fromShop = await world
      .invoke(key)
      .set('Origin', 'https://shop.example.com');
    expect(fromShop.status).toBe(200);
    const elsewhere = await world
      .invoke(key)
      .set('Origin', 'https://evil.example.com');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.code).toBe('origin_not_allowed');
    expect((await world.invoke(key)).body.error.code).toBe(
      'origin_not_allowed',
    );
  });

  it.each([
    { name: 'an unknown kind', body: { kind: 'root' }, message: 'kind' },
    {
      name: 'an expiry in the past',
      body: { expiresAt: '2020-01-01T00:00:00Z' },
      message: 'expiresAt must be in the future',
    },
    {
      name: 'origins on an API key',
      body: { kind: 'api', allowedOrigins: ['https://a.example'] },
      message: 'only widget keys have allowed origins',
    },
    {
      name: 'a widget key without origins',
      body: { kind: 'widget' },
      message: 'widget keys need the origins',
    },
    {
      name: 'a bad origin',
      body: { kind: 'widget', allowedOrigins: ['shop.example.com/path'] },
      message: 'must be an origin',
    },
  ])('rejects $name', async ({ body, message }) => {
    const { accessId } = await world.subscribe('unlimited');
    const res = await carol().post(keysPath(accessId), body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
    expect((await carol().get(keysPath(accessId))).body.items).toHaveLength(1);
  });

  it('lets the agent owner and admins manage keys, and hides them from everyone else', async () => {
    const { accessId, keyId } = await world.subscribe('unlimited');
    expect(
      (await world.registry.as('user:default/alice').get(keysPath(accessId)))
        .status,
    ).toBe(200);
    expect(
      (await world.registry.as('user:default/paula').get(keysPath(accessId)))
        .status,
    ).toBe(200);
    for (const outsider of ['user:default/bob', 'user:default/dave']) {
      const as = world.registry.as(outsider);
      expect((await as.get(keysPath(accessId))).status).toBe(404);
      expect((await as.post(keysPath(accessId), { kind: 'api' })).status).toBe(
        404,
      );
      expect((await as.post(keyPath(keyId, 'revoke'))).status).toBe(404);
    }
    expect((await carol().get(keysPath(accessId))).body.items[0].state).toBe(
      'active',
    );
  });
});
