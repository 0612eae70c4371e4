import { startTestPortal, type TestPortal } from './__testUtils__/testPortal';

describe('scaffolder module agents', () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(() => portal.stop());

  it('offers the agents actions and the registry’s own actions to templates', async () => {
    const res = await portal
      .as('user:default/alice')
      .get('/api/scaffolder/v2/actions');
    expect(res.status).toBe(200);
    const ids = (res.body as { id: string }[]).map(a => a.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'agents:flow:read',
        'agents:register',
        'agents:release',
        'agents:publish-marketplace',
        'agents:catalog-info:write',
        'agent-registry:publish-version',
        'agent-registry:get-agent',
      ]),
    );
    const register = (res.body as any[]).find(a => a.id === 'agents:register');
    expect(register.schema.input.required).toEqual(
      expect.arrayContaining(['name', 'type', 'owner']),
    );
    expect(register.examples.length).toBeGreaterThan(0);
  });
});
