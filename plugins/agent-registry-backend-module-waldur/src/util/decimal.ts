/**
 * Decimal strings as Waldur writes money ("10.0000000000") and the registry writes prices
 * ("29.00"), handled as scaled integers so no binary floating point touches an amount.
 */

/** Waldur stores prices with 10 decimal places. */
export const PRICE_SCALE = 10;

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string (or a number Waldur rendered as JSON) into units of 10^-scale. */
export function toScaled(value: string | number, scale = PRICE_SCALE): bigint {
  const text =
    typeof value === 'number' ? value.toFixed(Math.min(scale, 20)) : value;
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new Error(`Not a decimal amount: "${text}"`);
  const [, sign, whole, fraction = ''] = match;
  // Round half up on the first dropped digit.
  const kept = fraction.slice(0, scale).padEnd(scale, '0');
  let units = BigInt(whole + kept);
  if (fraction.length > scale && Number(fraction[scale]) >= 5) units += 1n;
  return sign ? -units : units;
}

export function formatScaled(units: bigint, scale = PRICE_SCALE): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units)
    .toString()
    .padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** `value / divisor`, rounded half up to `scale` decimals. */
export function divideDecimal(
  value: string,
  divisor: number,
  scale = PRICE_SCALE,
): string {
  const units = toScaled(value, scale);
  const d = BigInt(divisor);
  const quotient = units / d;
  const remainder = units % d;
  return formatScaled(remainder * 2n >= d ? quotient + 1n : quotient, scale);
}

/** True when two amounts are equal at Waldur's price precision. */
export function sameAmount(
  a: string | number | undefined,
  b: string | number | undefined,
): boolean {
  return toScaled(a ?? 0) === toScaled(b ?? 0);
}
