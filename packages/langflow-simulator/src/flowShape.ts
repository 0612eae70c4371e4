import type { FlowData, FlowNode } from './types';

/** Langflow's InterfaceComponentTypes (doc 2.1): where input enters and answers leave. */
const INPUT_TYPES = new Set(['ChatInput', 'TextInput', 'Webhook']);
const OUTPUT_TYPES = new Set(['ChatOutput', 'TextOutput', 'DataOutput']);

/** Template fields that mark a component as the one calling a model (doc 2.1, "Model used"). */
const MODEL_FIELDS = ['model', 'model_name', 'agent_llm'];

/**
 * What the simulator needs to know about a flow to "run" it, computed once
 * when the flow is stored so a run does no graph walking.
 */
export interface FlowShape {
  nodes: FlowNode[];
  nodesById: Map<string, FlowNode>;
  nodesByDisplayName: Map<string, FlowNode>;
  chatInput: FlowNode | undefined;
  textInput: FlowNode | undefined;
  outputNodes: FlowNode[];
  /** The component that stands for the LLM call: an Agent or a model component. */
  modelNode: FlowNode | undefined;
  isAgent: boolean;
}

/** Uploaded JSON is untrusted: nodes without an id and a component type are skipped. */
function isNode(node: unknown): node is FlowNode {
  const candidate = node as FlowNode | null;
  return (
    typeof candidate?.id === 'string' &&
    typeof candidate.data?.type === 'string'
  );
}

export function describeFlow(data: FlowData | null): FlowShape {
  const nodes = Array.isArray(data?.nodes) ? data.nodes.filter(isNode) : [];
  const modelNode = nodes.find(
    node =>
      node.data.type === 'Agent' ||
      MODEL_FIELDS.some(field => node.data.node?.template?.[field]),
  );
  return {
    nodes,
    nodesById: new Map(nodes.map(node => [node.id, node])),
    nodesByDisplayName: new Map(
      nodes.flatMap(node =>
        node.data.node?.display_name
          ? [[node.data.node.display_name, node] as const]
          : [],
      ),
    ),
    chatInput: nodes.find(node => node.data.type === 'ChatInput'),
    textInput: nodes.find(node => node.data.type === 'TextInput'),
    outputNodes: nodes.filter(node => OUTPUT_TYPES.has(node.data.type)),
    modelNode,
    isAgent: modelNode?.data.type === 'Agent',
  };
}

export function isInputNode(node: FlowNode): boolean {
  return INPUT_TYPES.has(node.data.type);
}

export function displayName(node: FlowNode): string {
  return (
    node.data.node?.display_name ?? node.data.display_name ?? node.data.type
  );
}

/** Name of the node's first declared output, Langflow's key in `results`/`outputs`. */
export function firstOutputName(node: FlowNode): string {
  const declared = node.data.node?.outputs?.[0]?.name;
  if (declared) {
    return declared;
  }
  return node.data.type === 'ChatOutput' || node.data.type === 'ChatInput'
    ? 'message'
    : 'text';
}
