import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUnavailable, startTestApp, type TestApp } from '../../../test/harness';
import { type Call, cast, iso, onRoute, PNG, type RouteShape, teamRoute, upload, uuid } from './volunteers.test-helper';

const MIN = 60_000;

describe.skipIf(engineUnavailable)('patrol duties with proof of presence', () => {
  let t: TestApp;
  let volunteer: Call & { cookie: string };
  let leader: Call;
  let colleague: Call;
  let teamId: string;
  let route: RouteShape;
  let start: number;
  let shiftId: string;
  let dutyId: string;

  const newShift = async (startsAt: number, minutes: number, extra: Record<string, unknown> = {}) => {
    const r = await leader('POST', '/api/patrols/shifts', {
      teamId,
      routeId: route.id,
      startsAt: iso(startsAt),
      endsAt: iso(startsAt + minutes * MIN),
      capacity: 1,
      ...extra,
    });
    expect(r.status, r.raw).toBe(201);
    return r.body.id as string;
  };

  beforeAll(async () => {
    // Long sessions: the clock crosses hours and days of a duty.
    t = await startTestApp({ config: { sessionIdleMs: 60 * 86_400_000, sessionAbsoluteMs: 60 * 86_400_000 } });
    const c = await cast(t);
    volunteer = c.volunteer;
    leader = c.leader;
    colleague = c.colleague;
    teamId = c.team.id;
    route = await teamRoute(leader, teamId);
    // The demo's own live duties of these two (claimed, or one under way right now) would collide with the
    // test's shifts, which start ten minutes from now: which ones exist depends on the hour the demo is loaded.
    await t.db.query(
      `UPDATE patrol_duties d SET status = 'released' FROM patrol_shifts s
        WHERE s.id = d.shift_id AND d.status IN ('claimed', 'checked_in') AND d.person_id = ANY($1::uuid[])
          AND s.ends_at > $2`,
      [[c.me.personId, c.colleagueId], t.clock.now()],
    );
    // A shift on a whole minute, ten minutes from now, two hours long, one place.
    start = Math.ceil((t.clock.now().getTime() + 10 * MIN) / MIN) * MIN;
    shiftId = await newShift(start, 120);
  });
  afterAll(async () => t?.close());

  it('lists the team’s open shift to the volunteer, who claims it once however often the request is replayed', async () => {
    const open = (await volunteer('GET', '/api/me/volunteer/shifts')).body as unknown as {
      id: string;
      myDutyId: string | null;
    }[];
    expect(open.some((s) => s.id === shiftId && s.myDutyId === null)).toBe(true);
    const clientId = uuid();
    const first = await volunteer('POST', `/api/me/volunteer/shifts/${shiftId}/claim`, { clientId });
    expect(first.status, first.raw).toBe(201);
    dutyId = first.body.id as string;
    const replay = await volunteer('POST', `/api/me/volunteer/shifts/${shiftId}/claim`, { clientId });
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replay']).toBe('true');
    expect(replay.body).toEqual(first.body);
    // A fresh request for a shift already held answers that duty.
    const again = await volunteer('POST', `/api/me/volunteer/shifts/${shiftId}/claim`, {});
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(dutyId);
    const n = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM patrol_duties WHERE shift_id = $1 AND status <> 'released'`,
      [shiftId],
    );
    expect(n.rows[0]?.n).toBe(1);
  });

  it('refuses a full shift, and a client id reused for another request', async () => {
    const full = await colleague('POST', `/api/me/volunteer/shifts/${shiftId}/claim`, {});
    expect(full.status).toBe(409);
    expect(full.body.reason).toBe('shift_full');
    const clientId = uuid();
    expect(
      (await volunteer('POST', `/api/me/volunteer/duties/${dutyId}/served`, { clientId, servedCount: 1 })).status,
    ).toBe(400);
    const other = await newShift(start + 24 * 60 * MIN, 60);
    await volunteer('POST', `/api/me/volunteer/shifts/${other}/claim`, { clientId });
    const reused = await volunteer('POST', `/api/me/volunteer/shifts/${other}/unclaim`, { clientId });
    expect(reused.status).toBe(409);
    expect(reused.body.reason).toBe('client_id_reused');
  });

  it('refuses a check-in in the future or far from the route, with the distance', async () => {
    t.clock.advance(12 * MIN); // start + 2 min
    const [lng, lat] = onRoute(route, 0);
    const future = await volunteer('POST', `/api/me/volunteer/duties/${dutyId}/check-in`, {
      at: iso(t.clock.now().getTime() + 10 * MIN),
      lng,
      lat,
    });
    expect(future.status).toBe(400);
    expect((future.body.fields as { path: string; code: string }[])[0]).toMatchObject({
      path: 'body.at',
      code: 'in_future',
    });
    const far = await volunteer('POST', `/api/me/volunteer/duties/${dutyId}/check-in`, {
      at: iso(start + MIN),
      lng,
      lat: lat + 0.03,
    });
    expect(far.status).toBe(400);
    expect(far.body.reason).toBe('far_from_route');
    expect(far.body.message).toMatch(/\d+ m from the route/);
  });

  it('checks in at the route, with the device time of a queued request', async () => {
    const [lng, lat] = onRoute(route, 0);
    const clientId = uuid();
    const body = { clientId, at: iso(start + MIN), lng, lat, accuracyM: 8 };
    const r = await volunteer('POST', `/api/me/volunteer/duties/${dutyId}/check-in`, body);
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toMatchObject({ status: 'checked_in', checkInAt: iso(start + MIN), flags: [] });
    // The queue sends it again after a lost answer: nothing changes.
    const replay = await volunteer('POST', `/api/me/volunteer/duties/${dutyId}/check-in`, body);
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replay']).toBe('true');
    // A second check-in under a new id is refused.
    const second = await volunteer('POST', `/api/me/volunteer/duties/${dutyId}/check-in`, {
      ...body,
      clientId: uuid(),
    });
    expect(second.body.reason).toBe('already_checked_in');
  });

  it('stores track batches once, refusing fixes in the future or before the shift, and passes checkpoints by proximity', async () => {
    t.clock.advance(58 * MIN); // start + 60 min
    const fixes = [5, 15, 25, 35, 45, 55].map((m, i) => {
      const [lng, lat] = onRoute(route, (i % 3) / 2);
      return { at: iso(start + m * MIN), lng, lat, accuracyM: 10 };
    });
    const [fl, fa] = onRoute(route, 0.5);
    const batch = [
      ...fixes,
      { at: iso(t.clock.now().getTime() + 10 * MIN), lng: fl, lat: fa },
      { at: iso(start - 45 * MIN), lng: fl, lat: fa },
    ];
    const clientId = uuid();
    const r = await volunteer('POST', `/api/me/volunteer/duties/${dutyId}/points`, { clientId, points: batch });
    expect(r.status, r.raw).toBe(200);
    expect(r.body.accepted).toBe(6);
    expect(r.body.rejected).toEqual([
      { index: 6, code: 'in_future' },
      { index: 7, code: 'before_shift' },
    ]);
    expect((r.body.newPasses as unknown[]).length).toBeGreaterThan(0);
    // The same batch replayed (same id): the stored answer, nothing stored twice.
    const replay = await volunteer('POST', `/api/me/volunteer/duties/${dutyId}/points`, { clientId, points: batch });
    expect(replay.body).toEqual(r.body);
    // The same fixes under a new id (a client that lost its ids): duplicates.
    const dup = await volunteer('POST', `/api/me/volunteer/duties/${dutyId}/points`, {
      clientId: uuid(),
      points: fixes,
    });
    expect(dup.body).toMatchObject({ accepted: 0, duplicates: 6 });
    const n = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM patrol_points WHERE duty_id = $1', [
      dutyId,
    ]);
    expect(n.rows[0]?.n).toBe(6);
  });

  it('records a QR pass once, refuses a stranger’s QR and a checkpoint far away', async () => {
    const qr = route.checkpoints.find((c) => c.qrToken);
    expect(qr?.qrToken).toBeTruthy();
    const body = { clientId: uuid(), qrToken: qr?.qrToken, at: iso(start + 58 * MIN) };
    const first = await volunteer('POST', `/api/me/volunteer/duties/${dutyId}/passes`, body);
    expect([200, 201]).toContain(first.status);
    expect(first.body).toMatchObject({ checkpointId: qr?.id });
    const later = await volunteer('POST', `/api/me/volunteer/duties/${dutyId}/passes`, { ...body, clientId: uuid() });
    expect(later.status).toBe(200);
    expect(later.body.firstPass).toBe(false);
    const stranger = await volunteer('POST', `/api/me/volunteer/duties/${dutyId}/passes`, {
      qrToken: 'not-a-real-token-000',
      at: iso(start + 58 * MIN),
    });
    expect(stranger.status).toBe(400);
    expect((stranger.body.fields as { code: string }[])[0]?.code).toBe('unknown_qr');
    const cp = route.checkpoints[route.checkpoints.length - 1];
    const away = await volunteer('POST', `/api/me/volunteer/duties/${dutyId}/passes`, {
      checkpointId: cp?.id,
      at: iso(start + 59 * MIN),
      lng: (cp?.point[0] ?? 0) + 0.01,
      lat: cp?.point[1],
    });
    expect(away.status).toBe(400);
    expect(away.body.reason).toBe('not_at_checkpoint');
  });

  it('takes photos once per client id, refusing oversized files and non-images with clear codes', async () => {
    const key = uuid();
    const a = await upload(t, volunteer, `/api/me/volunteer/duties/${dutyId}/photos?clientId=${key}`, PNG);
    expect(a.status).toBe(201);
    const b = await upload(t, volunteer, `/api/me/volunteer/duties/${dutyId}/photos?clientId=${key}`, PNG);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    const big = Buffer.concat([PNG, Buffer.alloc(9 * 1024 * 1024)]);
    const tooBig = await upload(t, volunteer, `/api/me/volunteer/duties/${dutyId}/photos`, big);
    expect(tooBig.status).toBe(413);
    expect((tooBig.body.fields as { code: string }[])[0]?.code).toBe('file_too_large');
    const text = await upload(
      t,
      volunteer,
      `/api/me/volunteer/duties/${dutyId}/photos`,
      Buffer.from('hello, not a photo'),
    );
    expect(text.status).toBe(400);
    expect((text.body.fields as { code: string }[])[0]?.code).toBe('file_type');
    const n = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM duty_photos WHERE duty_id = $1', [
      dutyId,
    ]);
    expect(n.rows[0]?.n).toBe(1);
  });

  it('checks out with the last queued fixes and computes the hours from the evidence', async () => {
    t.clock.advance(50 * MIN); // start + 110 min
    const last = [65, 75, 85, 95, 105].map((m, i) => {
      const [lng, lat] = onRoute(route, (i % 2) / 2);
      return { at: iso(start + m * MIN), lng, lat, accuracyM: 12 };
    });
    const [lng, lat] = onRoute(route, 0.25);
    const body = { clientId: uuid(), at: iso(start + 108 * MIN), lng, lat, points: last };
    const r = await volunteer('POST', `/api/me/volunteer/duties/${dutyId}/check-out`, body);
    expect(r.status, r.raw).toBe(200);
    // First fix near the route at or after the start: the check-in at +1 min; the end: the check-out at +108.
    expect(r.body).toMatchObject({ status: 'checked_out', verification: 'auto', hours: 1.78 });
    const replay = await volunteer('POST', `/api/me/volunteer/duties/${dutyId}/check-out`, body);
    expect(replay.body).toEqual(r.body);
    const detail = (await volunteer('GET', `/api/me/volunteer/duties/${dutyId}`)).body as Record<string, unknown> & {
      hoursDetail: { seconds: number; gapSeconds: number; startedAt: string };
      track: unknown[];
      photos: unknown[];
    };
    expect(detail.hoursDetail).toMatchObject({ seconds: 107 * 60, gapSeconds: 0, startedAt: iso(start + MIN) });
    expect(detail.track.length).toBeGreaterThanOrEqual(11);
    expect(detail.photos).toHaveLength(1);
    // Verified hours earn points, traceable to the duty.
    const ledger = (await volunteer('GET', '/api/me/volunteer/points')).body as unknown as {
      entries: { source: string; sourceId: string; quantity: number; points: number; sourceLabel: string }[];
    };
    const entry = ledger.entries.find((e) => e.sourceId === dutyId);
    expect(entry).toMatchObject({ source: 'duty_hours', quantity: 1.78, points: 17.8 });
    expect(entry?.sourceLabel).toMatch(/1\.78 h/);
  });

  it('refuses late fixes once the duty is verified', async () => {
    const [lng, lat] = onRoute(route, 0);
    const r = await volunteer('POST', `/api/me/volunteer/duties/${dutyId}/points`, {
      points: [{ at: iso(start + 100 * MIN), lng, lat }],
    });
    expect(r.status).toBe(409);
    expect(r.body.reason).toBe('duty_verified');
  });

  it('shows the duty and its hours to officers, with the track read audited', async () => {
    const list = (await leader('GET', `/api/patrols/duties?teamId=${teamId}`)).body as unknown as {
      id: string;
      hours: number;
    }[];
    expect(list.find((d) => d.id === dutyId)?.hours).toBe(1.78);
    const detail = await leader('GET', `/api/patrols/duties/${dutyId}`);
    expect(detail.status).toBe(200);
    const audit = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'patrol_duty.read' AND resource_id = $1`,
      [dutyId],
    );
    expect(audit.rows[0]?.n).toBe(1);
  });

  it('only lets holders of a valid certificate take a duty that needs one', async () => {
    const courses = (await leader('GET', '/api/volunteers/courses')).body as unknown as { id: string; code: string }[];
    const course = courses.find((c) => c.code === 'EMER-01');
    const s = await newShift(start + 3 * 24 * 60 * MIN, 60, { requiredCourseId: course?.id });
    const held = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM volunteer_certificates c JOIN app_users u ON u.person_id = c.person_id
        WHERE u.username = 'volunteer' AND c.course_id = $1 AND c.revoked_at IS NULL AND c.expires_on > now() + interval '3 days'`,
      [course?.id],
    );
    const r = await volunteer('POST', `/api/me/volunteer/shifts/${s}/claim`, {});
    if ((held.rows[0]?.n ?? 0) > 0) expect(r.status).toBe(201);
    else {
      expect(r.status).toBe(409);
      expect(r.body.reason).toBe('certificate_required');
    }
  });

  it('closes a forgotten duty by timer, flags it for review, and an officer’s approval earns the points', async () => {
    const s = await newShift(t.clock.now().getTime() + 5 * MIN, 30);
    const claim = await colleague('POST', `/api/me/volunteer/shifts/${s}/claim`, {});
    expect(claim.status, claim.raw).toBe(201);
    const id = claim.body.id as string;
    t.clock.advance(6 * MIN);
    const [lng, lat] = onRoute(route, 0);
    const begin = t.clock.now().getTime() - MIN;
    // Far from the route, confirmed by the volunteer: checked in with a flag.
    const far = await colleague('POST', `/api/me/volunteer/duties/${id}/check-in`, {
      at: iso(begin),
      lng,
      lat: lat + 0.03,
      acknowledgeFar: true,
    });
    expect(far.status, far.raw).toBe(200);
    expect(far.body.flags).toEqual(['far_check_in']);
    t.clock.advance(20 * MIN);
    await colleague('POST', `/api/me/volunteer/duties/${id}/points`, {
      points: [5, 10, 15].map((m) => ({ at: iso(begin + m * MIN), lng, lat })),
    });
    t.clock.advance(3 * 3_600_000);
    await t.platform.jobs.runDue();
    const closed = (await leader('GET', `/api/patrols/duties/${id}`)).body as Record<string, unknown>;
    expect(closed).toMatchObject({ status: 'checked_out', verification: 'pending' });
    expect(closed.flags).toEqual(['far_check_in', 'no_checkout']);
    const pending = (await leader('GET', '/api/patrols/duties?verification=pending')).body as unknown as {
      id: string;
    }[];
    expect(pending.some((d) => d.id === id)).toBe(true);
    const review = await leader('POST', `/api/patrols/duties/${id}/review`, { decision: 'approve', note: '现场核实' });
    expect(review.status, review.raw).toBe(200);
    expect(review.body.verification).toBe('approved');
    const awarded = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM volunteer_points WHERE source = 'duty_hours' AND source_id = $1`,
      [id],
    );
    expect(awarded.rows[0]?.n).toBe(1);
    expect((await leader('POST', `/api/patrols/duties/${id}/review`, { decision: 'reject' })).body.reason).toBe(
      'not_pending',
    );
  });

  it('keeps one duty when the same claim arrives several times at once, and gives the last place to one of two', async () => {
    const s = await newShift(t.clock.now().getTime() + 4 * 86_400_000, 60);
    const clientId = uuid();
    const all = await Promise.all(
      [1, 2, 3].map(() => volunteer('POST', `/api/me/volunteer/shifts/${s}/claim`, { clientId })),
    );
    expect(all.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    expect(new Set(all.map((r) => r.body.id)).size).toBe(1);
    const s2 = await newShift(t.clock.now().getTime() + 5 * 86_400_000, 60);
    const race = await Promise.all([
      volunteer('POST', `/api/me/volunteer/shifts/${s2}/claim`, { clientId: uuid() }),
      colleague('POST', `/api/me/volunteer/shifts/${s2}/claim`, { clientId: uuid() }),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    const n = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM patrol_duties WHERE shift_id = ANY($1::uuid[]) AND status <> 'released'`,
      [[s, s2]],
    );
    expect(n.rows[0]?.n).toBe(2);
  });

  it('alerts the team leader a week ahead when a shift is not staffed', async () => {
    const s = await newShift(t.clock.now().getTime() + 9 * 86_400_000, 120);
    t.clock.advance(2 * 86_400_000 + MIN);
    await t.platform.jobs.runDue();
    const rows = await t.db.query<{ person_id: string }>(
      `SELECT person_id FROM volunteer_notifications WHERE kind = 'shift_understaffed' AND ref_id = $1`,
      [s],
    );
    const team = await t.db.query<{ leader_person_id: string }>(
      'SELECT leader_person_id FROM volunteer_teams WHERE id = $1',
      [teamId],
    );
    expect(rows.rows.map((r) => r.person_id)).toEqual([team.rows[0]?.leader_person_id]);
    const coverage = (await leader('GET', '/api/patrols/coverage')).body as unknown as {
      understaffed: { id: string }[];
      places: { daysSince: number | null }[];
      missedCheckpoints: unknown[];
    };
    expect(coverage.understaffed.some((x) => x.id === s)).toBe(true);
    expect(coverage.places.length).toBeGreaterThan(10);
  });
});
