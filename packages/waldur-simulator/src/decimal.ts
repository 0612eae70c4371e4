/**
 * Exact decimal arithmetic for money and usage. Waldur stores these as
 * Django DecimalFields and renders them as strings, so floats would drift.
 * Values are bigints scaled by 10^10 (Waldur's PRICE_DECIMAL_PLACES).
 */
export type Decimal = bigint;

const PLACES = 10;
const SCALE = 10n ** BigInt(PLACES);

const DECIMAL_TEXT = /^(-?)(\d*)(?:\.(\d*))?$/;

export function parseDecimal(value: string | number): Decimal {
  const text = typeof value === 'number' ? value.toFixed(PLACES) : value.trim();
  const match = DECIMAL_TEXT.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new Error(`Not a decimal: ${value}`);
  }
  const [, sign, whole, fraction = ''] = match;
  const digits = `${whole || '0'}${fraction
    .padEnd(PLACES, '0')
    .slice(0, PLACES)}`;
  const scaled = BigInt(digits);
  return sign === '-' ? -scaled : scaled;
}

/** Rounds to `places`; 'half-up' is DRF's default, 'up' is Waldur's quantize_price. */
export function roundDecimal(
  value: Decimal,
  places: number,
  mode: 'half-up' | 'up' = 'half-up',
): Decimal {
  const step = 10n ** BigInt(PLACES - places);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const remainder = magnitude % step;
  let rounded = magnitude - remainder;
  if (remainder !== 0n) {
    const roundAway = mode === 'up' || remainder * 2n >= step;
    if (roundAway) rounded += step;
  }
  return negative ? -rounded : rounded;
}

export function formatDecimal(value: Decimal, places: number): string {
  const rounded = roundDecimal(value, places);
  const negative = rounded < 0n;
  const digits = (negative ? -rounded : rounded)
    .toString()
    .padStart(PLACES + 1, '0');
  const whole = digits.slice(0, digits.length - PLACES);
  const fraction = digits.slice(
    digits.length - PLACES,
    digits.length - PLACES + places,
  );
  const sign = negative ? '-' : '';
  return places > 0 ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

export function toNumber(value: Decimal): number {
  return Number(formatDecimal(value, PLACES));
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return (a * b) / SCALE;
}

export function divide(a: Decimal, b: Decimal): Decimal {
  return (a * SCALE) / b;
}

export function sum(values: Decimal[]): Decimal {
  return values.reduce((total, value) => total + value, 0n);
}
