import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { engine, engineUnavailable, startTestApp, type TestApp } from '../../../test/harness';
import { ManualClock } from '../clock';
import type { Db } from '../db/db';
import { migrate } from '../db/migrate';
import { openPglite } from '../db/pglite.engine';
import { createLogger } from '../logger';
import { defineJob } from './job.types';
import { JobRunner } from './job-runner';

const log = createLogger('silent');

function effectJob(fail: { times: number } = { times: 0 }) {
  return defineJob({
    id: 'test.effect',
    payload: z.object({ key: z.string() }),
    maxAttempts: 3,
    handler: async ({ key }, ctx) => {
      await ctx.tx.query('INSERT INTO test_effects (key, job_id) VALUES ($1, $2)', [key, ctx.jobId]);
      if (fail.times > 0) {
        fail.times -= 1;
        throw new Error('transient failure');
      }
    },
  });
}

async function effects(db: Db): Promise<{ key: string; n: number }[]> {
  return (
    await db.query<{ key: string; n: number }>(
      'SELECT key, count(*)::int AS n FROM test_effects GROUP BY key ORDER BY key',
    )
  ).rows;
}

describe.skipIf(engineUnavailable)('jobs and timers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ template: 'empty' });
    await t.db.exec('CREATE TABLE test_effects (id serial PRIMARY KEY, key text NOT NULL, job_id bigint NOT NULL)');
  });
  afterAll(async () => t?.close());

  it('runs a timer only when due, once, with its effects', async () => {
    const clock = new ManualClock('2026-11-28T10:00:00Z');
    const runner = new JobRunner(t.db, clock, log);
    runner.register(effectJob());
    await runner.enqueue(
      t.db,
      'test.effect',
      { key: 'a' },
      { runAt: new Date('2026-11-28T10:05:00Z'), dedupeKey: 'timer:a' },
    );
    // A second enqueue with the same key is a no-op while the first is pending.
    expect(
      await runner.enqueue(
        t.db,
        'test.effect',
        { key: 'a' },
        { runAt: new Date('2026-11-28T10:06:00Z'), dedupeKey: 'timer:a' },
      ),
    ).toBeNull();
    expect(await runner.runDue()).toBe(0);
    clock.advance(5 * 60_000);
    expect(await runner.runDue()).toBe(1);
    expect(await runner.runDue()).toBe(0);
    expect(await effects(t.db)).toEqual([{ key: 'a', n: 1 }]);
  });

  it('enqueues several timers in one statement with the same dedupe rules as one by one', async () => {
    const clock = new ManualClock('2026-11-28T10:30:00Z');
    const runner = new JobRunner(t.db, clock, log);
    runner.register(effectJob());
    const at = (min: number) => new Date(Date.parse('2026-11-28T10:30:00Z') + min * 60_000);
    await runner.enqueue(t.db, 'test.effect', { key: 'm1' }, { runAt: at(1), dedupeKey: 'many:1' });
    // many:1 is pending already and many:2 appears twice: one new job each for many:2 and many:3.
    expect(
      await runner.enqueueMany(t.db, [
        { kind: 'test.effect', payload: { key: 'm1' }, options: { runAt: at(9), dedupeKey: 'many:1' } },
        { kind: 'test.effect', payload: { key: 'm2' }, options: { runAt: at(2), dedupeKey: 'many:2' } },
        { kind: 'test.effect', payload: { key: 'm2' }, options: { runAt: at(2), dedupeKey: 'many:2' } },
        { kind: 'test.effect', payload: { key: 'm3' }, options: { runAt: at(3), dedupeKey: 'many:3' } },
      ]),
    ).toBe(2);
    expect(await runner.enqueueMany(t.db, [])).toBe(0);
    await expect(
      runner.enqueueMany(t.db, [{ kind: 'test.effect', payload: { key: 7 }, options: { runAt: at(4) } }]),
    ).rejects.toThrow();
    await expect(runner.enqueueMany(t.db, [{ kind: 'test.nope', payload: {} }])).rejects.toThrow(/unknown job kind/);
    const pending = await t.db.query<{ dedupe_key: string; run_at: Date; max_attempts: number }>(
      `SELECT dedupe_key, run_at, max_attempts FROM jobs WHERE dedupe_key LIKE 'many:%' AND status = 'pending' ORDER BY dedupe_key`,
    );
    expect(pending.rows).toEqual([
      { dedupe_key: 'many:1', run_at: at(1), max_attempts: 3 },
      { dedupe_key: 'many:2', run_at: at(2), max_attempts: 3 },
      { dedupe_key: 'many:3', run_at: at(3), max_attempts: 3 },
    ]);
    clock.advance(3 * 60_000);
    expect(await runner.runDue()).toBe(3);
    expect((await effects(t.db)).filter((e) => e.key.startsWith('m'))).toEqual([
      { key: 'm1', n: 1 },
      { key: 'm2', n: 1 },
      { key: 'm3', n: 1 },
    ]);
  });

  it('rolls back the effects of a failed attempt and retries with backoff', async () => {
    const clock = new ManualClock('2026-11-28T11:00:00Z');
    const runner = new JobRunner(t.db, clock, log);
    runner.register(effectJob({ times: 1 }));
    await runner.enqueue(t.db, 'test.effect', { key: 'b' });
    expect(await runner.runDue()).toBe(1);
    expect((await effects(t.db)).find((e) => e.key === 'b')).toBeUndefined();
    clock.advance(10_000);
    expect(await runner.runDue()).toBe(1);
    expect((await effects(t.db)).find((e) => e.key === 'b')).toEqual({ key: 'b', n: 1 });
    const row = await t.db.query<{ status: string; attempts: number }>(
      `SELECT status, attempts FROM jobs WHERE payload->>'key' = 'b'`,
    );
    expect(row.rows[0]).toEqual({ status: 'done', attempts: 2 });
  });

  it('runs a job enqueued inside a transaction with the real polling loop, after commit', async () => {
    const clock = new ManualClock(new Date());
    const runner = new JobRunner(t.db, clock, log, 50);
    runner.register(effectJob());
    await runner.start();
    try {
      await t.db.tx(async (tx) => {
        await runner.enqueue(tx, 'test.effect', { key: 'loop' });
      });
      const until = Date.now() + 5000;
      while (Date.now() < until && !(await effects(t.db)).some((e) => e.key === 'loop'))
        await new Promise((r) => setTimeout(r, 25));
      expect((await effects(t.db)).find((e) => e.key === 'loop')).toEqual({ key: 'loop', n: 1 });
      // The loop keeps working for later jobs too (it must not have inherited the transaction's context).
      await runner.enqueue(t.db, 'test.effect', { key: 'loop2' });
      const until2 = Date.now() + 5000;
      while (Date.now() < until2 && !(await effects(t.db)).some((e) => e.key === 'loop2'))
        await new Promise((r) => setTimeout(r, 25));
      expect((await effects(t.db)).find((e) => e.key === 'loop2')).toEqual({ key: 'loop2', n: 1 });
    } finally {
      await runner.stop();
    }
  });

  it('lets concurrent runners share due jobs without running any twice', async () => {
    const clock = new ManualClock('2026-11-28T12:00:00Z');
    const runners = [0, 1, 2].map(() => {
      const r = new JobRunner(t.db, clock, log);
      r.register(effectJob());
      return r;
    });
    for (let i = 0; i < 30; i++)
      await runners[0]?.enqueue(t.db, 'test.effect', { key: `c${String(i).padStart(2, '0')}` });
    const ran = await Promise.all(runners.map((r) => r.runDue()));
    expect(ran.reduce((a, b) => a + b, 0)).toBe(30);
    const c = (await effects(t.db)).filter((e) => e.key.startsWith('c'));
    expect(c).toHaveLength(30);
    expect(c.every((e) => e.n === 1)).toBe(true);
  });
});

describe.skipIf(engineUnavailable)('a timer due while the server is down fires after restart, exactly once', () => {
  it(`works on ${engine.name}`, async () => {
    let open: () => Promise<{ db: Db; cleanup: () => Promise<void> }>;
    let dir: string | null = null;
    let finish: () => Promise<void> = async () => undefined;
    if (engine.name === 'pglite') {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-timer-'));
      const d = dir;
      open = async () => {
        const db = await openPglite({ dataDir: d });
        return { db, cleanup: async () => db.close() };
      };
    } else {
      const t = await startTestApp({ template: 'empty' });
      await t.app.close();
      const shared = t.db;
      open = async () => ({ db: shared, cleanup: async () => undefined });
      // One database for both "runs"; the harness drops it at the end.
      finish = () => t.close();
    }
    const clock = new ManualClock('2026-11-28T20:00:00Z');
    {
      const { db, cleanup } = await open();
      await migrate(db);
      await db.exec(
        'CREATE TABLE IF NOT EXISTS test_effects (id serial PRIMARY KEY, key text NOT NULL, job_id bigint NOT NULL)',
      );
      const runner = new JobRunner(db, clock, log);
      runner.register(effectJob());
      await runner.enqueue(
        db,
        'test.effect',
        { key: 'restart' },
        { runAt: new Date('2026-11-28T20:10:00Z'), dedupeKey: 'timer:restart' },
      );
      expect(await runner.runDue()).toBe(0);
      await cleanup();
    }
    clock.advance(60 * 60_000); // the server was down past the deadline
    for (let boot = 0; boot < 2; boot++) {
      const { db, cleanup } = await open();
      const runner = new JobRunner(db, clock, log);
      runner.register(effectJob());
      expect(await runner.runDue()).toBe(boot === 0 ? 1 : 0);
      expect((await effects(db)).filter((e) => e.key === 'restart')).toEqual([{ key: 'restart', n: 1 }]);
      await cleanup();
    }
    await finish();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
