import type { Knex } from 'knex';

/** Dates come back as Date (PostgreSQL), numbers or strings (SQLite). */
export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  if (typeof value === 'string') {
    return /^\d+$/.test(value)
      ? new Date(Number(value)).toISOString()
      : new Date(value).toISOString();
  }
  throw new TypeError(`Not a timestamp: ${String(value)}`);
}

export function toOptionalIso(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : toIso(value);
}

export function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function orUndefined<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value;
}

export function isSqlite(db: Knex): boolean {
  return String(db.client.config.client).includes('sqlite');
}

/** Case-insensitive substring match that works on SQLite and PostgreSQL. */
export function whereContainsIgnoreCase(
  builder: Knex.QueryBuilder,
  columns: string[],
  text: string,
) {
  const pattern = `%${text
    .toLocaleLowerCase('en-US')
    .replace(/[%_\\]/g, c => `\\${c}`)}%`;
  builder.where(inner => {
    for (const column of columns) {
      inner.orWhereRaw(`LOWER(COALESCE(??, '')) LIKE ? ESCAPE '\\'`, [
        column,
        pattern,
      ]);
    }
  });
}
