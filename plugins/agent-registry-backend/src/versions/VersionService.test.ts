import { TestDatabases } from '@backstage/backend-test-utils';
import { flowExport, STARTER_PLAN } from '../__testUtils__/flows';
import { startRegistryBackend } from '../__testUtils__/registryTestBackend';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'version lifecycle on %p',
  databaseId => {
    let registry: Awaited<ReturnType<typeof startRegistryBackend>>;
    const alice = () => registry.as('user:default/alice');

    beforeAll(async () => {
      registry = await startRegistryBackend(await databases.init(databaseId));
    });
    afterAll(() => registry.stop());

    async function createAgent(name: string, version = '1.0.0') {
      const res = await alice().post('/agents', {
        name,
        type: 'chat-agent',
        owner: 'group:default/agent-builders',
        plans: [STARTER_PLAN],
        flow: flowExport(),
        version,
        config: { persona: { systemPrompt: 'Be brief.' } },
      });
      if (res.status !== 201)
        throw new Error(
          `create failed: ${res.status} ${JSON.stringify(res.body)}`,
        );
      return res.body;
    }

    it('publishes a draft, after which the version is immutable', async () => {
      const agent = await createAgent('immutable-bot');
      expect(agent.defaultVersion).toBeUndefined();

      const draftEdit = await alice().put(
        '/agents/immutable-bot/versions/1.0.0',
        { changelog: 'first' },
      );
      expect(draftEdit.status).toBe(200);
      expect(draftEdit.body.changelog).toBe('first');

      const published = await alice().post(
        '/agents/immutable-bot/versions/1.0.0/publish',
      );
      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({
        status: 'published',
        isDefault: true,
        isLatest: true,
      });

      const edit = await alice().put('/agents/immutable-bot/versions/1.0.0', {
        changelog: 'sneaky',
      });
      expect(edit.status).toBe(409);
      expect(edit.body.error.message).toContain(
        'Version 1.0.0 is published and cannot be changed',
      );
      const again = await alice().post(
        '/agents/immutable-bot/versions/1.0.0/publish',
      );
      expect(again.status).toBe(409);

      const stored = await alice().get('/agents/immutable-bot/versions/1.0.0');
      expect(stored.body.changelog).toBe('first');
      expect(stored.body.flow.data.nodes).toHaveLength(3);
    });

    it('computes latest by semver, so 1.10.0 is later than 1.9.0', async () => {
      await createAgent('semver-bot', '1.9.0');
      await alice()
        .post('/agents/semver-bot/versions/1.9.0/publish')
        .expect(200);
      await alice()
        .post('/agents/semver-bot/versions', {
          version: '1.10.0',
          flow: flowExport(),
        })
        .expect(201);
      await alice()
        .post('/agents/semver-bot/versions/1.10.0/publish')
        .expect(200);

      const agent = await alice().get('/agents/semver-bot');
      expect(agent.body).toMatchObject({
        latestVersion: '1.10.0',
        defaultVersion: '1.10.0',
      });
      const versions = await alice().get('/agents/semver-bot/versions');
      expect(versions.body.items.map((v: any) => v.version)).toEqual([
        '1.10.0',
        '1.9.0',
      ]);
      expect(versions.body.items[0]).toMatchObject({
        isLatest: true,
        isDefault: true,
      });
      expect(versions.body.items[0].flow).toBeUndefined();
    });

    it('rolls the default back to an earlier published version while latest stays', async () => {
      await createAgent('rollback-bot', '1.0.0');
      for (const v of ['1.0.0', '1.1.0', '2.0.0']) {
        if (v !== '1.0.0') {
          await alice()
            .post('/agents/rollback-bot/versions', {
              version: v,
              flow: flowExport(),
            })
            .expect(201);
        }
        await alice()
          .post(`/agents/rollback-bot/versions/${v}/publish`)
          .expect(200);
      }
      const back = await alice().post('/agents/rollback-bot/rollback', {});
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({
        version: '1.1.0',
        isDefault: true,
        isLatest: false,
      });

      const explicit = await alice().post('/agents/rollback-bot/rollback', {
        version: '1.0.0',
      });
      expect(explicit.body).toMatchObject({
        version: '1.0.0',
        isDefault: true,
      });
      const agent = await alice().get('/agents/rollback-bot');
      expect(agent.body).toMatchObject({
        defaultVersion: '1.0.0',
        latestVersion: '2.0.0',
      });

      const forward = await alice().post('/agents/rollback-bot/rollback', {
        version: '2.0.0',
      });
      expect(forward.status).toBe(409);
      const nothingOlder = await alice().post(
        '/agents/rollback-bot/rollback',
        {},
      );
      expect(nothingOlder.status).toBe(409);
      expect(nothingOlder.body.error.message).toContain('No published version');
    });

    it('deprecates a version: no longer latest, the default moves to the latest remaining', async () => {
      await createAgent('deprecate-bot', '1.0.0');
      await alice()
        .post('/agents/deprecate-bot/versions/1.0.0/publish')
        .expect(200);
      await alice()
        .post('/agents/deprecate-bot/versions', {
          version: '1.1.0',
          flow: flowExport(),
        })
        .expect(201);
      await alice()
        .post('/agents/deprecate-bot/versions/1.1.0/publish')
        .expect(200);

      const res = await alice().post(
        '/agents/deprecate-bot/versions/1.1.0/deprecate',
      );
      expect(res.body).toMatchObject({
        status: 'deprecated',
        isLatest: false,
        isDefault: false,
      });
      const agent = await alice().get('/agents/deprecate-bot');
      expect(agent.body).toMatchObject({
        defaultVersion: '1.0.0',
        latestVersion: '1.0.0',
      });
      expect(
        (await alice().post('/agents/deprecate-bot/versions/1.1.0/deprecate'))
          .status,
      ).toBe(409);
    });

    it('rejects bad version numbers and leaves the versions as they were', async () => {
      await createAgent('strict-bot', '1.2.0');
      await alice()
        .post('/agents/strict-bot/versions/1.2.0/publish')
        .expect(200);
      const cases: [string, number, string][] = [
        [
          '1.1.0',
          400,
          'must be greater than the latest released version 1.2.0',
        ],
        ['1.2', 400, 'must be a semantic version'],
        ['v1.3.0', 400, 'must be a semantic version'],
        ['latest', 400, 'must be a semantic version'],
        ['1.2.0', 409, 'already exists'],
      ];
      for (const [version, status, message] of cases) {
        const res = await alice().post('/agents/strict-bot/versions', {
          version,
          flow: flowExport(),
        });
        expect({ version, status: res.status }).toEqual({ version, status });
        expect(res.body.error.message).toContain(message);
      }
      const notAFlow = await alice().post('/agents/strict-bot/versions', {
        version: '1.3.0',
        flow: { name: 'x', data: { nodes: [] } },
      });
      expect(notAFlow.status).toBe(400);
      expect(notAFlow.body.error.message).toContain(
        'flow.data.edges must be an array',
      );

      const versions = await alice().get('/agents/strict-bot/versions');
      expect(versions.body.items.map((v: any) => v.version)).toEqual(['1.2.0']);
    });
  },
);
