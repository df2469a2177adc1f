import { randomUUID } from 'node:crypto';
import { insertCitizens } from '../modules/citizens';
import { listEnterprises } from '../modules/geo';
import {
  APPLICATION_OVERDUE_JOB,
  advanceHallSequences,
  type HallRow,
  insertHallRows,
  listHallServices,
  NO_SHOW_JOB,
  noShowKey,
} from '../modules/hall';
import type { Tx } from '../platform/db/db';
import { storeFile } from '../platform/files/files.service';
import { insertJobs } from '../platform/jobs/jobs.repository';
import type { Platform } from '../platform/platform';
import { generateHallDemo } from './hall.generator';
import type { DemoTown } from './town.types';

export interface LoadedHallTown {
  stationId: string;
  personIds: Map<string, string>;
  gridIds: Map<string, string>;
}

/** A tiny valid PDF and PNG standing in for the scans residents upload. */
const SAMPLE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
const SAMPLE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const localDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The service hall's year (see hall.generator.ts) written with bulk inserts
 * in the demo town's transaction; pending appointments and applications get
 * their timers. Returns counts for the demo.load audit row.
 */
export async function loadHallHistory(platform: Platform, tx: Tx, town: DemoTown, loaded: LoadedHallTown) {
  const started = Date.now();
  const now = platform.clock.now();
  const demo = generateHallDemo({ town, now });
  const services = new Map((await listHallServices(tx)).map((s) => [s.code, s.id]));
  const service = (code: string) => {
    const id = services.get(code);
    if (!id) throw new Error(`demo names unknown hall service ${code}`);
    return id;
  };
  const stationId = loaded.stationId;

  // Windows and the services they serve.
  const windowIds = new Map(demo.windows.map((w) => [w.number, randomUUID()]));
  const wid = (n: number | null) => (n === null ? null : (windowIds.get(n) ?? null));
  await insertHallRows(
    tx,
    'hall_windows',
    demo.windows.map((w) => ({
      id: wid(w.number),
      station_id: stationId,
      number: w.number,
      name: w.name,
      kind: w.kind,
      appointments: w.kind === 'general',
      slot_capacity: w.number === 7 ? 3 : 2,
      active: true,
      created_at: now,
      updated_at: now,
    })),
  );
  await insertHallRows(
    tx,
    'hall_window_services',
    demo.windows.flatMap((w) => w.serviceCodes.map((c) => ({ window_id: wid(w.number), service_id: service(c) }))),
  );

  // Residents.
  const citizenIds = new Map(demo.citizens.map((c) => [c.key, randomUUID()]));
  const citizenById = new Map(demo.citizens.map((c) => [c.key, c]));
  await insertCitizens(
    tx,
    demo.citizens.map((c) => ({
      id: citizenIds.get(c.key) ?? '',
      phone: platform.pii.sealPhone(c.phone),
      name: c.name,
      createdAt: c.createdAt,
      demoKey: c.key,
    })),
  );

  // Slots of the booked appointments, then the appointments and the tickets with their event log.
  const slotIds = new Map<
    string,
    { id: string; booked: number; window: number; startsAt: Date; endsAt: Date; day: string }
  >();
  for (const a of demo.appointments) {
    const key = `${a.windowNumber}:${a.startsAt.toISOString()}`;
    const s = slotIds.get(key) ?? {
      id: randomUUID(),
      booked: 0,
      window: a.windowNumber,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      day: a.day,
    };
    if (a.status !== 'cancelled') s.booked += 1;
    slotIds.set(key, s);
  }
  await insertHallRows(
    tx,
    'hall_slots',
    [...slotIds.values()].map((s) => ({
      id: s.id,
      station_id: stationId,
      window_id: wid(s.window),
      day: s.day,
      starts_at: s.startsAt,
      ends_at: s.endsAt,
      capacity: Math.max(s.window === 7 ? 3 : 2, s.booked),
      booked: s.booked,
    })),
  );
  const ticketIds = new Map(demo.tickets.map((t) => [t.key, randomUUID()]));
  const appointmentIds = new Map(demo.appointments.map((a) => [a.key, randomUUID()]));
  await insertHallRows(
    tx,
    'hall_appointments',
    demo.appointments.map((a) => ({
      id: appointmentIds.get(a.key) ?? null,
      number: a.number,
      station_id: stationId,
      citizen_id: citizenIds.get(a.citizenKey) ?? null,
      service_id: service(a.serviceCode),
      window_id: wid(a.windowNumber),
      slot_id: slotIds.get(`${a.windowNumber}:${a.startsAt.toISOString()}`)?.id ?? null,
      day: a.day,
      starts_at: a.startsAt,
      ends_at: a.endsAt,
      name: citizenById.get(a.citizenKey)?.name ?? '',
      status: a.status,
      late: false,
      ticket_id: a.ticketKey ? (ticketIds.get(a.ticketKey) ?? null) : null,
      created_at: a.createdAt,
      cancelled_at: a.cancelledAt,
      checked_in_at: a.checkedInAt,
      no_show_at: a.status === 'no_show' ? new Date(a.endsAt.getTime() + 30 * 60_000) : null,
    })),
  );
  const tickets: HallRow[] = demo.tickets.map((t) => ({
    id: ticketIds.get(t.key) ?? null,
    station_id: stationId,
    day: t.day,
    number: t.number,
    service_id: service(t.serviceCode),
    kind: t.kind,
    priority: t.priority,
    source: t.kind === 'appointment' ? 'check_in' : 'kiosk',
    appointment_id: t.appointmentKey ? (appointmentIds.get(t.appointmentKey) ?? null) : null,
    appointment_starts_at: t.appointmentStartsAt,
    citizen_id: t.citizenKey ? (citizenIds.get(t.citizenKey) ?? null) : null,
    public_token: null,
    status: t.status,
    window_id: wid(t.windowNumber),
    ticketed_at: t.ticketedAt,
    queued_at: t.events.filter((e) => e.kind === 'ticketed' || e.kind === 'transferred').at(-1)?.at ?? t.ticketedAt,
    called_at: t.calledAt,
    started_at: t.startedAt,
    finished_at: t.finishedAt,
    call_count: t.callCount,
    outcome: t.outcome,
  }));
  await insertHallRows(tx, 'hall_tickets', tickets);
  await insertHallRows(
    tx,
    'hall_ticket_events',
    demo.tickets.flatMap((t) =>
      t.events.map((e) => ({
        ticket_id: ticketIds.get(t.key) ?? null,
        station_id: stationId,
        at: e.at,
        kind: e.kind,
        service_id: service(e.serviceCode),
        window_id: wid(e.windowNumber),
      })),
    ),
    6000,
  );

  // Online applications: sample scans stand in for every material.
  const pdf = await storeFile(tx, SAMPLE_PDF, {
    stationId,
    purpose: 'hall_material',
    createdBy: null,
    originalName: 'sample.pdf',
    allowed: ['application/pdf'],
    maxBytes: 1_000_000,
    now,
  });
  const png = await storeFile(tx, SAMPLE_PNG, {
    stationId,
    purpose: 'hall_material',
    createdBy: null,
    originalName: 'sample.png',
    allowed: ['image/png'],
    maxBytes: 1_000_000,
    now,
  });
  const appIds = new Map(demo.applications.map((a) => [a.key, randomUUID()]));
  await insertHallRows(
    tx,
    'hall_applications',
    demo.applications.map((a) => {
      const c = citizenById.get(a.citizenKey);
      const id = platform.pii.sealIdNumber(c?.idNumber ?? '');
      return {
        id: appIds.get(a.key) ?? null,
        number: a.number,
        station_id: stationId,
        citizen_id: citizenIds.get(a.citizenKey) ?? null,
        service_id: service(a.serviceCode),
        applicant_name: c?.name ?? '',
        id_number_enc: id.enc,
        id_number_bidx: id.bidx,
        id_number_masked: id.masked,
        phone_masked: platform.pii.sealPhone(c?.phone ?? '').masked,
        details: JSON.stringify({ address: a.address }),
        status: a.status,
        round: a.round,
        submitted_at: a.submittedAt,
        last_submitted_at: a.lastSubmittedAt,
        due_day: a.dueDay,
        decided_at: a.decidedAt,
        decision_reason: a.decisionReason,
        correction_reason: a.correctionReason,
        correction_materials: a.correctionMaterials.join(','),
        updated_at: a.events.at(-1)?.at ?? a.submittedAt,
      };
    }),
  );
  await insertHallRows(
    tx,
    'hall_application_materials',
    demo.applications.flatMap((a) =>
      a.materials.map((m, i) => {
        // A corrected material is the other sample than the first round's, so each (material, file) pair is unique.
        const first = a.materials.findIndex((x) => x.code === m.code);
        const even = (m.round === 1 ? i : first + 1) % 2 === 0;
        return {
          application_id: appIds.get(a.key) ?? null,
          material_code: m.code,
          file_id: even ? pdf.id : png.id,
          round: m.round,
          added_at: m.at,
        };
      }),
    ),
  );
  await insertHallRows(
    tx,
    'hall_application_events',
    demo.applications.flatMap((a) =>
      a.events.map((e) => ({
        application_id: appIds.get(a.key) ?? null,
        at: e.at,
        kind: e.kind,
        actor_name:
          e.actor === 'clerk'
            ? '窗口民警'
            : e.actor === 'applicant'
              ? (citizenById.get(a.citizenKey)?.name ?? null)
              : null,
        note: e.note,
      })),
    ),
  );

  // Enterprise window: cases, visits, trainings (enterprise names are unique in the town).
  const places = new Map((await listEnterprises(tx, stationId)).map((p) => [p.name, p]));
  const enterprise = (key: string) => {
    const name = town.places.find((p) => p.key === key)?.name ?? '';
    const p = places.get(name);
    if (!p) throw new Error(`demo enterprise ${key} not loaded`);
    return p;
  };
  await insertHallRows(
    tx,
    'hall_enterprise_cases',
    demo.cases.map((c) => {
      const e = enterprise(c.enterpriseKey);
      const phone = platform.pii.sealPhone(c.contactPhone);
      return {
        id: randomUUID(),
        number: c.number,
        station_id: stationId,
        enterprise_place_id: e.id,
        enterprise_name: e.name,
        grid_id: e.grid_id,
        service_id: service(c.serviceCode),
        contact_name: c.contactName,
        contact_phone_enc: phone.enc,
        contact_phone_bidx: phone.bidx,
        contact_phone_masked: phone.masked,
        persons: c.persons,
        received_at: c.receivedAt,
        received_day: c.receivedDay,
        limit_days: c.limitDays,
        due_day: c.dueDay,
        status: c.status,
        closed_at: c.closedAt,
        closed_day: c.closedDay,
        outcome_note: c.outcomeNote,
        note: c.note,
      };
    }),
  );
  const person = (key: string) => loaded.personIds.get(key) ?? null;
  await insertHallRows(
    tx,
    'hall_enterprise_visits',
    demo.visits.map((v) => {
      const e = enterprise(v.enterpriseKey);
      return {
        station_id: stationId,
        enterprise_place_id: e.id,
        enterprise_name: e.name,
        grid_id: e.grid_id,
        visited_on: v.visitedOn,
        officer_person_ids: v.officerKeys.flatMap((k) => person(k) ?? []).join(','),
        purpose: v.purpose,
        issues_found: v.issuesFound,
        issue_count: v.issueCount,
        follow_up: v.followUp,
        follow_up_due: v.followUpDue,
        follow_up_done_at: v.followUpDoneAt,
        follow_up_note: v.followUpNote,
        created_at: new Date(`${v.visitedOn}T18:00:00+08:00`),
      };
    }),
  );
  await insertHallRows(
    tx,
    'hall_enterprise_trainings',
    demo.trainings.map((t) => ({
      station_id: stationId,
      held_on: t.heldOn,
      topic: t.topic,
      location: t.location,
      trainer: t.trainer,
      attendees: t.attendees,
      enterprise_place_ids: [...new Set(t.enterpriseKeys.map((k) => enterprise(k).id))].join(','),
      created_at: new Date(`${t.heldOn}T18:00:00+08:00`),
    })),
  );

  // Home visits and the mobile service station.
  await insertHallRows(
    tx,
    'hall_home_visits',
    demo.homeVisits.map((h) => {
      const phone = platform.pii.sealPhone(h.phone);
      return {
        number: h.number,
        station_id: stationId,
        citizen_id: h.citizenKey ? (citizenIds.get(h.citizenKey) ?? null) : null,
        service_id: service(h.serviceCode),
        person_name: h.personName,
        reason: h.reason,
        reason_note: h.reasonNote,
        phone_enc: phone.enc,
        phone_bidx: phone.bidx,
        phone_masked: phone.masked,
        address: h.address,
        lng: h.point[0],
        lat: h.point[1],
        grid_id: h.gridCode ? (loaded.gridIds.get(h.gridCode) ?? null) : null,
        source: h.source,
        preferred_day: h.preferredDay,
        requested_at: h.requestedAt,
        status: h.status,
        officer_person_id: h.officerKey ? person(h.officerKey) : null,
        scheduled_day: h.scheduledDay,
        done_at: h.doneAt,
        outcome_note: h.outcomeNote,
      };
    }),
  );

  // Suggestions from meetings, open days, the hall and online.
  const eventIds = new Map(demo.suggestionEvents.map((e) => [e.key, randomUUID()]));
  await insertHallRows(
    tx,
    'hall_suggestion_events',
    demo.suggestionEvents.map((e) => ({
      id: eventIds.get(e.key) ?? null,
      station_id: stationId,
      kind: e.kind,
      title: e.title,
      held_on: e.heldOn,
      location: e.location,
      attendees: e.attendees,
      note: e.note,
      created_at: new Date(`${e.heldOn}T18:00:00+08:00`),
    })),
  );
  const suggestionIds = new Map(demo.suggestions.map((s) => [s.key, randomUUID()]));
  await insertHallRows(
    tx,
    'hall_suggestions',
    demo.suggestions.map((s) => ({
      id: suggestionIds.get(s.key) ?? null,
      number: s.number,
      station_id: stationId,
      event_id: s.eventKey ? (eventIds.get(s.eventKey) ?? null) : null,
      channel: s.channel,
      citizen_id: s.citizenKey ? (citizenIds.get(s.citizenKey) ?? null) : null,
      submitter_name: s.submitterName,
      category: s.category,
      content: s.content,
      status: s.status,
      answer: s.answer,
      answered_at: s.answeredAt,
      action: s.action,
      progress: s.progress,
      done_at: s.doneAt,
      created_at: s.createdAt,
      updated_at: s.doneAt ?? s.answeredAt ?? s.createdAt,
    })),
  );
  await insertHallRows(
    tx,
    'hall_suggestion_progress',
    demo.suggestions.flatMap((s) =>
      s.progressLog.map((p) => ({
        suggestion_id: suggestionIds.get(s.key) ?? null,
        at: p.at,
        progress: p.progress,
        note: p.note,
        actor_name: '社区民警',
      })),
    ),
  );

  // Timers of what is still pending: no-show marks of upcoming bookings, overdue marks of open applications.
  await insertJobs(tx, [
    ...demo.appointments
      .filter((a) => a.status === 'booked')
      .map((a) => ({
        kind: NO_SHOW_JOB,
        payload: { appointmentId: appointmentIds.get(a.key) },
        runAt: new Date(a.endsAt.getTime() + 30 * 60_000),
        dedupeKey: noShowKey(appointmentIds.get(a.key) ?? ''),
        maxAttempts: 10,
      })),
    ...demo.applications
      .filter((a) => ['submitted', 'in_review'].includes(a.status))
      .map((a) => ({
        kind: APPLICATION_OVERDUE_JOB,
        payload: { applicationId: appIds.get(a.key), round: a.round },
        runAt: new Date(new Date(`${a.dueDay}T00:00:00+08:00`).getTime() + 86_400_000),
        dedupeKey: `hall.app:${appIds.get(a.key)}:overdue:${a.round}`,
        maxAttempts: 10,
      })),
  ]);
  // Live numbering continues after the loaded numbers (all six-digit counters; the demo's stay below 10,000).
  await advanceHallSequences(tx, 10_000);
  platform.log.debug({ ms: Date.now() - started, tickets: demo.tickets.length }, 'demo hall history loaded');
  return {
    windows: demo.windows.length,
    citizens: demo.citizens.length,
    tickets: demo.tickets.length,
    appointments: demo.appointments.length,
    applications: demo.applications.length,
    enterpriseCases: demo.cases.length,
    enterpriseVisits: demo.visits.length,
    trainings: demo.trainings.length,
    homeVisits: demo.homeVisits.length,
    suggestions: demo.suggestions.length,
    from: demo.tickets[0] ? localDay(demo.tickets[0].ticketedAt) : null,
  };
}
