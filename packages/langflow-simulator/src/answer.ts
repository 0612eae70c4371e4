import type { FlowShape } from './flowShape';
import type { FlowNode, TokenUsage, Tweaks } from './types';

/*
 * The simulator's stand-in for an LLM. Everything here is deterministic so
 * tests can assert exact text and token counts; the rule is documented in
 * the README ("Deterministic answer and token rule").
 */

/** Fields read as the system prompt, in priority order; `template` only on Prompt components. */
const SYSTEM_PROMPT_FIELDS = ['system_prompt', 'system_message'];

export interface Answer {
  /** The user input the flow saw (request `input_value`, else the input component's value). */
  input: string;
  text: string;
  systemPrompt: string | undefined;
  temperature: string | undefined;
  /** Model name as Langflow reports it in `properties.source.source`. */
  model: string | null;
  usage: TokenUsage;
}

/** ~4 characters per token, the usual rule of thumb; 0 for empty text. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value a template field has once tweaks are applied, following
 * Langflow's `process_tweaks`: a dict tweak targets a node by id or display
 * name, a bare value targets every node, bare values are applied last (so
 * they win), and only fields the template declares can be tweaked. A dict
 * given as the value overrides template keys, so its `value` key is used.
 */
export function tweakedValue(
  shape: FlowShape,
  node: FlowNode,
  field: string,
  tweaks: Tweaks | null | undefined,
): unknown {
  const template = node.data.node?.template?.[field];
  if (!isRecord(template)) {
    return undefined;
  }
  if (tweaks) {
    const global = tweaks[field];
    if (global !== undefined && !isRecord(global)) {
      return global;
    }
    const nodeTweaks = tweaks[node.id] ?? tweaks[displayNameKey(shape, node)];
    if (isRecord(nodeTweaks) && field in nodeTweaks) {
      const tweak = nodeTweaks[field];
      return isRecord(tweak) && 'value' in tweak ? tweak.value : tweak;
    }
  }
  return template.value;
}

function displayNameKey(shape: FlowShape, node: FlowNode): string {
  const name = node.data.node?.display_name;
  // Langflow maps display names to the *last* node carrying them.
  return name && shape.nodesByDisplayName.get(name) === node ? name : node.id;
}

function firstText(
  shape: FlowShape,
  fields: string[],
  tweaks: Tweaks | null | undefined,
  accept: (node: FlowNode) => boolean = () => true,
): string | undefined {
  for (const field of fields) {
    for (const node of shape.nodes) {
      if (!accept(node)) {
        continue;
      }
      const value = tweakedValue(shape, node, field, tweaks);
      if (typeof value === 'string' && value.trim() !== '') {
        return value;
      }
    }
  }
  return undefined;
}

function systemPromptOf(
  shape: FlowShape,
  tweaks: Tweaks | null | undefined,
): string | undefined {
  return (
    firstText(shape, SYSTEM_PROMPT_FIELDS, tweaks) ??
    firstText(shape, ['template'], tweaks, node =>
      node.data.type.startsWith('Prompt'),
    )
  );
}

function temperatureOf(
  shape: FlowShape,
  tweaks: Tweaks | null | undefined,
): string | undefined {
  for (const node of shape.nodes) {
    const value = tweakedValue(shape, node, 'temperature', tweaks);
    if (value !== undefined && value !== null && value !== '') {
      return String(value);
    }
  }
  return undefined;
}

/** Model detection in the three generations of flow JSON (doc 2.1, "Robust detection"). */
function modelOf(
  shape: FlowShape,
  tweaks: Tweaks | null | undefined,
): string | null {
  const node = shape.modelNode;
  if (!node) {
    return null;
  }
  const unified = tweakedValue(shape, node, 'model', tweaks);
  if (Array.isArray(unified) && isRecord(unified[0])) {
    const name = unified[0].name;
    if (typeof name === 'string') {
      return name;
    }
  }
  const modelName = tweakedValue(shape, node, 'model_name', tweaks);
  return typeof modelName === 'string' ? modelName : node.data.type;
}

/** The input the flow sees: the request's `input_value`, else the input component's own value. */
function inputOf(
  shape: FlowShape,
  inputValue: string | null | undefined,
  tweaks: Tweaks | null | undefined,
): string {
  if (typeof inputValue === 'string') {
    return inputValue;
  }
  const node = shape.chatInput ?? shape.textInput;
  const value = node && tweakedValue(shape, node, 'input_value', tweaks);
  return typeof value === 'string' ? value : '';
}

/**
 * Answer text:
 *   `[<flow name>] You said: <input>` + ` [system: <prompt>]` + ` [temperature: <t>]`
 * where the bracketed parts appear only when the flow (after tweaks) has them.
 * Tokens: input = tokens(system prompt) + tokens(input), output = tokens(answer text).
 */
export function composeAnswer(
  flowName: string,
  shape: FlowShape,
  inputValue: string | null | undefined,
  tweaks: Tweaks | null | undefined,
): Answer {
  const input = inputOf(shape, inputValue, tweaks);
  const systemPrompt = systemPromptOf(shape, tweaks);
  const temperature = temperatureOf(shape, tweaks);
  let text = `[${flowName}] You said: ${input}`;
  if (systemPrompt !== undefined) {
    text += ` [system: ${systemPrompt}]`;
  }
  if (temperature !== undefined) {
    text += ` [temperature: ${temperature}]`;
  }
  const inputTokens = countTokens(systemPrompt ?? '') + countTokens(input);
  const outputTokens = countTokens(text);
  return {
    input,
    text,
    systemPrompt,
    temperature,
    model: modelOf(shape, tweaks),
    usage: {
      input_tokens: inputTokens,
      output_tokens: outputTokens,
      total_tokens: inputTokens + outputTokens,
    },
  };
}
