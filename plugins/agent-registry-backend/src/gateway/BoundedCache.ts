/**
 * A small in-memory cache with a size bound (oldest entries go first) and an optional
 * time to live. Concurrent misses for one key share a single load.
 */
export class BoundedCache<T> {
  private readonly entries = new Map<
    string,
    { value: Promise<T>; at: number }
  >();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs?: number,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && (this.ttlMs === undefined || Date.now() - hit.at < this.ttlMs))
      return hit.value;
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { value, at: Date.now() });
    // Failed loads are not kept.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }
}
