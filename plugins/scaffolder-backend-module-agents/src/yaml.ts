import * as jsYaml from 'js-yaml';

/**
 * js-yaml's `dump`. Typed by hand: the repo's ambient `js-yaml` declaration
 * (packages/waldur-simulator/src/types/js-yaml.d.ts) declares only `load` and shadows
 * @types/js-yaml for the whole type check.
 */
export function toYaml(value: unknown): string {
  const { dump } = jsYaml as unknown as {
    dump(
      value: unknown,
      options?: { lineWidth?: number; noRefs?: boolean },
    ): string;
  };
  return dump(value, { lineWidth: 100, noRefs: true });
}
