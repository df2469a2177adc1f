import type {
  CertificateView,
  DutyView,
  HazardSummary,
  PatrolRouteView,
  ShiftView,
  TeamSummary,
} from '@fengqiao/contracts';
import { chinaDay } from '@fengqiao/domain';
import type { PlaceInfo } from './deps';
import type { HazardRow } from './hazards.repository';
import type { CheckpointRow, DutyRow, RouteRow, ShiftRow } from './patrols.repository';
import type { TeamRow } from './teams.repository';
import type { CertificateRow } from './training.repository';

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
export const hoursOf = (seconds: number | null | undefined): number | null =>
  seconds === null || seconds === undefined ? null : Math.round((seconds / 3600) * 100) / 100;

export interface Ref {
  id: string;
  name: string;
  badgeNo: string | null;
  phone: string | null;
}

export function certificateView(c: CertificateRow, today: string): CertificateView {
  return {
    id: c.id,
    number: c.number,
    personId: c.person_id,
    personName: c.person_name,
    courseId: c.course_id,
    courseCode: c.course_code,
    courseName: c.course_name,
    topic: c.topic,
    issuedOn: c.issued_on,
    expiresOn: c.expires_on,
    revokedAt: iso(c.revoked_at),
    valid: c.revoked_at === null && c.issued_on <= today && (c.expires_on === null || c.expires_on >= today),
  };
}

export function teamSummary(t: TeamRow, leader: Ref | null, place: PlaceInfo | null): TeamSummary {
  return {
    id: t.id,
    kind: t.kind,
    name: t.name,
    gridId: t.grid_id,
    place: place ? { id: place.id, name: place.name, kind: place.kind } : null,
    leader,
    memberCount: t.member_count,
    active: t.active,
  };
}

export function routeView(r: RouteRow, cps: CheckpointRow[], showQr: boolean): PatrolRouteView {
  return {
    id: r.id,
    name: r.name,
    teamId: r.team_id,
    gridId: r.grid_id,
    path: r.path,
    corridorM: r.corridor_m,
    active: r.active,
    checkpoints: cps
      .filter((c) => c.route_id === r.id)
      .map((c) => ({
        id: c.id,
        seq: c.seq,
        name: c.name,
        point: [c.lng, c.lat] as [number, number],
        radiusM: c.radius_m,
        hasQr: c.qr_token !== null,
        qrToken: showQr ? c.qr_token : null,
        placeId: c.place_id,
      })),
  };
}

export function shiftView(
  s: ShiftRow,
  duties: {
    id: string;
    shift_id: string;
    person_id: string;
    name: string;
    badge_no: string | null;
    phone_masked: string | null;
    status: DutyView['status'];
  }[],
  myPersonId: string | null,
): ShiftView {
  const mine = duties.filter((d) => d.shift_id === s.id);
  return {
    id: s.id,
    teamId: s.team_id,
    teamName: s.team_name,
    teamKind: s.team_kind,
    routeId: s.route_id,
    routeName: s.route_name,
    kind: s.kind,
    startsAt: s.starts_at.toISOString(),
    endsAt: s.ends_at.toISOString(),
    capacity: s.capacity,
    claimed: s.claimed,
    requiredCourse:
      s.required_course_id && s.course_code && s.course_name
        ? { id: s.required_course_id, code: s.course_code, name: s.course_name }
        : null,
    note: s.note,
    status: s.status,
    volunteers: mine.map((d) => ({
      id: d.person_id,
      name: d.name,
      badgeNo: d.badge_no,
      phone: d.phone_masked,
      dutyId: d.id,
      status: d.status,
    })),
    myDutyId: mine.find((d) => d.person_id === myPersonId)?.id ?? null,
  };
}

export function dutyView(d: DutyRow): DutyView {
  return {
    id: d.id,
    shiftId: d.shift_id,
    kind: d.kind,
    team: { id: d.team_id, name: d.team_name },
    route: { id: d.route_id, name: d.route_name },
    volunteer: { id: d.person_id, name: d.person_name, badgeNo: null, phone: d.person_phone },
    startsAt: d.starts_at.toISOString(),
    endsAt: d.ends_at.toISOString(),
    status: d.status,
    checkInAt: iso(d.check_in_at),
    checkInDistanceM: d.check_in_distance_m === null ? null : Math.round(d.check_in_distance_m),
    checkOutAt: iso(d.check_out_at),
    flags: d.flags,
    servedCount: d.served_count,
    hours: d.status === 'checked_out' ? hoursOf(d.counted_seconds) : null,
    verification: d.verification,
    checkpoints: { total: d.checkpoints_total, passed: d.checkpoints_passed },
    requiredCourse:
      d.required_course_id && d.course_code && d.course_name
        ? { id: d.required_course_id, code: d.course_code, name: d.course_name }
        : null,
  };
}

/** An assigned hazard is overdue once its due day has passed in China time. */
export function isOverdue(h: Pick<HazardRow, 'status' | 'due_on'>, now: Date): boolean {
  return h.status === 'assigned' && h.due_on !== null && h.due_on < chinaDay(now);
}

export function hazardSummary(h: HazardRow, now: Date): HazardSummary {
  return {
    id: h.id,
    number: h.number,
    category: h.category,
    title: h.title,
    status: h.status,
    gridId: h.grid_id,
    point: [h.lng, h.lat],
    address: h.address,
    reporter: { personId: h.reporter_person_id, name: h.reporter_name },
    reportedAt: h.reported_at.toISOString(),
    responsible:
      h.responsible_kind && h.responsible_name
        ? { kind: h.responsible_kind, name: h.responsible_name, placeId: h.responsible_place_id }
        : null,
    dueOn: h.due_on,
    overdue: isOverdue(h, now),
    closedAt: iso(h.closed_at),
  };
}
