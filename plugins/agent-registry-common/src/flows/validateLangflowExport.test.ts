import {
  summarizeLangflowExport,
  validateLangflowExport,
} from './validateLangflowExport';

const flow = () => ({
  id: '1511c230-d446-43a7-bfc3-539e69ce05b8',
  name: 'Basic Prompting',
  description: 'Perform basic prompting with an OpenAI model.',
  endpoint_name: 'basic-prompting',
  tags: ['chatbots'],
  data: {
    nodes: [
      {
        id: 'ChatInput-jFwUm',
        type: 'genericNode',
        data: { type: 'ChatInput', node: {} },
      },
      {
        id: 'OpenAIModel-1aB2c',
        type: 'genericNode',
        data: { type: 'OpenAIModel', node: {} },
      },
      {
        id: 'ChatOutput-xY9zW',
        type: 'genericNode',
        data: { type: 'ChatOutput', node: {} },
      },
    ],
    edges: [
      { source: 'ChatInput-jFwUm', target: 'OpenAIModel-1aB2c' },
      { source: 'OpenAIModel-1aB2c', target: 'ChatOutput-xY9zW' },
    ],
    viewport: { x: 0, y: 0, zoom: 1 },
  },
});

describe('validateLangflowExport', () => {
  it('accepts a Langflow export and summarises it', () => {
    expect(validateLangflowExport(flow())).toEqual([]);
    expect(summarizeLangflowExport(flow())).toEqual({
      id: '1511c230-d446-43a7-bfc3-539e69ce05b8',
      name: 'Basic Prompting',
      description: 'Perform basic prompting with an OpenAI model.',
      endpointName: 'basic-prompting',
      tags: ['chatbots'],
      nodeCount: 3,
      inputs: ['ChatInput'],
      outputs: ['ChatOutput'],
    });
  });

  it.each([
    ['not an object', () => 'hello', 'flow', 'must be a Langflow flow export'],
    ['a file without data', () => ({ name: 'x' }), 'flow.data', 'is required'],
    [
      'no edges',
      () => ({ ...flow(), data: { nodes: flow().data.nodes } }),
      'flow.data.edges',
      'Flow must have edges',
    ],
    [
      'no nodes',
      () => ({ ...flow(), data: { nodes: [], edges: [] } }),
      'flow.data.nodes',
      'at least one',
    ],
    [
      'a node without a type',
      () => {
        const f: any = flow();
        delete f.data.nodes[1].data.type;
        return f;
      },
      'flow.data.nodes[1].data.type',
      'is required',
    ],
    [
      'an edge to nowhere',
      () => {
        const f: any = flow();
        f.data.edges[0].target = 'Ghost-1';
        return f;
      },
      'flow.data.edges[0].target',
      'unknown node "Ghost-1"',
    ],
    ['a bad id', () => ({ ...flow(), id: 'abc' }), 'flow.id', 'must be a UUID'],
    [
      'a bad endpoint name',
      () => ({ ...flow(), endpoint_name: 'a b' }),
      'flow.endpoint_name',
      'letters, digits',
    ],
    ['no name', () => ({ ...flow(), name: '' }), 'flow.name', 'is required'],
  ])('rejects %s', (_, make, field, message) => {
    expect(validateLangflowExport(make())).toEqual(
      expect.arrayContaining([
        { field, message: expect.stringContaining(message) },
      ]),
    );
  });
});
