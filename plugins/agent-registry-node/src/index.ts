/**
 * Node library of the Agent Registry: what other backend plugins and modules (the permission
 * policy, the Waldur module) need to work with the registry.
 *
 * @packageDocumentation
 */
export * from './permissions';
