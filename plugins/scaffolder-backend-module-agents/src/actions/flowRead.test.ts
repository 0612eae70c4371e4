import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  actionContext,
  outputsOf,
  workspaceWith,
} from '../__testUtils__/actionContext';
import { asDataUrl, sampleFlow } from '../__testUtils__/flows';
import { createFlowReadAction } from './flowRead';

describe('agents:flow:read', () => {
  const action = createFlowReadAction();

  it('checks an uploaded export, summarises it and keeps it in the workspace', async () => {
    const workspace = workspaceWith();
    const ctx = actionContext(
      { file: asDataUrl(sampleFlow(), 'support-bot.flow.json') },
      { workspacePath: workspace.path },
    );
    await action.handler(ctx);
    expect(outputsOf(ctx)).toEqual({
      path: 'flow.json',
      flowId: '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      name: 'Support Bot',
      description: 'Answers customer support questions about Acme Widgets.',
      endpointName: 'support-bot',
      nodeCount: 4,
      inputs: ['ChatInput'],
      outputs: ['ChatOutput'],
      tags: ['chatbots', 'support'],
    });
    expect(
      JSON.parse(readFileSync(join(workspace.path, 'flow.json'), 'utf8')),
    ).toEqual(sampleFlow());
  });

  it('reads an export an earlier step left in the workspace', async () => {
    const workspace = workspaceWith({
      'flows/bot.json': JSON.stringify(sampleFlow()),
    });
    const ctx = actionContext(
      { path: 'flows/bot.json' },
      { workspacePath: workspace.path },
    );
    await action.handler(ctx);
    expect(outputsOf(ctx)).toMatchObject({
      path: 'flows/bot.json',
      name: 'Support Bot',
    });
  });

  it('names every problem of a file that is not a Langflow export', async () => {
    const flow = sampleFlow();
    flow.data.edges[0].target = 'Ghost-1';
    delete flow.data.nodes[1].data.type;
    const ctx = actionContext(
      { file: asDataUrl(flow, 'broken.json') },
      { workspacePath: workspaceWith().path },
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'The uploaded file broken.json is not a Langflow flow export: flow.data.nodes[1].data.type is required (the component type, e.g. ChatInput); flow.data.edges[0].target refers to unknown node "Ghost-1". In Langflow, open the flow, choose Export and save it as JSON, then use that file.',
    );
  });

  it('says what to do when there is no file', async () => {
    const ctx = actionContext({}, { workspacePath: workspaceWith().path });
    await expect(action.handler(ctx)).rejects.toThrow(
      'No flow export at flow.json in the workspace: read the uploaded file with agents:flow:read first (or fetch it with fetch:plain:file)',
    );
  });

  it('refuses paths outside the workspace', async () => {
    const ctx = actionContext(
      { path: '../../etc/passwd' },
      { workspacePath: workspaceWith().path },
    );
    await expect(action.handler(ctx)).rejects.toThrow(/outside/);
  });

  it('warns about flows without chat input or output', async () => {
    const flow = sampleFlow();
    flow.data.nodes = flow.data.nodes.slice(1, 3);
    flow.data.edges = flow.data.edges.slice(1, 2);
    const ctx = actionContext(
      { file: asDataUrl(flow) },
      { workspacePath: workspaceWith().path },
    );
    const warn = jest.spyOn(ctx.logger, 'warn');
    await action.handler(ctx);
    expect(warn).toHaveBeenCalledWith(
      'The flow has no input component (ChatInput, TextInput or Webhook) and no output component (ChatOutput, TextOutput or DataOutput); the gateway may get no answer from it',
    );
  });
});
