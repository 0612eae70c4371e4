export * from './AgentRuntime';
export * from './extensionPoint';
