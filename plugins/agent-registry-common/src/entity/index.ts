export * from './AgentEntityV1alpha1';
export * from './annotations';
export {
  validateAgentEntity,
  assertValidAgentEntity,
  formatAgentValidationIssues,
  agentEntityV1alpha1Schema,
  type AgentValidationIssue,
} from './validateAgentEntity';
export * from './buildAgentEntities';
