import {
  formatKey,
  keyBodyFromBytes,
  type KeyKind,
} from '@cmp/plugin-agent-registry-common';
import * as crypto from 'node:crypto';

/** Keys are stored only as this hash; SHA-256 suffices for 178-bit random secrets. */
export function hashKey(key: string): string {
  // The one-shot `crypto.hash` (Node.js 20.12+) costs a third of a `Hash` object's CPU:
  // every gateway call hashes its key.
  return crypto.hash
    ? crypto.hash('sha256', key, 'hex')
    : crypto.createHash('sha256').update(key).digest('hex');
}

/** A new secret key of the given kind: prefix, 30 random base62 characters, checksum. */
export function generateKey(kind: KeyKind): string {
  return formatKey(kind, keyBodyFromBytes(crypto.randomBytes(64)));
}
