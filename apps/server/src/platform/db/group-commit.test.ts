import { describe, expect, it } from 'vitest';
import { GroupCommit, type ItemKeys } from './group-commit';

interface Item {
  id: string;
  reads?: string[];
  writes?: string[];
  bad?: boolean;
}

const keys = (x: Item): ItemKeys => ({ reads: x.reads ?? [], writes: x.writes ?? [] });

/** A store whose batches the test releases by hand, recording what each batch held. */
function manualStore() {
  const batches: string[][] = [];
  const gates: (() => void)[] = [];
  const run = async (items: Item[], committed: () => void) => {
    batches.push(items.map((x) => x.id));
    await new Promise<void>((r) => gates.push(r));
    if (items.some((x) => x.bad)) throw Object.assign(new Error('bad item'), { code: '23514' });
    committed();
    return items.map((x) => `stored ${x.id}`);
  };
  const release = async () => {
    for (let i = 0; i < 50 && gates.length === 0; i++) await new Promise((r) => setImmediate(r));
    gates.shift()?.();
  };
  return { batches, run, release };
}

/** Until the store has started its next batch. */
async function started(batches: string[][], n: number): Promise<void> {
  for (let i = 0; i < 50 && batches.length < n; i++) await new Promise((r) => setImmediate(r));
}

describe('GroupCommit', () => {
  it('stores what was submitted together in one batch and what arrives meanwhile in the next', async () => {
    const s = manualStore();
    const g = new GroupCommit<Item, string>({ maxBatch: 10, run: s.run, keys });
    const first = g.submit({ id: 'a' });
    await started(s.batches, 1);
    const rest = ['b', 'c', 'd'].map((id) => g.submit({ id }));
    await s.release();
    expect(await first).toBe('stored a');
    await s.release();
    expect(await Promise.all(rest)).toEqual(['stored b', 'stored c', 'stored d']);
    expect(s.batches).toEqual([['a'], ['b', 'c', 'd']]);
    expect(g.sizes).toEqual([1, 3]);
  });

  it('takes at most maxBatch items per batch, in arrival order', async () => {
    const s = manualStore();
    const g = new GroupCommit<Item, string>({ maxBatch: 2, run: s.run, keys });
    const all = ['a', 'b', 'c', 'd', 'e'].map((id) => g.submit({ id }));
    for (let i = 0; i < 3; i++) await s.release();
    await Promise.all(all);
    expect(s.batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('keeps an item that reads what an earlier one writes for the next batch, and those behind it too', async () => {
    const s = manualStore();
    const g = new GroupCommit<Item, string>({ maxBatch: 10, run: s.run, keys });
    const all = [
      g.submit({ id: 'x1', reads: ['k'], writes: ['k'] }),
      g.submit({ id: 'y', reads: ['j'], writes: ['j'] }),
      g.submit({ id: 'x2', reads: ['k'], writes: ['k', 'm'] }),
      // Reads what the left-behind x2 writes: must not overtake it.
      g.submit({ id: 'z', reads: ['m'] }),
      g.submit({ id: 'x3', reads: ['k'] }),
    ];
    for (let i = 0; i < 3; i++) await s.release();
    await Promise.all(all);
    expect(s.batches).toEqual([['x1', 'y'], ['x2'], ['z', 'x3']]);
  });

  it('runs a failed batch again item by item, so only the bad item fails', async () => {
    const s = manualStore();
    const g = new GroupCommit<Item, string>({ maxBatch: 10, run: s.run, keys });
    const good1 = g.submit({ id: 'g1' });
    const bad = g.submit({ id: 'bad', bad: true }).catch((e: Error) => e);
    const good2 = g.submit({ id: 'g2' });
    for (let i = 0; i < 4; i++) await s.release();
    expect(await good1).toBe('stored g1');
    expect(await bad).toMatchObject({ message: 'bad item' });
    expect(await good2).toBe('stored g2');
    expect(s.batches).toEqual([['g1', 'bad', 'g2'], ['g1'], ['bad'], ['g2']]);
  });

  it('runs a batch that lost a deadlock again whole, and gives up after the retries', async () => {
    let calls = 0;
    const g = new GroupCommit<Item, string>({
      maxBatch: 10,
      retries: 2,
      keys,
      run: async (items, committed) => {
        calls++;
        if (items.some((x) => x.id === 'always') || calls === 1)
          throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        committed();
        return items.map((x) => x.id);
      },
    });
    expect(await g.submit({ id: 'once' })).toBe('once');
    expect(calls).toBe(2);
    await expect(g.submit({ id: 'always' })).rejects.toThrow('deadlock detected');
    expect(calls).toBe(5);
  });

  it('fails every item of a batch alike when the database cannot be reached, without retrying each', async () => {
    let calls = 0;
    const g = new GroupCommit<Item, string>({
      maxBatch: 10,
      keys,
      run: async () => {
        calls++;
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      },
    });
    const all = await Promise.allSettled([g.submit({ id: 'a' }), g.submit({ id: 'b' })]);
    expect(all.map((r) => r.status === 'rejected' && (r.reason as Error).message)).toEqual([
      'connect ECONNREFUSED',
      'connect ECONNREFUSED',
    ]);
    expect(calls).toBe(1);
  });

  it('starts the next batch once the previous one has committed, before its callers are answered', async () => {
    const order: string[] = [];
    let finishFirst = () => {};
    const g = new GroupCommit<Item, string>({
      maxBatch: 10,
      keys,
      run: async (items, committed) => {
        order.push(`run ${items.map((x) => x.id).join(',')}`);
        committed();
        // The first batch's after-commit work (live events) is still going on.
        if (items[0]?.id === 'a') await new Promise<void>((r) => (finishFirst = r));
        return items.map((x) => x.id);
      },
    });
    const a = g.submit({ id: 'a' }).then((r) => order.push(`answered ${r}`));
    for (let i = 0; i < 50 && order.length === 0; i++) await new Promise((r) => setImmediate(r));
    const b = g.submit({ id: 'b' }).then((r) => order.push(`answered ${r}`));
    await b;
    expect(order).toEqual(['run a', 'run b', 'answered b']);
    finishFirst();
    await a;
    expect(order).toEqual(['run a', 'run b', 'answered b', 'answered a']);
  });

  it('starts the next batch right after a commit on a database server, and after a turn of the event loop in process', async () => {
    for (const inProcess of [false, true]) {
      const order: string[] = [];
      const s = manualStore();
      const g = new GroupCommit<Item, string>({ maxBatch: 10, run: s.run, keys, inProcess });
      const a = g.submit({ id: 'a' });
      await started(s.batches, 1);
      const b = g.submit({ id: 'b' });
      await s.release();
      // A turn of the event loop queued once batch a has committed: with a server, batch b is already running.
      setImmediate(() => order.push(`turn (${s.batches.length} batches)`));
      await a;
      await started(s.batches, 2);
      order.push('b started');
      await s.release();
      await b;
      await new Promise((r) => setImmediate(r));
      expect(order).toEqual(inProcess ? ['turn (1 batches)', 'b started'] : ['b started', 'turn (2 batches)']);
    }
  });
});
