/**
 * PostgreSQL: how many calls each quota counter had left when the gateway last wrote to
 * it, and how many of this process's calls are running against it without a reservation.
 * A call may run before its quota is taken only while the counter is known to have more
 * than `margin` calls left beyond those running: its quota is taken when it is recorded,
 * by a statement that checks the room again, so this never lets more calls through than
 * the quota has; the margin keeps the runtime from running calls that the quota (used
 * also by other replicas meanwhile) then refuses. Bounded; the oldest counters go first.
 */
export class QuotaHeadroom {
  private readonly counters = new Map<
    string,
    { left: number; running: number }
  >();

  constructor(
    private readonly margin = 64,
    private readonly maxEntries = 10_000,
  ) {}

  /** Counts a call as running against the counter, if it has room to spare. */
  tryRun(counter: string): boolean {
    const known = this.counters.get(counter);
    if (!known || known.left - known.running <= this.margin) return false;
    known.running += 1;
    return true;
  }

  /** A call counted by `tryRun` was recorded, or will never be (none: not counted). */
  ended(counter: string | undefined): void {
    const known = counter && this.counters.get(counter);
    if (known && known.running > 0) known.running -= 1;
  }

  /** The database said how many calls the counter has left. */
  saw(counter: string, left: number): void {
    const known = this.counters.get(counter);
    if (known) {
      known.left = left;
      return;
    }
    this.counters.set(counter, { left, running: 0 });
    if (this.counters.size > this.maxEntries)
      this.counters.delete(this.counters.keys().next().value!);
  }

  /** The counter had no room for calls given to it: ask the database first from now on. */
  full(counter: string | undefined): void {
    const known = counter && this.counters.get(counter);
    if (known) known.left = 0;
  }
}

/** The counter of an access's quota in a period. */
export const counterOf = (accessId: string, period: string) =>
  `${accessId}\n${period}`;

/** The counter a call is counted against, if any. */
export const counterOfCall = (call: {
  accessId: string;
  quotaPeriod?: string;
  countedInQuota: boolean;
}) =>
  call.countedInQuota && call.quotaPeriod
    ? counterOf(call.accessId, call.quotaPeriod)
    : undefined;
