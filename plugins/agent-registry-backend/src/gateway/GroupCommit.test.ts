import { GroupCommit } from './GroupCommit';

describe('GroupCommit', () => {
  it('sends calls made together as one batch and answers each', async () => {
    const batches: number[][] = [];
    const group = new GroupCommit(async (items: number[]) => {
      batches.push(items);
      return items.map(n => n * 10);
    });
    const answers = await Promise.all([1, 2, 3].map(n => group.submit(n)));
    expect(answers).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('collects calls made while a batch runs into the next one', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>(resolve => (release = resolve));
    const group = new GroupCommit(async (items: number[]) => {
      batches.push(items);
      if (batches.length === 1) await first;
      return items;
    });
    const a = group.submit(1);
    await new Promise(resolve => setImmediate(resolve));
    const rest = [2, 3, 4].map(n => group.submit(n));
    release();
    expect(await Promise.all([a, ...rest])).toEqual([1, 2, 3, 4]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('fails only the item whose answer is an error', async () => {
    const group = new GroupCommit(async (items: number[]) =>
      items.map(n => (n === 2 ? new Error('two is refused') : n)),
    );
    const results = await Promise.allSettled(
      [1, 2, 3].map(n => group.submit(n)),
    );
    expect(results.map(r => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe(
      'two is refused',
    );
  });

  it('retries a failed batch one item at a time', async () => {
    const batches: number[][] = [];
    const group = new GroupCommit(async (items: number[]) => {
      batches.push(items);
      if (items.includes(2)) throw new Error('deadlock');
      return items;
    });
    const results = await Promise.allSettled(
      [1, 2, 3].map(n => group.submit(n)),
    );
    expect(results.map(r => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(batches).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('goes on with the next batch while an item answered with a promise waits', async () => {
    const batches: number[][] = [];
    let finishOne!: (value: number) => void;
    const one = new Promise<number>(resolve => (finishOne = resolve));
    const group = new GroupCommit(async (items: number[]) => {
      batches.push(items);
      return items.map(n => (n === 1 ? one : n));
    });
    const first = group.submit(1);
    await new Promise(resolve => setImmediate(resolve));
    expect(await group.submit(2)).toBe(2);
    expect(batches).toEqual([[1], [2]]);
    finishOne(10);
    expect(await first).toBe(10);
  });

  it('never sends more than the batch limit at once', async () => {
    const sizes: number[] = [];
    const group = new GroupCommit(async (items: number[]) => {
      sizes.push(items.length);
      return items;
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map(n => group.submit(n)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});
