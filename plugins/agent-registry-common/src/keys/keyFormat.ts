/**
 * The Agent Registry's credential format, shared by every kind of key:
 *
 *   agr_<kind>_<30 random base62 characters><6 base62 characters of CRC32>
 *
 * e.g. `agr_api_3kTq...Zp09Xa`. The fixed prefix lets secret scanners recognise leaked
 * keys (as GitHub's `ghp_` tokens do) and the checksum lets them — and the gateway —
 * reject mistyped or made-up keys without a database lookup. Only a hash and the last
 * characters are stored; the key itself is shown once.
 */

/** What a key is for. Widget keys are publishable: they may appear in a web page. */
export const KEY_KINDS = ['api', 'mcp', 'widget'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

const PREFIX_BY_KIND: Record<KeyKind, string> = {
  api: 'agr_api_',
  mcp: 'agr_mcp_',
  widget: 'agr_pub_',
};

export const KEY_BODY_LENGTH = 30;
const CHECKSUM_LENGTH = 6;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_PATTERN = /^agr_(api|mcp|pub)_([0-9A-Za-z]{36})$/;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function toBase62(value: number, width: number): string {
  let out = '';
  let v = value;
  while (v > 0) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, '0');
}

/** The prefix a key of this kind starts with. */
export function keyPrefix(kind: KeyKind): string {
  return PREFIX_BY_KIND[kind];
}

/** Builds a key from 30 random base62 characters (the caller supplies the randomness). */
export function formatKey(kind: KeyKind, body: string): string {
  if (!new RegExp(`^[0-9A-Za-z]{${KEY_BODY_LENGTH}}$`).test(body)) {
    throw new TypeError(`A key body is ${KEY_BODY_LENGTH} base62 characters`);
  }
  const prefix = PREFIX_BY_KIND[kind];
  return `${prefix}${body}${toBase62(crc32(prefix + body), CHECKSUM_LENGTH)}`;
}

/** Maps random bytes (at least 30) to a key body; 62^30 ≈ 2^178 possible bodies. */
export function keyBodyFromBytes(bytes: Uint8Array): string {
  if (bytes.length < KEY_BODY_LENGTH)
    throw new TypeError('Need at least 30 random bytes');
  let out = '';
  // 248 = 4 * 62: rejecting bytes >= 248 keeps every character equally likely.
  for (const byte of bytes) {
    if (byte < 248) out += BASE62[byte % 62];
    if (out.length === KEY_BODY_LENGTH) return out;
  }
  throw new RangeError('Not enough usable random bytes; call again with more');
}

/** The kind of a well-formed key with a valid checksum, else undefined. */
export function parseKey(token: string): { kind: KeyKind } | undefined {
  const match = KEY_PATTERN.exec(token);
  if (!match) return undefined;
  const body = match[2].slice(0, KEY_BODY_LENGTH);
  const checksum = match[2].slice(KEY_BODY_LENGTH);
  const prefix = `agr_${match[1]}_`;
  // The checksum covers the prefix too, so a key cannot be passed off as another kind.
  if (toBase62(crc32(prefix + body), CHECKSUM_LENGTH) !== checksum)
    return undefined;
  const kind = (Object.keys(PREFIX_BY_KIND) as KeyKind[]).find(
    k => PREFIX_BY_KIND[k] === prefix,
  )!;
  return { kind };
}
