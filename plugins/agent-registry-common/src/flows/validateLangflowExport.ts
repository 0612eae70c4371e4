/**
 * Checks that a value is a Langflow flow export (the JSON file Langflow writes for a flow):
 * `data.nodes` and `data.edges` arrays, each node with an id and a component type, each edge
 * joining two nodes of the flow. Returns every problem with its path; empty means valid.
 */
export type FlowExportIssue = { field: string; message: string };

/** What the registry reads from a flow export. */
export type LangflowExportSummary = {
  id?: string;
  name: string;
  description?: string;
  endpointName?: string;
  tags: string[];
  nodeCount: number;
  /** Component types of the flow's inputs (ChatInput, TextInput, Webhook). */
  inputs: string[];
  /** Component types of the flow's outputs (ChatOutput, TextOutput, DataOutput). */
  outputs: string[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENDPOINT_NAME = /^[a-zA-Z0-9_-]+$/;
const INPUT_TYPES = ['ChatInput', 'TextInput', 'Webhook'];
const OUTPUT_TYPES = ['ChatOutput', 'TextOutput', 'DataOutput'];

const isObject = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateLangflowExport(
  flow: unknown,
  path = 'flow',
): FlowExportIssue[] {
  const issues: FlowExportIssue[] = [];
  const add = (field: string, message: string) =>
    issues.push({ field, message });
  if (!isObject(flow)) {
    add(
      path,
      'must be a Langflow flow export (a JSON object with "name" and "data")',
    );
    return issues;
  }
  if (typeof flow.name !== 'string' || !flow.name.trim()) {
    add(`${path}.name`, 'is required');
  }
  if (
    flow.id !== undefined &&
    flow.id !== null &&
    (typeof flow.id !== 'string' || !UUID.test(flow.id))
  ) {
    add(`${path}.id`, `must be a UUID (got ${JSON.stringify(flow.id)})`);
  }
  if (
    flow.endpoint_name !== undefined &&
    flow.endpoint_name !== null &&
    (typeof flow.endpoint_name !== 'string' ||
      !ENDPOINT_NAME.test(flow.endpoint_name))
  ) {
    add(
      `${path}.endpoint_name`,
      "may only contain letters, digits, '-' and '_'",
    );
  }
  if (!isObject(flow.data)) {
    add(
      `${path}.data`,
      'is required: a Langflow export has data.nodes and data.edges',
    );
    return issues;
  }
  const { nodes, edges } = flow.data;
  if (!Array.isArray(nodes))
    add(`${path}.data.nodes`, 'must be an array (Flow must have nodes)');
  if (!Array.isArray(edges))
    add(`${path}.data.edges`, 'must be an array (Flow must have edges)');
  if (!Array.isArray(nodes) || !Array.isArray(edges)) return issues;
  if (nodes.length === 0)
    add(`${path}.data.nodes`, 'must contain at least one component');

  const ids = new Set<string>();
  nodes.forEach((node, i) => {
    const at = `${path}.data.nodes[${i}]`;
    if (!isObject(node)) return add(at, 'must be an object');
    if (typeof node.id !== 'string' || !node.id)
      return add(`${at}.id`, 'is required');
    if (ids.has(node.id)) add(`${at}.id`, `duplicates node "${node.id}"`);
    ids.add(node.id);
    if (!isObject(node.data) || typeof node.data.type !== 'string') {
      add(
        `${at}.data.type`,
        'is required (the component type, e.g. ChatInput)',
      );
    }
    return undefined;
  });
  edges.forEach((edge, i) => {
    const at = `${path}.data.edges[${i}]`;
    if (!isObject(edge)) return add(at, 'must be an object');
    for (const end of ['source', 'target'] as const) {
      if (typeof edge[end] !== 'string') add(`${at}.${end}`, 'is required');
      else if (!ids.has(edge[end]))
        add(`${at}.${end}`, `refers to unknown node "${edge[end]}"`);
    }
    return undefined;
  });
  return issues;
}

/** Reads the registry-relevant facts of a valid flow export. */
export function summarizeLangflowExport(
  flow: Record<string, any>,
): LangflowExportSummary {
  const types: string[] = flow.data.nodes.map((n: any) => n.data.type);
  return {
    id: flow.id ?? undefined,
    name: flow.name,
    description:
      typeof flow.description === 'string' ? flow.description : undefined,
    endpointName: flow.endpoint_name ?? undefined,
    tags: Array.isArray(flow.tags)
      ? flow.tags.filter((t: unknown) => typeof t === 'string')
      : [],
    nodeCount: types.length,
    inputs: types.filter(t => INPUT_TYPES.includes(t)),
    outputs: types.filter(t => OUTPUT_TYPES.includes(t)),
  };
}
