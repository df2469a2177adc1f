import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import type { Db } from '../db/db';
import { InProcessBus } from '../realtime/event-bus';
import { hashToken, SessionService } from './session.service';
import type { SessionUserRow } from './sessions.repository';

const NOW = new Date('2026-11-29T08:00:00Z');

/** A database holding one session row that the test edits; counts the session reads. */
function fakeDb(row: SessionUserRow) {
  const state = { row, reads: 0, hold: null as Promise<void> | null };
  const db = {
    inTransaction: false,
    async query(text: string) {
      if (text.includes('FROM sessions s')) {
        state.reads += 1;
        const snapshot = { ...state.row };
        if (state.hold) await state.hold;
        return { rows: [snapshot], rowCount: 1 };
      }
      return { rows: [], rowCount: 0 };
    },
  } as unknown as Db;
  return { db, state };
}

function sessionRow(token: string, over: Partial<SessionUserRow> = {}): SessionUserRow {
  return {
    session_id: hashToken(token),
    created_at: NOW,
    last_seen_at: NOW,
    expires_at: new Date(NOW.getTime() + 8 * 3_600_000),
    mfa_passed: true,
    ended_at: null,
    user_id: 'u1',
    username: 'operator',
    display_name: 'Operator',
    roles: ['command_operator'],
    status: 'active',
    locked_at: null,
    station_id: 's1',
    station_name: null,
    station_name_en: null,
    county_id: null,
    county_name: null,
    county_name_en: null,
    county_station_ids: null,
    person_id: null,
    totp_enabled_at: null,
    must_change_password: false,
    ...over,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SessionService session cache', () => {
  it('answers repeated requests from one read for up to cacheMs, then reads again', async () => {
    const { db, state } = fakeDb(sessionRow('t'));
    const s = new SessionService(db, new ManualClock(NOW), 3_600_000, 8 * 3_600_000, async () => [], 80);
    for (let i = 0; i < 5; i++) expect((await s.resolve('t')).ok).toBe(true);
    expect(state.reads).toBe(1);
    await sleep(100);
    expect((await s.resolve('t')).ok).toBe(true);
    expect(state.reads).toBe(2);
  });

  it('drops the cached read at once when any node announces the session ended or the account changed', async () => {
    const { db, state } = fakeDb(sessionRow('t'));
    const bus = new InProcessBus();
    const s = new SessionService(db, new ManualClock(NOW), 3_600_000, 8 * 3_600_000, async () => [], 60_000);
    s.watch(bus);
    expect((await s.resolve('t')).ok).toBe(true);
    // Another node disabled the account and published the end of its sessions.
    state.row = { ...state.row, ended_at: NOW, status: 'disabled' };
    await bus.publish({
      topic: 'session.ended',
      payload: { sessionId: null, reason: 'revoked' },
      scope: { stationId: null, userIds: ['u1'] },
      at: NOW.toISOString(),
    });
    expect(await s.resolve('t')).toEqual({ ok: false, reason: 'ended' });
    // A role change elsewhere: the next request sees the new roles.
    state.row = { ...sessionRow('t'), roles: ['station_leader'] };
    expect((await s.resolve('t')).ok).toBe(true);
    state.row = { ...sessionRow('t'), roles: ['command_operator'] };
    await bus.publish({
      topic: 'session.changed',
      payload: { sessionId: null },
      scope: { stationId: null, userIds: ['u1'] },
      at: NOW.toISOString(),
    });
    const r = await s.resolve('t');
    expect(r.ok && r.actor.roles).toEqual(['command_operator']);
  });

  it('reads a session that still waits for its second factor or a new password every time', async () => {
    const { db, state } = fakeDb(sessionRow('t', { mfa_passed: false }));
    const s = new SessionService(db, new ManualClock(NOW), 3_600_000, 8 * 3_600_000, async () => [], 60_000);
    await s.resolve('t');
    await s.resolve('t');
    expect(state.reads).toBe(2);
    state.row = { ...state.row, mfa_passed: true, must_change_password: true };
    await s.resolve('t');
    await s.resolve('t');
    expect(state.reads).toBe(4);
  });

  it('does not keep a read that was in flight when the session was dropped', async () => {
    const { db, state } = fakeDb(sessionRow('t'));
    const s = new SessionService(db, new ManualClock(NOW), 3_600_000, 8 * 3_600_000, async () => [], 60_000);
    let release = () => {};
    state.hold = new Promise<void>((r) => {
      release = r;
    });
    const inFlight = s.resolve('t');
    await sleep(5);
    s.forgetUser('u1');
    state.hold = null;
    release();
    expect((await inFlight).ok).toBe(true);
    state.row = { ...state.row, ended_at: NOW };
    expect(await s.resolve('t')).toEqual({ ok: false, reason: 'ended' });
  });

  it('keeps a touched session from looking idle in the cache', async () => {
    const clock = new ManualClock(NOW);
    const { db } = fakeDb(sessionRow('t'));
    const s = new SessionService(db, clock, 60_000, 8 * 3_600_000, async () => [], 60_000);
    expect((await s.resolve('t')).ok).toBe(true);
    clock.advance(40_000);
    expect((await s.resolve('t')).ok).toBe(true); // touched: last seen now
    clock.advance(40_000);
    expect((await s.resolve('t')).ok).toBe(true); // 40 s after the touch, not 80 s after the login
  });
});
