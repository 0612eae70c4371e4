import { divideDecimal, formatScaled, sameAmount, toScaled } from './decimal';

describe('decimal amounts', () => {
  it('parses, rounds and formats without floating point', () => {
    expect(formatScaled(toScaled('29.00'))).toBe('29.0000000000');
    expect(formatScaled(toScaled('0.000123', 6), 6)).toBe('0.000123');
    expect(formatScaled(toScaled('1.005', 2), 2)).toBe('1.01');
    expect(formatScaled(toScaled('-2.5', 0), 0)).toBe('-3');
    expect(() => toScaled('1e3')).toThrow();
  });

  it('divides yearly prices into monthly ones', () => {
    expect(divideDecimal('190.00', 12, 2)).toBe('15.83');
    expect(divideDecimal('100', 12, 2)).toBe('8.33');
    expect(divideDecimal('290.00', 12)).toBe('24.1666666667');
  });

  it('compares Waldur numbers with registry strings', () => {
    expect(sameAmount(0.01, '0.01')).toBe(true);
    expect(sameAmount(15.83, '15.83')).toBe(true);
    expect(sameAmount(undefined, '0')).toBe(true);
    expect(sameAmount(79, '79.01')).toBe(false);
  });
});
