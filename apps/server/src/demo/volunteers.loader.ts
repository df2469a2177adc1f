import { randomBytes, randomUUID } from 'node:crypto';
import {
  addCalendarDays,
  chinaDay,
  createRng,
  DEFAULT_POINT_RULES,
  distanceToRouteM,
  dutyHours,
  type PointRule,
  type PointSource,
  pointsFor,
  type RouteShape,
} from '@fengqiao/domain';
import { incidentPointsInGrids } from '../modules/incidents';
import {
  advanceVolunteerSequences,
  CERT_EXPIRY_JOB,
  certReminderAt,
  HAZARD_OVERDUE_JOB,
  insertVolunteerHistory,
  placeIdsByDemoKey,
  STAFFING_JOB,
  staffingAt,
  timerKeys,
} from '../modules/volunteers';
import type { Tx } from '../platform/db/db';
import { insertJob } from '../platform/jobs/jobs.repository';
import type { Platform } from '../platform/platform';
import type { DemoTown } from './town.types';
import { generateVolunteerHistory } from './volunteers.generator';

export interface LoadedVolunteerTown {
  stationId: string;
  personIds: Map<string, string>;
  gridIds: Map<string, string>;
}

const DAY = 86_400_000;
/** Incidents a merchant's alarm can stand behind: night-time thefts, robberies and public-order trouble. */
const ALARM_CATEGORIES = [
  'criminal.theft',
  'criminal.burglary',
  'criminal.robbery',
  'public_order.fight',
  'public_order.harassment',
];

/**
 * The volunteer force's year, bulk-loaded in the demo town's transaction:
 * roster with vetting, teams, routes, training and certificates, shifts and
 * duties with their evidence, hazards, merchant alarms (attached to night
 * incidents of the command-room history in the business districts), the
 * points ledger, and the pending timers. Hours are computed from the
 * generated evidence with the same rule as the live API.
 */
export async function loadVolunteerHistory(
  platform: Platform,
  tx: Tx,
  town: DemoTown,
  loaded: LoadedVolunteerTown,
): Promise<Record<string, number>> {
  const now = platform.clock.now();
  const h = generateVolunteerHistory(town, now);
  const { stationId } = loaded;
  const person = (key: string) => loaded.personIds.get(key) ?? null;
  const grid = (code: string | null) => (code ? (loaded.gridIds.get(code) ?? null) : null);
  const placeIds = await placeIdsByDemoKey(tx, stationId);
  const place = (key: string | null) => (key ? (placeIds.get(key) ?? null) : null);
  const nameOf = new Map(town.people.map((p) => [p.key, p.name]));
  const officerOfGrid = new Map(town.grids.map((g) => [g.code, nameOf.get(g.officerKey) ?? null]));

  // ---------------------------------------------------------------- roster
  await insertVolunteerHistory(
    tx,
    'profiles',
    h.profiles.flatMap((p) => {
      const id = person(p.personKey);
      return id
        ? [
            [
              id,
              stationId,
              p.status,
              p.skills.join(','),
              JSON.stringify(p.availability),
              p.partyMember,
              p.partyBranch,
              p.appliedAt,
              p.approvedAt,
              p.statusChangedAt,
              p.reason,
            ],
          ]
        : [];
    }),
  );
  const vetter = (key: string) => {
    const g = town.people.find((p) => p.key === key)?.gridCodes[0] ?? null;
    return (g ? officerOfGrid.get(g) : null) ?? '社区民警';
  };
  await insertVolunteerHistory(
    tx,
    'vetting',
    h.vetting.flatMap((v) => {
      const id = person(v.personKey);
      return id ? [[id, v.check, v.result, v.note, vetter(v.personKey), v.at]] : [];
    }),
  );
  await insertVolunteerHistory(
    tx,
    'statusEvents',
    h.statusEvents.flatMap((e) => {
      const id = person(e.personKey);
      return id ? [[id, e.from, e.to, e.reason, e.from === null ? null : vetter(e.personKey), e.at]] : [];
    }),
  );

  // ---------------------------------------------------------------- teams, routes
  const yearAgo = new Date(now.getTime() - 400 * DAY);
  const teamIds = new Map(h.teams.map((t) => [t.key, randomUUID()]));
  const approvedAt = new Map(h.profiles.map((p) => [p.personKey, p.approvedAt]));
  await insertVolunteerHistory(
    tx,
    'teams',
    h.teams.map((t) => [
      teamIds.get(t.key),
      stationId,
      t.kind,
      t.name,
      grid(t.gridCode),
      place(t.placeKey),
      t.leaderKey ? person(t.leaderKey) : null,
      JSON.stringify(t.settings),
      t.key,
      yearAgo,
      yearAgo,
    ]),
  );
  await insertVolunteerHistory(
    tx,
    'members',
    h.teams.flatMap((t) =>
      t.members.flatMap((m) => {
        const id = person(m);
        const since = approvedAt.get(m);
        return id ? [[teamIds.get(t.key), id, since && since > yearAgo ? since : yearAgo]] : [];
      }),
    ),
  );
  await insertVolunteerHistory(
    tx,
    'shops',
    h.teams.flatMap((t) =>
      t.shops.map((s, i) => [
        teamIds.get(t.key),
        i + 1,
        s.name,
        s.ownerName,
        s.ownerKey ? person(s.ownerKey) : null,
        s.address,
        s.point?.[0] ?? null,
        s.point?.[1] ?? null,
      ]),
    ),
  );
  const routeIds = new Map(h.routes.map((r) => [r.key, randomUUID()]));
  const cpIds = new Map(h.routes.map((r) => [r.key, r.checkpoints.map(() => randomUUID())]));
  await insertVolunteerHistory(
    tx,
    'routes',
    h.routes.map((r) => [
      routeIds.get(r.key),
      stationId,
      teamIds.get(r.teamKey),
      grid(r.gridCode),
      r.name,
      JSON.stringify(r.path),
      r.corridorM,
      yearAgo,
    ]),
  );
  await insertVolunteerHistory(
    tx,
    'checkpoints',
    h.routes.flatMap((r) =>
      r.checkpoints.map((c, i) => [
        cpIds.get(r.key)?.[i],
        routeIds.get(r.key),
        i + 1,
        c.name,
        c.point[0],
        c.point[1],
        c.radiusM,
        c.qr ? randomBytes(12).toString('base64url') : null,
        place(c.placeKey),
      ]),
    ),
  );

  // ---------------------------------------------------------------- training
  const courseIds = new Map(h.courses.map((c) => [c.code, randomUUID()]));
  await insertVolunteerHistory(
    tx,
    'courses',
    h.courses.map((c) => [courseIds.get(c.code), stationId, c.code, c.topic, c.name, c.hours, c.months, yearAgo]),
  );
  const sessionIds = new Map(h.sessions.map((s) => [s.key, randomUUID()]));
  await insertVolunteerHistory(
    tx,
    'sessions',
    h.sessions.map((s) => [
      sessionIds.get(s.key),
      stationId,
      courseIds.get(s.courseCode),
      s.startsAt,
      s.endsAt,
      s.place,
      s.trainer,
      s.capacity,
      'held',
      new Date(s.startsAt.getTime() - 14 * DAY),
    ]),
  );
  await insertVolunteerHistory(
    tx,
    'attendance',
    h.sessions.flatMap((s) =>
      s.attendance.flatMap((a) => {
        const id = person(a.personKey);
        return id ? [[sessionIds.get(s.key), id, true, a.passed, s.endsAt]] : [];
      }),
    ),
  );
  const certs = [...h.certificates].sort((a, b) => a.issuedOn.localeCompare(b.issuedOn));
  const certIds = new Map(certs.map((c) => [c.key, randomUUID()]));
  await insertVolunteerHistory(
    tx,
    'certificates',
    certs.flatMap((c, i) => {
      const id = person(c.personKey);
      return id
        ? [
            [
              certIds.get(c.key),
              stationId,
              `YJZ${c.issuedOn.slice(0, 4)}${String(i + 1).padStart(6, '0')}`,
              id,
              courseIds.get(c.courseCode),
              c.sessionKey ? sessionIds.get(c.sessionKey) : null,
              c.issuedOn,
              c.expiresOn,
              new Date(`${c.issuedOn}T02:00:00Z`),
            ],
          ]
        : [];
    }),
  );

  // ---------------------------------------------------------------- shifts and duties
  const shiftIds = new Map(h.shifts.map((s) => [s.key, randomUUID()]));
  await insertVolunteerHistory(
    tx,
    'shifts',
    h.shifts.map((s) => [
      shiftIds.get(s.key),
      stationId,
      teamIds.get(s.teamKey),
      routeIds.get(s.routeKey),
      s.kind,
      s.startsAt,
      s.endsAt,
      s.capacity,
      s.requiredCourse ? courseIds.get(s.requiredCourse) : null,
      'open',
      new Date(Math.min(s.startsAt.getTime() - 15 * DAY, now.getTime())),
    ]),
  );
  const shiftByKey = new Map(h.shifts.map((s) => [s.key, s]));
  const routeByKey = new Map(h.routes.map((r) => [r.key, r]));
  const shapes = new Map<string, RouteShape>(
    h.routes.map((r) => [
      r.key,
      {
        path: r.path,
        checkpoints: r.checkpoints.map((c, i) => ({
          id: String(i),
          lng: c.point[0],
          lat: c.point[1],
          radiusM: c.radiusM,
        })),
        corridorM: r.corridorM,
      },
    ]),
  );
  const dutyIds = new Map(h.duties.map((d) => [d.key, randomUUID()]));
  const counted = new Map<string, number>();
  const dutyRows: unknown[][] = [];
  const pointRows: unknown[][] = [];
  const passRows: unknown[][] = [];
  for (const d of h.duties) {
    const s = shiftByKey.get(d.shiftKey);
    const pid = person(d.personKey);
    const id = dutyIds.get(d.key);
    if (!s || !pid || !id) continue;
    const shape = shapes.get(s.routeKey);
    if (!shape) continue;
    let seconds: number | null = null;
    let detail: string | null = null;
    if (d.status === 'checked_out' && d.checkIn && d.checkOut) {
      const r = dutyHours({
        shiftStart: s.startsAt.getTime(),
        shiftEnd: s.endsAt.getTime(),
        checkOutAt: d.checkOut.at,
        fixes: [d.checkIn, ...d.points, d.checkOut],
        route: shape,
      });
      seconds = r.seconds;
      counted.set(d.key, r.seconds);
      detail = JSON.stringify({
        seconds: r.seconds,
        startedAt: r.startedAt === null ? null : new Date(r.startedAt).toISOString(),
        endedAt: r.endedAt === null ? null : new Date(r.endedAt).toISOString(),
        gapSeconds: r.gapSeconds,
        offRouteSeconds: r.offRouteSeconds,
        fixesUsed: r.fixesUsed,
        fixesIgnored: r.fixesIgnored,
      });
    }
    const inAt = d.checkIn ? new Date(d.checkIn.at) : null;
    const outAt = d.checkOut ? new Date(d.checkOut.at) : null;
    dutyRows.push([
      id,
      stationId,
      shiftIds.get(d.shiftKey),
      pid,
      d.status,
      d.claimedAt,
      inAt,
      inAt,
      d.checkIn?.lng ?? null,
      d.checkIn?.lat ?? null,
      d.checkIn?.accuracyM ?? null,
      d.checkIn ? distanceToRouteM([d.checkIn.lng, d.checkIn.lat], shape) : null,
      outAt,
      outAt,
      d.checkOut?.lng ?? null,
      d.checkOut?.lat ?? null,
      d.checkOut?.accuracyM ?? null,
      d.flags.join(','),
      d.served,
      seconds,
      detail,
      outAt,
      d.verification,
    ]);
    const seen = new Set<number>();
    for (const p of d.points) {
      if (seen.has(p.at)) continue;
      seen.add(p.at);
      pointRows.push([id, new Date(p.at), new Date(p.at + 5_000), p.lng, p.lat, p.accuracyM]);
    }
    const route = routeByKey.get(s.routeKey);
    for (const x of d.passes) {
      const cp = route?.checkpoints[x.checkpointIndex];
      passRows.push([
        id,
        cpIds.get(s.routeKey)?.[x.checkpointIndex],
        x.at,
        x.method,
        x.point[0],
        x.point[1],
        cp ? 5 : null,
      ]);
    }
  }
  // In key order, so the primary-key indexes grow at their end instead of everywhere.
  const byKey = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
  await insertVolunteerHistory(tx, 'duties', dutyRows.sort(byKey));
  await insertVolunteerHistory(
    tx,
    'points',
    pointRows.sort((a, b) => byKey(a, b) || (a[1] as Date).getTime() - (b[1] as Date).getTime()),
  );
  await insertVolunteerHistory(
    tx,
    'passes',
    passRows.sort((a, b) => byKey(a, b) || String(a[1]).localeCompare(String(b[1]))),
  );

  // ---------------------------------------------------------------- hazards
  const hazardIds = new Map(h.hazards.map((z) => [z.key, randomUUID()]));
  const today = chinaDay(now);
  await insertVolunteerHistory(
    tx,
    'hazards',
    h.hazards.map((z, i) => {
      const overdue = z.status === 'assigned' && z.dueOn !== null && z.dueOn < today;
      return [
        hazardIds.get(z.key),
        stationId,
        `YH${chinaDay(z.reportedAt).replaceAll('-', '')}${String(i + 1).padStart(5, '0')}`,
        z.category,
        z.title,
        z.description,
        z.point[0],
        z.point[1],
        grid(z.gridCode),
        z.dutyKey ? dutyIds.get(z.dutyKey) : null,
        person(z.reporterKey),
        null,
        nameOf.get(z.reporterKey) ?? null,
        z.reportedAt,
        z.status,
        z.responsible?.kind ?? null,
        z.responsible?.name ?? null,
        place(z.responsible?.placeKey ?? null),
        z.dueOn,
        z.assignedAt,
        z.rectifiedAt,
        z.closedAt,
        overdue && z.dueOn ? new Date(`${z.dueOn}T16:00:00Z`) : null,
        z.events.filter((e) => e.kind === 'overdue_reminder').length,
        z.reportedAt,
        z.events[z.events.length - 1]?.at ?? z.reportedAt,
      ];
    }),
  );
  await insertVolunteerHistory(
    tx,
    'hazardEvents',
    h.hazards.flatMap((z) => z.events.map((e) => [hazardIds.get(z.key), e.at, e.kind, e.actor, e.note])),
  );

  // ---------------------------------------------------------------- merchant alarms
  const ar = createRng(`${town.seed}:volunteers:alarms`);
  const groups = h.teams.filter((t) => t.kind === 'merchant_group' && t.members.length > 0);
  const districtGrids = [...new Set(groups.flatMap((g) => (grid(g.gridCode) ? [grid(g.gridCode) as string] : [])))];
  const nightIncidents = (
    await incidentPointsInGrids(tx, {
      stationId,
      categoryCodes: ALARM_CATEGORIES,
      gridIds: districtGrids,
      from: new Date(now.getTime() - 365 * DAY),
      to: now,
    })
  )
    .filter((i) => {
      const hour = (i.reportedAt.getUTCHours() + 8) % 24;
      return hour >= 20 || hour < 2;
    })
    .sort((a, b) => a.number.localeCompare(b.number));
  const alarmRows: unknown[][] = [];
  for (const gridId of districtGrids) {
    const mine = groups.filter((g) => grid(g.gridCode) === gridId);
    const pool = ar.shuffle(nightIncidents.filter((i) => i.gridId === gridId)).slice(0, h.alarmsPerDistrict);
    for (const inc of pool) {
      const g = ar.pick(mine);
      const by = person(ar.pick(g.members));
      if (!by) continue;
      alarmRows.push([
        stationId,
        teamIds.get(g.key),
        by,
        randomUUID(),
        inc.reportedAt,
        inc.lng,
        inc.lat,
        ar.pick(['有人撬店门', '可疑人员在店铺间徘徊', '店门口有人打架', '发现有人盗窃电动车']),
        inc.id,
        inc.reportedAt,
      ]);
    }
  }
  await insertVolunteerHistory(tx, 'alarms', alarmRows);

  // ---------------------------------------------------------------- points ledger
  const rules = new Map<PointSource, PointRule>(DEFAULT_POINT_RULES.map((r) => [r.source, r]));
  const awards: unknown[][] = [];
  const award = (
    personKey: string,
    source: PointSource,
    sourceId: string | undefined,
    day: string,
    quantity: number,
    already = 0,
  ) => {
    const pid = person(personKey);
    const rule = rules.get(source);
    if (!pid || !rule || !sourceId) return 0;
    const won = pointsFor(rule, quantity, already);
    if (won.quantity <= 0) return 0;
    awards.push([
      stationId,
      pid,
      source,
      sourceId,
      day,
      won.quantity,
      won.points,
      JSON.stringify(rule),
      new Date(`${day}T12:00:00Z`),
    ]);
    return won.quantity;
  };
  const hoursOnDay = new Map<string, number>();
  for (const d of h.duties) {
    const s = shiftByKey.get(d.shiftKey);
    const seconds = counted.get(d.key);
    if (!s || seconds === undefined || (d.verification !== 'auto' && d.verification !== 'approved')) continue;
    const day = chinaDay(s.startsAt);
    const k = `${d.personKey}:${day}`;
    const got = award(d.personKey, 'duty_hours', dutyIds.get(d.key), day, seconds / 3600, hoursOnDay.get(k) ?? 0);
    hoursOnDay.set(k, (hoursOnDay.get(k) ?? 0) + got);
  }
  for (const s of h.sessions)
    for (const a of s.attendance)
      award(a.personKey, 'training_attended', sessionIds.get(s.key), chinaDay(s.startsAt), 1);
  for (const c of h.certificates) award(c.personKey, 'certificate_earned', certIds.get(c.key), c.issuedOn, 1);
  for (const z of h.hazards) {
    if (z.assignedAt) award(z.reporterKey, 'hazard_confirmed', hazardIds.get(z.key), chinaDay(z.reportedAt), 1);
    if (z.status === 'closed' && z.closedAt)
      award(z.reporterKey, 'hazard_closed', hazardIds.get(z.key), chinaDay(z.closedAt), 1);
  }
  await insertVolunteerHistory(tx, 'awards', awards);
  await advanceVolunteerSequences(tx, certs.length, h.hazards.length);

  // ---------------------------------------------------------------- timers
  // A week ahead each shift is checked for staffing: later shifts get their timer, nearer ones already raised the alert.
  let timers = 0;
  const claimed = new Map<string, number>();
  for (const d of h.duties) claimed.set(d.shiftKey, (claimed.get(d.shiftKey) ?? 0) + 1);
  const teamByKey = new Map(h.teams.map((t) => [t.key, t]));
  const notices: unknown[][] = [];
  for (const s of h.shifts) {
    if (s.startsAt <= now) continue;
    const id = shiftIds.get(s.key);
    if (!id) continue;
    const lead = staffingAt(s.startsAt, now);
    if (lead > now) {
      await insertJob(tx, STAFFING_JOB, { shiftId: id }, lead, timerKeys.staffing(id), 10);
      timers++;
      continue;
    }
    const t = teamByKey.get(s.teamKey);
    const have = claimed.get(s.key) ?? 0;
    const to = t?.leaderKey ? person(t.leaderKey) : null;
    if (!t || !to || have >= s.capacity) continue;
    notices.push([
      stationId,
      to,
      'shift_understaffed',
      `${chinaDay(s.startsAt)}「${t.name}」勤务尚缺 ${s.capacity - have} 人`,
      `已报名 ${have}/${s.capacity}`,
      'patrol_shift',
      id,
      new Date(Math.max(s.startsAt.getTime() - 7 * DAY, now.getTime() - 2 * DAY)),
    ]);
  }
  await insertVolunteerHistory(tx, 'notifications', notices);
  for (const z of h.hazards) {
    const id = hazardIds.get(z.key);
    if (!id || z.status !== 'assigned' || !z.dueOn) continue;
    const due = new Date(new Date(`${z.dueOn}T16:00:00Z`).getTime());
    await insertJob(tx, HAZARD_OVERDUE_JOB, { hazardId: id }, due > now ? due : now, timerKeys.hazardOverdue(id), 10);
    timers++;
  }
  for (const c of certs) {
    const id = certIds.get(c.key);
    const at = certReminderAt(c.expiresOn);
    if (!id || at <= now || c.expiresOn > addCalendarDays(today, 400)) continue;
    await insertJob(tx, CERT_EXPIRY_JOB, { certificateId: id }, at, timerKeys.certExpiry(id), 10);
    timers++;
  }

  return {
    volunteers: h.profiles.length,
    teams: h.teams.length,
    shifts: h.shifts.length,
    duties: dutyRows.length,
    trackPoints: pointRows.length,
    hazards: h.hazards.length,
    alarms: alarmRows.length,
    trainings: h.sessions.length,
    certificates: certs.length,
    awards: awards.length,
    timers,
    notifications: notices.length,
  };
}
