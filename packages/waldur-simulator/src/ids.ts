import { createHash, randomBytes } from 'node:crypto';

/** Produces random bytes; seeded sources make UUIDs and tokens reproducible. */
export type RandomSource = (size: number) => Buffer;

export function createRandomSource(seed?: string): RandomSource {
  if (seed === undefined) {
    return size => randomBytes(size);
  }
  // SHA-256 in counter mode: deterministic for a seed, good enough for ids.
  let counter = 0;
  return size => {
    const chunks: Buffer[] = [];
    let length = 0;
    while (length < size) {
      const chunk = createHash('sha256')
        .update(`${seed}:${counter++}`)
        .digest();
      chunks.push(chunk);
      length += chunk.length;
    }
    return Buffer.concat(chunks).subarray(0, size);
  };
}

/** Waldur renders UUIDs as 32 lowercase hex characters without hyphens. */
export function newUuid(random: RandomSource): string {
  const bytes = random(16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  return bytes.toString('hex');
}

/** DRF token keys are 40 hex characters. */
export function newToken(random: RandomSource): string {
  return random(20).toString('hex');
}

const UUID_INPUT =
  /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Waldur accepts hyphenated and plain UUIDs on input; returns the canonical form. */
export function normalizeUuid(value: string): string | undefined {
  return UUID_INPUT.test(value)
    ? value.replace(/-/g, '').toLowerCase()
    : undefined;
}
