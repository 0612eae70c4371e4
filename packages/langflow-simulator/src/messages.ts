import type { Answer } from './answer';
import {
  displayName,
  firstOutputName,
  isInputNode,
  type FlowShape,
} from './flowShape';
import type {
  FlowNode,
  MessageData,
  MessageProperties,
  ResultData,
  RunRequest,
  RunResponse,
  SerializedMessage,
  TokenUsage,
} from './types';

/*
 * Builds Langflow's RunResponse / Message JSON (doc 1.4) for one simulated
 * run. Shapes follow the @datastax/langflow-client fixtures (model and agent
 * responses), which are captures of real Langflow answers.
 */

/** Everything one run produces; shared by the JSON and the streaming answers. */
export interface RunContext {
  flowId: string;
  sessionId: string;
  shape: FlowShape;
  request: RunRequest;
  answer: Answer;
  /** `undefined` leaves `usage` out (Langflow < 1.9), `null` means "unknown". */
  usage: TokenUsage | null | undefined;
  userMessageId: string;
  aiMessageId: string;
  /** Langflow's message timestamp format, e.g. `2025-02-28T22:04:19+00:00`. */
  timestamp: string;
}

export function messageTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19)}+00:00`;
}

/** Token events use another format, e.g. `2025-03-03 17:20:18 UTC` (doc 1.5). */
export function tokenTimestamp(now: Date): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

function properties(
  source: MessageProperties['source'],
  icon: string,
  state: MessageProperties['state'],
  usage: TokenUsage | null | undefined,
): MessageProperties {
  const props: MessageProperties = {
    text_color: '',
    background_color: '',
    edited: false,
    source,
    icon,
    allow_markdown: false,
    positive_feedback: null,
    state,
    targets: [],
  };
  if (usage !== undefined) {
    props.usage = usage;
  }
  return props;
}

/** The user's message, as the ChatInput component stores and streams it. */
export function userMessage(ctx: RunContext): MessageData {
  const node = ctx.shape.chatInput;
  return {
    timestamp: ctx.timestamp,
    sender: 'User',
    sender_name: 'User',
    session_id: ctx.sessionId,
    text: ctx.answer.input,
    files: [],
    error: false,
    edit: false,
    properties: properties(
      {
        id: node?.id ?? null,
        display_name: node ? displayName(node) : null,
        source: null,
      },
      '',
      'complete',
      undefined,
    ),
    category: 'message',
    content_blocks: [],
    id: ctx.userMessageId,
    flow_id: ctx.flowId,
  };
}

/** Agent answers carry their reasoning trace (doc 1.4, agent_response fixture). */
function agentSteps(ctx: RunContext, text: string): unknown[] {
  return [
    {
      title: 'Agent Steps',
      contents: [
        {
          type: 'text',
          duration: 0,
          header: { title: 'Input', icon: 'MessageSquare' },
          text: `**Input**: ${ctx.answer.input}`,
        },
        {
          type: 'text',
          duration: 0,
          header: { title: 'Output', icon: 'MessageSquare' },
          text,
        },
      ],
      allow_markdown: true,
      media_url: null,
    },
  ];
}

/** The AI's message; `text` and `state` vary while streaming. */
export function aiMessage(
  ctx: RunContext,
  text: string,
  state: MessageProperties['state'],
): MessageData {
  const node = ctx.shape.modelNode;
  const complete = state === 'complete';
  return {
    timestamp: ctx.timestamp,
    sender: 'Machine',
    sender_name: 'AI',
    session_id: ctx.sessionId,
    text,
    files: [],
    error: false,
    edit: false,
    properties: properties(
      {
        id: node?.id ?? null,
        display_name: node ? displayName(node) : null,
        source: ctx.answer.model,
      },
      node?.data.node?.icon ?? '',
      state,
      complete ? ctx.usage : undefined,
    ),
    category: 'message',
    content_blocks: ctx.shape.isAgent && complete ? agentSteps(ctx, text) : [],
    id: ctx.aiMessageId,
    flow_id: ctx.flowId,
  };
}

function serialize(data: MessageData): SerializedMessage {
  return { text_key: 'text', data, default_value: '', ...data };
}

/** ResultData of a ChatOutput: a full message, as the datastax client expects. */
function chatResult(
  ctx: RunContext,
  node: FlowNode,
  data: MessageData,
): ResultData {
  // Agents hand ChatOutput a plain string, model components a Message object.
  const type = ctx.shape.isAgent ? 'text' : 'message';
  return {
    results: { message: serialize(data) },
    artifacts: {
      message: data.text,
      sender: data.sender,
      sender_name: data.sender_name,
      files: [],
      type: 'object',
    },
    outputs: {
      message: { message: ctx.shape.isAgent ? data.text : data, type },
    },
    logs: { message: [] },
    messages: [
      {
        message: data.text,
        sender: data.sender,
        sender_name: data.sender_name,
        session_id: ctx.sessionId,
        stream_url: null,
        component_id: node.id,
        files: [],
        type,
      },
    ],
    timedelta: null,
    duration: null,
    component_display_name: displayName(node),
    component_id: node.id,
    used_frozen_result: false,
  };
}

/**
 * ResultData of any other vertex (TextOutput, or every vertex with
 * `output_type=debug`). The doc only pins the ChatOutput shape; this mirrors
 * it under the vertex's own output name, without chat `messages`, which is
 * what non-chat components produce in Langflow.
 */
function textResult(node: FlowNode, data: MessageData): ResultData {
  const key = firstOutputName(node);
  return {
    results: { [key]: serialize(data) },
    artifacts: { [key]: { repr: data.text, raw: data.text, type: 'text' } },
    outputs: { [key]: { message: data.text, type: 'text' } },
    logs: { [key]: [] },
    messages: [],
    timedelta: null,
    duration: null,
    component_display_name: displayName(node),
    component_id: node.id,
    used_frozen_result: false,
  };
}

/**
 * Langflow's output selection (doc 1.3): `output_component` if set, `debug` =
 * every vertex, `any` = every output vertex, `chat`/`text` = output vertices
 * whose id contains that word.
 */
function selectedVertices(shape: FlowShape, request: RunRequest): FlowNode[] {
  if (request.output_component) {
    const node = shape.nodesById.get(request.output_component);
    return node ? [node] : [];
  }
  const outputType = request.output_type ?? 'chat';
  if (outputType === 'debug') {
    return shape.nodes;
  }
  if (outputType === 'any') {
    return shape.outputNodes;
  }
  return shape.outputNodes.filter(node =>
    node.id.toLowerCase().includes(outputType),
  );
}

export function runResponse(ctx: RunContext): RunResponse {
  const answer = aiMessage(ctx, ctx.answer.text, 'complete');
  const outputs = selectedVertices(ctx.shape, ctx.request).map(node => {
    if (node.data.type === 'ChatOutput') {
      return chatResult(ctx, node, answer);
    }
    return textResult(node, isInputNode(node) ? userMessage(ctx) : answer);
  });
  const inputs =
    typeof ctx.request.input_value === 'string'
      ? { input_value: ctx.request.input_value }
      : {};
  return { session_id: ctx.sessionId, outputs: [{ inputs, outputs }] };
}
