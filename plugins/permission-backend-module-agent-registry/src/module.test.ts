import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import request from 'supertest';
import policyModule from '.';

const locationDelete = {
  type: 'basic',
  name: 'catalog.location.delete',
  attributes: { action: 'delete' },
};
const entityCreate = {
  type: 'basic',
  name: 'catalog.entity.create',
  attributes: { action: 'create' },
};

describe('Agent Registry permission policy', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        permissionPlugin,
        policyModule,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            agentRegistry: { admins: ['user:default/paula'] },
          },
        }),
      ],
    });
  });
  afterAll(() => backend.stop());

  async function decide(user: string | undefined, permission: object) {
    const res = await request(backend.server)
      .post('/api/permission/authorize')
      .set(
        'Authorization',
        user
          ? mockCredentials.user.header(user)
          : mockCredentials.none.header(),
      )
      .send({ items: [{ id: '1', permission }] });
    return { status: res.status, body: res.body.items?.[0] };
  }

  it('lets admins delete locations', async () => {
    expect(
      (await decide('user:default/paula', locationDelete)).body.result,
    ).toBe('ALLOW');
  });

  it('denies location deletion to other users', async () => {
    expect(
      (await decide('user:default/alice', locationDelete)).body.result,
    ).toBe('DENY');
  });

  it('lets users read and create', async () => {
    expect((await decide('user:default/alice', entityCreate)).body.result).toBe(
      'ALLOW',
    );
  });

  it('does not answer anonymous callers', async () => {
    expect((await decide(undefined, entityCreate)).status).toBe(401);
  });
});
