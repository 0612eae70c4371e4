/**
 * Common types of the Agent Registry: the Agent entity model and its validation,
 * Langflow flow export checks, permission definitions and the REST API types.
 *
 * @packageDocumentation
 */
export * from './entity';
export * from './flows';
export * from './permissions';
export * from './api';
export * from './keys';
