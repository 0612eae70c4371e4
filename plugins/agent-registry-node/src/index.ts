/**
 * Node library of the Agent Registry: what other backend plugins and modules need to work
 * with the registry — permission rules and conditions, and the runtime extension point.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './runtime';
export * from './marketplace';
