/**
 * Common types of the Agent Registry: the Agent entity model and its validation.
 *
 * @packageDocumentation
 */
export * from './entity';
