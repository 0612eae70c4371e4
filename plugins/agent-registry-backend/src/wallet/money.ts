/** Money is kept as integer micro-units (1 EUR = 1,000,000) so sums are exact. */
export const MICROS = 1_000_000;

/** "29.00" → 29000000. Accepts the registry's decimal strings (up to 6 decimals). */
export function toMicros(amount: string): number {
  const match = /^(\d{1,12})(?:\.(\d{1,6}))?$/.exec(amount);
  if (!match)
    throw new TypeError(`Not a decimal amount: ${JSON.stringify(amount)}`);
  return Number(match[1]) * MICROS + Number((match[2] ?? '').padEnd(6, '0'));
}

/** 29000000 → "29.000000"; Waldur and the API speak decimal strings. */
export function fromMicros(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  return `${sign}${Math.floor(abs / MICROS)}.${String(abs % MICROS).padStart(
    6,
    '0',
  )}`;
}
