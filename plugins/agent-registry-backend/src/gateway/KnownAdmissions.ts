import type { KeyAdmission } from '../database/DatabaseAdmissionStore';

/**
 * PostgreSQL: the admissions (key, access, agent, and their rows' versions) the gateway
 * has read, by key hash, so that a turn of calls with known keys skips the read, a round
 * trip. Never trusted on its own: the reservation statement records a call only while
 * the rows still have the versions read (`insertPendingWithinQuota`), and a call an
 * entry would refuse is checked against a fresh read. Bounded; the oldest entries go first.
 */
export class KnownAdmissions {
  private readonly entries = new Map<string, KeyAdmission>();

  constructor(private readonly maxEntries = 10_000) {}

  get(keyHash: string): KeyAdmission | undefined {
    return this.entries.get(keyHash);
  }

  /** Keeps what was read for a key hash; a key not found is forgotten. */
  remember(keyHash: string, admission: KeyAdmission | undefined): void {
    this.entries.delete(keyHash);
    if (!admission?.version) return;
    this.entries.set(keyHash, admission);
    if (this.entries.size > this.maxEntries)
      this.entries.delete(this.entries.keys().next().value!);
  }

  forget(keyHash: string): void {
    this.entries.delete(keyHash);
  }
}
