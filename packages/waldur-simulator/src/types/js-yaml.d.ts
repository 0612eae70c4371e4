// js-yaml ships no types and @types/js-yaml is not installed in this repo;
// only `load` is used.
declare module 'js-yaml' {
  export function load(input: string): unknown;
}
