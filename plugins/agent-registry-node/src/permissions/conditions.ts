import { createConditionExports } from '@backstage/plugin-permission-node';
import { agentPermissionResourceRef } from './agentPermissionResourceRef';
import { agentRegistryRules } from './rules';

const exported = createConditionExports({
  resourceRef: agentPermissionResourceRef,
  rules: agentRegistryRules,
});

/** Conditions a permission policy can put on agent-registry agent permissions. */
export const agentRegistryConditions = exported.conditions;

/** Builds a conditional decision for an agent-registry agent permission. */
export const createAgentRegistryConditionalDecision =
  exported.createConditionalDecision;
