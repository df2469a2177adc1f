import { describe, expect, it } from 'vitest';
import { CoalescedLookup } from './coalesced-lookup';

describe('CoalescedLookup', () => {
  it('reads the first key at once and the keys asked for meanwhile in one query', async () => {
    const queries: string[][] = [];
    const gates: (() => void)[] = [];
    const store = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const lookup = new CoalescedLookup<number>(async (keys) => {
      queries.push(keys);
      await new Promise<void>((r) => gates.push(r));
      return new Map(keys.filter((k) => store.has(k)).map((k) => [k, store.get(k) as number]));
    });
    const a = lookup.get('a');
    const later = [lookup.get('b'), lookup.get('c'), lookup.get('b'), lookup.get('nope')];
    // A change made after 'a' was read: the keys asked for later must see it.
    store.set('b', 20);
    gates.shift()?.();
    expect(await a).toBe(1);
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()?.();
    expect(await Promise.all(later)).toEqual([20, 3, 20, null]);
    expect(queries).toEqual([['a'], ['b', 'c', 'nope']]);
  });

  it('fails the callers of a failed query and goes on with the next ones', async () => {
    let n = 0;
    const lookup = new CoalescedLookup<string>(async (keys) => {
      n++;
      if (n === 1) throw new Error('database gone');
      return new Map(keys.map((k) => [k, k.toUpperCase()]));
    });
    const failing = lookup.get('x');
    const next = lookup.get('y');
    await expect(failing).rejects.toThrow('database gone');
    expect(await next).toBe('Y');
  });

  it('splits a long wait list into queries of at most maxKeys', async () => {
    const sizes: number[] = [];
    const lookup = new CoalescedLookup<number>(async (keys) => {
      sizes.push(keys.length);
      await new Promise((r) => setImmediate(r));
      return new Map(keys.map((k) => [k, Number(k)]));
    }, 3);
    const all = Array.from({ length: 8 }, (_, i) => lookup.get(String(i)));
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sizes).toEqual([1, 3, 3, 1]);
  });
});
