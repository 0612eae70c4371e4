import { DEFAULT_FOLDER_ID, SIMULATOR_USER_ID } from './flowStore';
import { basicPromptingFlow, simpleAgentFlow } from './sampleFlows';
import { startLangflowSimulator, type LangflowSimulator } from './simulator';
import type { FlowExport, FlowRead } from './types';

const KEY = 'sk-test';
const auth = { 'x-api-key': KEY };

describe('flow endpoints', () => {
  let sim: LangflowSimulator;

  beforeEach(async () => {
    sim = await startLangflowSimulator({ apiKeys: [KEY] });
  });
  afterEach(() => sim.stop());

  const createFlow = (body: unknown, headers: Record<string, string> = auth) =>
    fetch(`${sim.url}/api/v1/flows/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  const upload = (content: string | Uint8Array, query = '') => {
    const form = new FormData();
    form.append(
      'file',
      new Blob([content], { type: 'application/json' }),
      'flow.json',
    );
    return fetch(`${sim.url}/api/v1/flows/upload/${query}`, {
      method: 'POST',
      headers: auth,
      body: form,
    });
  };

  describe('POST /api/v1/flows/', () => {
    it('creates a flow and answers 201 FlowRead', async () => {
      const res = await createFlow(basicPromptingFlow);
      expect(res.status).toBe(201);
      const flow = (await res.json()) as FlowRead;
      expect(flow).toMatchObject({
        id: basicPromptingFlow.id,
        name: 'Basic Prompting',
        endpoint_name: 'basic-prompting',
        description: 'Perform basic prompting with an OpenAI model.',
        user_id: SIMULATOR_USER_ID,
        folder_id: DEFAULT_FOLDER_ID,
        mcp_enabled: false,
        access_type: 'PRIVATE',
        is_component: false,
        webhook: false,
        tags: ['chatbots'],
      });
      expect(flow.data?.nodes).toHaveLength(4);
      expect('last_tested_version' in flow).toBe(false);
    });

    it('renames a taken name and endpoint name like Langflow, and refuses a taken id', async () => {
      const { id: _id, ...withoutId } = basicPromptingFlow;
      await createFlow(withoutId);
      const second = (await (await createFlow(withoutId)).json()) as FlowRead;
      const third = (await (await createFlow(withoutId)).json()) as FlowRead;
      expect([second.name, second.endpoint_name]).toEqual([
        'Basic Prompting (1)',
        'basic-prompting-1',
      ]);
      expect([third.name, third.endpoint_name]).toEqual([
        'Basic Prompting (2)',
        'basic-prompting-2',
      ]);

      await createFlow(simpleAgentFlow);
      const again = await createFlow({
        ...simpleAgentFlow,
        name: 'Other',
        endpoint_name: null,
      });
      expect(again.status).toBe(400);
      expect(await again.json()).toEqual({ detail: 'Id must be unique' });
    });

    it('answers 422 for invalid flows', async () => {
      const res = await createFlow({
        data: { nodes: [] },
        endpoint_name: 'bad name!',
      });
      expect(res.status).toBe(422);
      const { detail } = await res.json();
      expect(
        detail.map((issue: { loc: string[]; type: string }) => [
          issue.loc.join('.'),
          issue.type,
        ]),
      ).toEqual([
        ['body.name', 'missing'],
        ['body.endpoint_name', 'value_error'],
        ['body.data', 'value_error'],
      ]);
      expect(detail[2].msg).toBe('Value error, Flow must have edges');
    });

    it('requires the API key', async () => {
      const res = await createFlow(basicPromptingFlow, {});
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({
        detail: 'An API key must be passed as query or header',
      });
    });
  });

  describe('POST /api/v1/flows/upload/', () => {
    it('uploads a single exported flow as multipart file, then it runs', async () => {
      const res = await upload(JSON.stringify(simpleAgentFlow));
      expect(res.status).toBe(201);
      const flows = (await res.json()) as FlowRead[];
      expect(flows.map(flow => flow.id)).toEqual([simpleAgentFlow.id]);
      const run = await fetch(`${sim.url}/api/v1/run/simple-agent`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ input_value: 'hi' }),
      });
      expect(run.status).toBe(200);
    });

    it('uploads {"flows": [...]} and upserts flows with a known id', async () => {
      const res = await upload(
        JSON.stringify({ flows: [basicPromptingFlow, simpleAgentFlow] }),
      );
      expect(res.status).toBe(201);
      const changed: FlowExport = { ...basicPromptingFlow, description: 'v2' };
      const [updated] = (await (
        await upload(JSON.stringify(changed))
      ).json()) as FlowRead[];
      expect(updated).toMatchObject({
        id: basicPromptingFlow.id,
        name: 'Basic Prompting',
        description: 'v2',
        endpoint_name: 'basic-prompting',
      });
      expect(sim.flows()).toHaveLength(2);
    });

    it("answers 409 when an upsert takes another flow's name", async () => {
      await upload(
        JSON.stringify({ flows: [basicPromptingFlow, simpleAgentFlow] }),
      );
      const res = await upload(
        JSON.stringify({ ...basicPromptingFlow, name: 'Simple Agent' }),
      );
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({ detail: 'Name must be unique' });
    });

    it('puts flows into the folder_id project', async () => {
      const folder = '11111111-2222-4333-8444-555555555555';
      const [flow] = (await (
        await upload(JSON.stringify(basicPromptingFlow), `?folder_id=${folder}`)
      ).json()) as FlowRead[];
      expect(flow.folder_id).toBe(folder);
    });

    it('answers 400 without file, with an empty file, bad JSON or a ZIP', async () => {
      const noFile = await fetch(`${sim.url}/api/v1/flows/upload/`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(basicPromptingFlow),
      });
      expect(noFile.status).toBe(400);
      expect(await noFile.json()).toEqual({ detail: 'No file provided' });
      expect(await (await upload('')).json()).toEqual({
        detail: 'The uploaded file is empty',
      });
      const bad = await upload('{nope');
      expect(bad.status).toBe(400);
      expect((await bad.json()).detail).toMatch(/^Invalid JSON file: /);
      expect((await upload(new Uint8Array([0x50, 0x4b, 3, 4, 0]))).status).toBe(
        400,
      );
    });

    it('answers 422 for a file without a valid flow', async () => {
      expect((await upload('[1,2]')).status).toBe(422);
      expect((await upload('{"flows": 3}')).status).toBe(422);
      expect((await upload('{"description": "no name"}')).status).toBe(422);
    });
  });

  describe('GET /api/v1/flows/{id} and /api/v1/flows/', () => {
    beforeEach(() => {
      sim.addFlow(basicPromptingFlow);
      sim.addFlow(simpleAgentFlow);
    });

    it('reads one flow, 404 when unknown, 422 when not a UUID', async () => {
      const ok = await fetch(
        `${sim.url}/api/v1/flows/${basicPromptingFlow.id}`,
        { headers: auth },
      );
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as FlowRead).name).toBe('Basic Prompting');

      const missing = await fetch(
        `${sim.url}/api/v1/flows/00000000-0000-4000-8000-000000000000`,
        {
          headers: auth,
        },
      );
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ detail: 'Flow not found' });

      const invalid = await fetch(`${sim.url}/api/v1/flows/basic-prompting`, {
        headers: auth,
      });
      expect(invalid.status).toBe(422);
      expect((await invalid.json()).detail[0]).toMatchObject({
        type: 'uuid_parsing',
        loc: ['path', 'flow_id'],
      });
    });

    it('lists flows as gzip-compressed JSON, with or without trailing slash', async () => {
      for (const path of ['/api/v1/flows/', '/api/v1/flows']) {
        const res = await fetch(`${sim.url}${path}`, { headers: auth });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-encoding')).toBe('gzip');
        const flows = (await res.json()) as FlowRead[];
        expect(flows.map(flow => flow.name).sort()).toEqual([
          'Basic Prompting',
          'Simple Agent',
        ]);
      }
    });

    it('paginates with get_all=false', async () => {
      const res = await fetch(
        `${sim.url}/api/v1/flows/?get_all=false&page=2&size=1`,
        { headers: auth },
      );
      const page = await res.json();
      expect(page).toMatchObject({ total: 2, page: 2, size: 1, pages: 2 });
      expect(page.items).toHaveLength(1);
    });

    it('deletes a flow', async () => {
      const res = await fetch(`${sim.url}/api/v1/flows/${simpleAgentFlow.id}`, {
        method: 'DELETE',
        headers: auth,
      });
      expect(await res.json()).toEqual({
        message: 'Flow deleted successfully',
      });
      expect(sim.flows().map(flow => flow.name)).toEqual(['Basic Prompting']);
    });

    it('requires the API key and answers 405 for unsupported methods', async () => {
      expect((await fetch(`${sim.url}/api/v1/flows/`)).status).toBe(403);
      expect(
        (
          await fetch(`${sim.url}/api/v1/flows/`, {
            method: 'PUT',
            headers: auth,
          })
        ).status,
      ).toBe(405);
    });
  });

  it('keeps its own copy of added flows', () => {
    const flow = structuredClone(basicPromptingFlow);
    sim.addFlow(flow);
    flow.name = 'mutated';
    sim.flows()[0].name = 'mutated too';
    expect(sim.flows()[0].name).toBe('Basic Prompting');
  });

  it('serves the version and health probes without a key', async () => {
    expect(await (await fetch(`${sim.url}/api/v1/version`)).json()).toEqual({
      version: '1.9.0',
      main_version: '1.9.0',
      package: 'Langflow',
    });
    expect(await (await fetch(`${sim.url}/health`)).json()).toEqual({
      status: 'ok',
    });
    expect((await fetch(`${sim.url}/api/v1/nothing`)).status).toBe(404);
  });
});
