/*
 * Wire types of the slice of Langflow's HTTP API that the simulator plays.
 * Field names follow Langflow's JSON exactly (snake_case), see
 * /work/shared/reference/langflow-mcp.md sections 1.3, 1.4, 1.5 and 2.1.
 */

/** One field of a component template, e.g. `template.model_name`. */
export interface TemplateField {
  type?: string;
  value?: unknown;
  show?: boolean;
  advanced?: boolean;
  required?: boolean;
  display_name?: string;
  info?: string;
  _input_type?: string;
  load_from_db?: boolean;
  [key: string]: unknown;
}

/** An output socket declared by a component (`data.node.outputs[]`). */
export interface FlowNodeOutput {
  name: string;
  method?: string;
  types?: string[];
  selected?: string;
  display_name?: string;
  [key: string]: unknown;
}

/** A node of an exported flow (`data.nodes[]`), e.g. `ChatInput-jFwUm`. */
export interface FlowNode {
  id: string;
  type?: string;
  position?: { x: number; y: number };
  data: {
    id?: string;
    /** Component type, e.g. `ChatInput`, `Prompt`, `OpenAIModel`, `Agent`. */
    type: string;
    display_name?: string;
    description?: string;
    node?: {
      display_name?: string;
      description?: string;
      icon?: string;
      base_classes?: string[];
      lf_version?: string;
      outputs?: FlowNodeOutput[];
      /** Fields by name, plus Langflow's `_type: "Component"` marker. */
      template?: Record<string, TemplateField | string>;
      field_order?: string[];
      [key: string]: unknown;
    };
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** An edge of an exported flow (`data.edges[]`). */
export interface FlowEdge {
  id?: string;
  source: string;
  target: string;
  sourceHandle?: string;
  targetHandle?: string;
  data?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface FlowData {
  nodes: FlowNode[];
  edges: FlowEdge[];
  viewport?: { x: number; y: number; zoom: number };
  [key: string]: unknown;
}

/** A flow as exported by Langflow (`FLOW_NAME.json`) or sent to `POST /api/v1/flows/`. */
export interface FlowExport {
  id?: string;
  name: string;
  description?: string | null;
  endpoint_name?: string | null;
  data: FlowData | null;
  icon?: string | null;
  icon_bg_color?: string | null;
  gradient?: string | null;
  is_component?: boolean;
  updated_at?: string | null;
  webhook?: boolean;
  tags?: string[] | null;
  locked?: boolean;
  mcp_enabled?: boolean;
  action_name?: string | null;
  action_description?: string | null;
  access_type?: 'PRIVATE' | 'PUBLIC';
  last_tested_version?: string;
  folder_id?: string | null;
  user_id?: string | null;
  fs_path?: string | null;
  [key: string]: unknown;
}

/** What `GET /api/v1/flows/{id}` returns (Langflow's FlowRead). */
export interface FlowRead {
  id: string;
  name: string;
  description: string | null;
  icon: string | null;
  icon_bg_color: string | null;
  gradient: string | null;
  data: FlowData | null;
  is_component: boolean;
  updated_at: string;
  webhook: boolean;
  endpoint_name: string | null;
  tags: string[];
  locked: boolean;
  mcp_enabled: boolean;
  action_name: string | null;
  action_description: string | null;
  access_type: 'PRIVATE' | 'PUBLIC';
  user_id: string;
  folder_id: string;
  fs_path: string | null;
}

/** Tweaks: component id (or display name) → field overrides; a bare value applies to every component. */
export type Tweaks = Record<
  string,
  Record<string, unknown> | string | number | boolean | null
>;

/** Body of `POST /api/v1/run/{flow_id_or_name}` (Langflow's SimplifiedAPIRequest). */
export interface RunRequest {
  input_value?: string | null;
  input_type?: 'chat' | 'text' | 'any';
  output_type?: 'chat' | 'text' | 'any' | 'debug';
  output_component?: string;
  tweaks?: Tweaks | null;
  session_id?: string | null;
}

/** Langflow ≥ 1.9 `Message.properties.usage`. */
export interface TokenUsage {
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
}

export interface MessageProperties {
  text_color: string;
  background_color: string;
  edited: boolean;
  source: {
    id: string | null;
    display_name: string | null;
    source: string | null;
  };
  icon: string;
  allow_markdown: boolean;
  positive_feedback: boolean | null;
  state: 'complete' | 'partial';
  targets: unknown[];
  usage?: TokenUsage | null;
}

/** A message as Langflow puts it in `add_message` events and `outputs.message.message`. */
export interface MessageData {
  timestamp: string;
  sender: 'Machine' | 'User';
  sender_name: string;
  session_id: string;
  text: string;
  files: unknown[];
  error: boolean;
  edit: boolean;
  properties: MessageProperties;
  category: 'message';
  content_blocks: unknown[];
  id: string;
  flow_id: string;
}

/** A serialized Message object as found in `results.message`. */
export interface SerializedMessage extends MessageData {
  text_key: 'text';
  data: MessageData;
  default_value: string;
}

/** One selected output vertex of a run (Langflow's ResultData). */
export interface ResultData {
  results: Record<string, unknown>;
  artifacts: Record<string, unknown>;
  outputs: Record<string, { message: unknown; type: string }>;
  logs: Record<string, unknown[]>;
  messages: Array<{
    message: string;
    sender: string;
    sender_name: string;
    session_id: string;
    stream_url: string | null;
    component_id: string;
    files: unknown[];
    type: string;
  }>;
  timedelta: number | null;
  duration: string | null;
  component_display_name: string;
  component_id: string;
  used_frozen_result: boolean;
}

export interface RunOutputs {
  inputs: Record<string, unknown>;
  outputs: ResultData[];
}

/** Non-streaming answer of `/api/v1/run` (Langflow's RunResponse). */
export interface RunResponse {
  session_id: string;
  outputs: RunOutputs[];
}

/** One record of a `?stream=true` answer. */
export type StreamEvent =
  | { event: 'add_message'; data: MessageData }
  | {
      event: 'token';
      data: { chunk: string; id: string; timestamp: string };
    }
  | { event: 'end'; data: { result: RunResponse } }
  | { event: 'error'; data: { error: string } };
