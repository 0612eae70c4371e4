import type { AgentConfiguration } from '@cmp/plugin-agent-registry-common';

/**
 * Effective configuration: the agent's defaults with the customer's overlay on top,
 * field by field within each section (an overlay that sets only the welcome message keeps
 * the default system prompt).
 */
export function mergeConfiguration(
  defaults: AgentConfiguration,
  overlay: AgentConfiguration,
): AgentConfiguration {
  const merged: AgentConfiguration = {};
  for (const section of ['persona', 'behaviour', 'branding'] as const) {
    const value = { ...(defaults[section] ?? {}), ...(overlay[section] ?? {}) };
    if (Object.keys(value).length)
      (merged as Record<string, unknown>)[section] = value;
  }
  return merged;
}
