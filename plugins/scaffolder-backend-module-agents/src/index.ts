/**
 * Scaffolder actions that register, release and publish Agent Registry agents from
 * Langflow flow exports in the task workspace.
 *
 * @packageDocumentation
 */
export { scaffolderModuleAgents as default } from './module';
export * from './actions';
