import {
  type EventAccepted,
  EventRequest,
  type EvidenceAppended,
  type EvidenceAppendRequest as EvidenceAppendInput,
  EvidenceAppendRequest,
} from '@fengqiao/contracts';
import { describe, expect, it } from 'vitest';
import { type ServerClient, ServerError } from '../src/client';
import type { EvidenceBuilder } from '../src/evidence';
import type { Frame } from '../src/frame';
import { EventOutbox } from '../src/outbox';
import type { FiredEvent, ReadyEvent, SeenObject } from '../src/pipeline';
import type { RuleEvent } from '../src/rules';
import { sceneCamera } from './scenes';

const T0 = Date.parse('2026-05-01T02:00:00Z');
const camera = sceneCamera('file:///x.mp4');
const frame = (i: number): Frame => ({
  width: 8,
  height: 8,
  data: new Uint8Array(8 * 8 * 3),
  t: T0 + i * 200,
  index: i,
});
const car: SeenObject = { trackId: 4, cls: 'car', box: [0.5, 0.6, 0.3, 0.3], score: 0.8 };
const event: RuleEvent = {
  ruleId: camera.rules[0]?.id as string,
  kind: 'dwell',
  t: T0 + 2000,
  trackId: 4,
  cls: 'car',
  score: 0.8,
  box: car.box,
  count: null,
  speedKmh: null,
  dwellSeconds: 3,
};
const fired: FiredEvent = {
  event,
  frames: [
    { role: 'before', frame: frame(0), objects: [car] },
    { role: 'during', frame: frame(10), objects: [car] },
  ],
};
const ready: ReadyEvent = {
  event,
  frames: [...fired.frames, { role: 'after', frame: frame(12), objects: [car] }],
  clip: Array.from({ length: 22 }, (_, i) => ({ frame: frame(i), objects: [car] })),
};

const item = (role: 'before' | 'during' | 'after' | 'plate' | 'clip', salt = '') => ({
  role,
  capturedAt: new Date(T0).toISOString(),
  data: Buffer.from(`${role}-bytes-of-this-evidence-item${salt}`).toString('base64'),
  regions: [],
});

/** Evidence without ffmpeg: fixed items, so the test is about the protocol. */
const evidence = (salt = '') =>
  ({
    first: async (_c: unknown, f: FiredEvent) => ({
      evidence: [item('before', salt), item('during', salt)],
      plate: null,
      plateStatus: 'pending',
      frames: f.frames,
    }),
    rest: async () => ({
      evidence: [item('after', salt), item('plate', salt), item('clip', salt)],
      plate: '苏E5K2M8',
      plateStatus: 'read',
    }),
  }) as unknown as EvidenceBuilder;

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * A stand-in server with the real one's rules: it parses every request with
 * the contract, stores an event once per id and an evidence item once per
 * event and role, and answers 404 for evidence of an unknown event. `fail`
 * makes the next calls of a kind fail after storing (the answer is lost).
 */
function server() {
  const events = new Map<string, { body: EventRequest; roles: Map<string, string>; pending: boolean }>();
  const calls: string[] = [];
  const fail = { event: 0, append: 0 };
  const client = {
    workerId: 'test-worker',
    event: async (e: Omit<EventRequest, 'workerId'>): Promise<EventAccepted> => {
      const body = EventRequest.parse({ ...e, workerId: 'test-worker' });
      calls.push(`event:${body.eventId}`);
      const created = !events.has(body.eventId);
      if (created)
        events.set(body.eventId, {
          body,
          roles: new Map(body.evidence.map((v) => [v.role, v.data])),
          pending: body.evidencePending,
        });
      if (fail.event > 0) {
        fail.event--;
        throw new ServerError(503, 'answer lost');
      }
      return { eventId: body.eventId, created, incidentId: null, incidentNumber: null };
    },
    appendEvidence: async (id: string, a: Omit<EvidenceAppendInput, 'workerId'>): Promise<EvidenceAppended> => {
      const body = EvidenceAppendRequest.parse({ ...a, workerId: 'test-worker' });
      calls.push(`append:${id}`);
      const e = events.get(id);
      if (!e) throw new ServerError(404, 'no such event');
      const stored: EvidenceAppended['stored'] = [];
      const duplicates: EvidenceAppended['duplicates'] = [];
      for (const v of body.evidence) {
        if (e.roles.has(v.role)) duplicates.push(v.role);
        else {
          e.roles.set(v.role, v.data);
          stored.push(v.role);
        }
      }
      if (body.complete) e.pending = false;
      if (fail.append > 0) {
        fail.append--;
        throw new ServerError(502, 'answer lost');
      }
      return {
        eventId: id,
        stored,
        duplicates,
        evidenceCount: e.roles.size,
        evidencePending: e.pending,
        plate: body.plate ?? null,
        plateStatus: body.plateStatus ?? 'pending',
      };
    },
  };
  return { client: client as unknown as ServerClient, events, calls, fail };
}

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('worker outbox: the event at once, its evidence appended', () => {
  it('posts the event before its evidence is complete and appends the after-frame, plate and clip later', async () => {
    const s = server();
    const outbox = new EventOutbox(s.client, evidence(), { log: quiet, signal: new AbortController().signal });
    outbox.fire(camera, fired);
    await waitFor(() => outbox.posted.length === 1);
    // The alert is acknowledged while the clip is still being recorded: nothing appended yet.
    expect(s.calls).toHaveLength(1);
    expect(s.calls[0]).toMatch(/^event:/);
    const posted = [...s.events.values()][0];
    expect(posted?.body.evidencePending).toBe(true);
    expect(posted?.body.plateStatus).toBe('pending');
    expect([...(posted?.roles.keys() ?? [])]).toEqual(['before', 'during']);
    expect(outbox.posted[0]).toMatchObject({ kind: 'dwell', plateStatus: 'pending', evidence: ['before', 'during'] });
    expect(outbox.size).toBe(1);

    outbox.complete(camera, ready);
    await outbox.drain();
    expect(s.calls.map((c) => c.split(':')[0])).toEqual(['event', 'append']);
    expect(s.calls[1]).toBe(`append:${outbox.posted[0]?.eventId}`);
    expect([...(posted?.roles.keys() ?? [])]).toEqual(['before', 'during', 'after', 'plate', 'clip']);
    expect(posted?.pending).toBe(false);
    expect(outbox.appended).toEqual([
      expect.objectContaining({
        eventId: outbox.posted[0]?.eventId,
        stored: ['after', 'plate', 'clip'],
        duplicates: [],
        plate: '苏E5K2M8',
        plateStatus: 'read',
      }),
    ]);
    expect(outbox.size).toBe(0);
  });

  it('retries an append whose answer was lost: the server keeps each item once', async () => {
    const s = server();
    s.fail.append = 1;
    const outbox = new EventOutbox(s.client, evidence(), { log: quiet, signal: new AbortController().signal });
    outbox.fire(camera, fired);
    outbox.complete(camera, ready);
    await outbox.drain();
    expect(s.calls.map((c) => c.split(':')[0])).toEqual(['event', 'append', 'append']);
    const stored = [...s.events.values()][0];
    expect([...(stored?.roles.keys() ?? [])]).toEqual(['before', 'during', 'after', 'plate', 'clip']);
    // The retry found everything there already.
    expect(outbox.appended[0]).toMatchObject({ stored: [], duplicates: ['after', 'plate', 'clip'] });
  });

  it('appends only after the event is acknowledged, even when the evidence is complete first', async () => {
    const s = server();
    s.fail.event = 1;
    const outbox = new EventOutbox(s.client, evidence(), { log: quiet, signal: new AbortController().signal });
    outbox.fire(camera, fired);
    outbox.complete(camera, ready);
    await outbox.drain();
    expect(s.calls.map((c) => c.split(':')[0])).toEqual(['event', 'event', 'append']);
    expect(outbox.posted).toHaveLength(1);
    expect(outbox.appended[0]?.stored).toEqual(['after', 'plate', 'clip']);
  });

  it('a restarted worker that sees the same event again duplicates neither the event nor its evidence', async () => {
    const s = server();
    const first = new EventOutbox(s.client, evidence(), { log: quiet, signal: new AbortController().signal });
    first.fire(camera, fired);
    first.complete(camera, ready);
    await first.drain();
    // A new process: new outbox, evidence re-encoded (other bytes), the same replay.
    const again = new EventOutbox(s.client, evidence('-re-encoded'), {
      log: quiet,
      signal: new AbortController().signal,
    });
    again.fire(camera, fired);
    again.complete(camera, ready);
    await again.drain();
    expect(s.events.size).toBe(1);
    const stored = [...s.events.values()][0];
    expect([...(stored?.roles.keys() ?? [])]).toEqual(['before', 'during', 'after', 'plate', 'clip']);
    // Stored evidence is never replaced: the first bytes stay (their hash is what the server recorded).
    expect(Buffer.from(stored?.roles.get('clip') ?? '', 'base64').toString()).not.toContain('re-encoded');
    expect(again.posted[0]?.eventId).toBe(first.posted[0]?.eventId);
    expect(again.appended[0]).toMatchObject({ stored: [], duplicates: ['after', 'plate', 'clip'] });
  });

  it('an event the server refuses takes its evidence with it; one whose evidence never completes is closed empty', async () => {
    const refusing = server();
    (refusing.client as unknown as { event: () => Promise<never> }).event = async () => {
      throw new ServerError(409, 'no lease');
    };
    const a = new EventOutbox(refusing.client, evidence(), { log: quiet, signal: new AbortController().signal });
    a.fire(camera, fired);
    a.complete(camera, ready);
    await a.drain();
    expect(a.posted).toEqual([]);
    expect(refusing.calls).toEqual([]);

    const s = server();
    const b = new EventOutbox(s.client, evidence(), {
      log: quiet,
      signal: new AbortController().signal,
      completeTimeoutMs: 50,
    });
    b.fire(camera, fired);
    await b.drain();
    expect(b.appended[0]).toMatchObject({ stored: [], plateStatus: 'unreadable' });
    expect([...s.events.values()][0]?.pending).toBe(false);
  });
});
