import {
  formatKey,
  keyBodyFromBytes,
  type KeyKind,
} from '@cmp/plugin-agent-registry-common';
import { createHash, randomBytes } from 'node:crypto';

/** Keys are stored only as this hash; SHA-256 suffices for 178-bit random secrets. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A new secret key of the given kind: prefix, 30 random base62 characters, checksum. */
export function generateKey(kind: KeyKind): string {
  return formatKey(kind, keyBodyFromBytes(randomBytes(64)));
}
