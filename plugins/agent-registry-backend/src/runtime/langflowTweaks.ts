import type { AgentConfiguration } from '@cmp/plugin-agent-registry-common';

type FlowNode = {
  id?: unknown;
  data?: { node?: { template?: Record<string, unknown> } };
};

/**
 * Turns a customer's effective configuration into Langflow tweaks for the version's flow:
 * the system prompt goes to every component that declares `system_prompt` or
 * `system_message` (model and agent components), temperature and max tokens to the
 * components that declare them. Langflow only accepts tweaks of declared fields, so the
 * flow snapshot decides which components get what.
 */
export function buildLangflowTweaks(
  flow: Record<string, unknown>,
  config: AgentConfiguration,
): Record<string, Record<string, string | number | boolean>> {
  const nodes = ((flow.data as { nodes?: FlowNode[] } | undefined)?.nodes ??
    []) as FlowNode[];
  const systemPrompt = config.persona?.systemPrompt;
  const { temperature, maxTokens } = config.behaviour ?? {};
  const tweaks: Record<string, Record<string, string | number | boolean>> = {};
  for (const node of nodes) {
    const template = node.data?.node?.template;
    if (typeof node.id !== 'string' || !template) continue;
    const tweak: Record<string, string | number | boolean> = {};
    if (systemPrompt) {
      for (const field of ['system_prompt', 'system_message']) {
        if (field in template) tweak[field] = systemPrompt;
      }
    }
    if (temperature !== undefined && 'temperature' in template)
      tweak.temperature = temperature;
    if (maxTokens !== undefined && 'max_tokens' in template)
      tweak.max_tokens = maxTokens;
    if (Object.keys(tweak).length) tweaks[node.id] = tweak;
  }
  return tweaks;
}
