type Waiting<I, O> = {
  item: I;
  resolve: (value: O | Promise<O>) => void;
  reject: (error: unknown) => void;
};

/**
 * Group commit: calls that arrive while a batch is being written wait and go together in
 * the next one, so N concurrent calls cost one query or one transaction instead of N. A
 * lone call is not held back by a timer: it goes on the next turn of the event loop.
 *
 * `run` answers each item (a value, or an Error for that item alone). If it throws, the
 * batch is retried one item at a time, so one bad item (or a deadlock between replicas)
 * never fails its neighbours. An answer may also be a promise of one, for an item whose
 * remaining work should not hold up the next batch: its caller waits for it alone.
 */
export class GroupCommit<I, O> {
  private queue: Waiting<I, O>[] = [];
  private draining = false;

  constructor(
    private readonly run: (
      items: I[],
    ) => Promise<Array<O | Promise<O> | Error>>,
    private readonly maxBatch = 256,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        // Calls started in this same turn join the first batch.
        setImmediate(() => this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      await this.settle(batch, batch.length > 1);
    }
    this.draining = false;
  }

  private async settle(batch: Waiting<I, O>[], retrySingly: boolean) {
    let results: Array<O | Promise<O> | Error>;
    try {
      results = await this.run(batch.map(w => w.item));
    } catch (error) {
      if (!retrySingly) {
        batch[0].reject(error);
        return;
      }
      for (const waiting of batch) await this.settle([waiting], false);
      return;
    }
    batch.forEach((waiting, i) => {
      const result = results[i];
      if (result instanceof Error) waiting.reject(result);
      else waiting.resolve(result);
    });
  }
}
