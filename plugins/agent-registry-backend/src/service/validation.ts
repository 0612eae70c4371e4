import { InputError } from '@backstage/errors';
import type { z } from 'zod/v3';

/** Dotted path such as `persona.starterPrompts[2]`. */
export function formatPath(path: (string | number)[], prefix?: string): string {
  let out = prefix ?? '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out || '(body)';
}

/** Parses with zod, turning every problem into one 400 message that names the fields. */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  prefix?: string,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(issue => `${formatPath(issue.path, prefix)}: ${issue.message}`)
        .join('; '),
    );
  }
  return result.data;
}

/** Throws one 400 naming each field, for validators that return issue lists. */
export function throwIfIssues(
  issues: { field: string; message: string }[],
): void {
  if (issues.length) {
    throw new InputError(issues.map(i => `${i.field} ${i.message}`).join('; '));
  }
}
