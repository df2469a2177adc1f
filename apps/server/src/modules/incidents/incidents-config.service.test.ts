import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Platform } from '../../platform/platform';
import { IncidentsConfig } from './incidents-config.service';

/** A database whose reads wait while `hold` is set, counting the reads. */
function fakeDb() {
  let gate: Promise<void> | null = null;
  let open = () => {};
  const state = { reads: 0 };
  const db = {
    engine: 'postgres',
    inTransaction: false,
    query: async () => {
      state.reads += 1;
      if (gate) await gate;
      return { rows: [], rowCount: 0 };
    },
  };
  return {
    p: { db } as unknown as Platform,
    state,
    hold: () => {
      gate = new Promise<void>((r) => (open = r));
    },
    release: () => {
      gate = null;
      open();
    },
  };
}

/** Whether `p` settles within `ms` (a load held by the fake database does not). */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
}

describe('IncidentsConfig snapshot', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers with the stale snapshot while the next one loads, and awaits only the first load', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-29T08:00:00Z'));
    const f = fakeDb();
    const config = new IncidentsConfig(f.p);
    f.hold();
    const loading = config.get();
    expect(await settlesWithin(loading, 5)).toBe(false);
    f.release();
    const a = await loading;
    const readsOfOne = f.state.reads;

    vi.setSystemTime(new Date('2026-11-29T08:00:16Z'));
    f.hold();
    // 16 s old: answered at once, one re-read started.
    expect(await config.get()).toBe(a);
    expect(await config.get()).toBe(a);
    expect(f.state.reads).toBe(readsOfOne * 2);
    f.release();
    await new Promise((r) => setTimeout(r, 0));
    const b = await config.get();
    expect(b).not.toBe(a);
    expect(b.at).toBe(new Date('2026-11-29T08:00:16Z').getTime());
  });

  it('awaits a fresh load after an edit on this node', async () => {
    const f = fakeDb();
    const config = new IncidentsConfig(f.p);
    const a = await config.get();
    config.invalidate();
    f.hold();
    const next = config.get();
    expect(await settlesWithin(next, 5)).toBe(false);
    f.release();
    expect(await next).not.toBe(a);
  });
});
