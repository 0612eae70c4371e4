/**
 * Runs work for the same key one at a time within this process, so that the poller and a
 * web hook never drive the same order concurrently here. Across replicas the Waldur state
 * machine (409 on a wrong state) and the registry's idempotency keep things consistent.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    this.tails.set(key, current);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === current) this.tails.delete(key);
    }
  }
}
