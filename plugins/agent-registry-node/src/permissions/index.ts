export * from './agentPermissionResourceRef';
export * from './rules';
export * from './conditions';
