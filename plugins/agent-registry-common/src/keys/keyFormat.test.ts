import { randomBytes } from 'node:crypto';
import { formatKey, keyBodyFromBytes, keyPrefix, parseKey } from './keyFormat';

const newKey = (kind: 'api' | 'mcp' | 'widget') =>
  formatKey(kind, keyBodyFromBytes(randomBytes(64)));

describe('key format', () => {
  it('gives each kind a recognisable prefix and a verifiable checksum', () => {
    for (const kind of ['api', 'mcp', 'widget'] as const) {
      const key = newKey(kind);
      expect(key.startsWith(keyPrefix(kind))).toBe(true);
      expect(key).toMatch(/^agr_(api|mcp|pub)_[0-9A-Za-z]{36}$/);
      expect(parseKey(key)).toEqual({ kind });
    }
  });

  it('rejects a mistyped character, a wrong prefix and random strings', () => {
    const key = newKey('api');
    const i = 12;
    const typo =
      key.slice(0, i) + (key[i] === 'a' ? 'b' : 'a') + key.slice(i + 1);
    expect(parseKey(typo)).toBeUndefined();
    expect(parseKey(key.replace('agr_api_', 'agr_mcp_'))).toBeUndefined();
    expect(parseKey(key.replace('agr_api_', 'ghp_'))).toBeUndefined();
    expect(parseKey(`agr_api_${'x'.repeat(36)}`)).toBeUndefined();
    expect(parseKey('')).toBeUndefined();
  });

  it('draws bodies evenly from the alphabet', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      for (const c of keyBodyFromBytes(randomBytes(64)))
        counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    const expected = (2000 * 30) / 62;
    for (const n of counts.values())
      expect(Math.abs(n - expected) / expected).toBeLessThan(0.15);
  });
});
