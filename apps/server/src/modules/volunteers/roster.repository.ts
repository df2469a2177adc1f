import type { VolunteerStatus } from '@fengqiao/domain';
import type { Queryable } from '../../platform/db/db';

export interface ProfileRow {
  person_id: string;
  station_id: string;
  status: VolunteerStatus;
  skills: string[];
  availability: { weekday: number; from: string; to: string }[];
  party_member: boolean;
  party_branch: string | null;
  applied_at: Date;
  approved_at: Date | null;
  status_changed_at: Date;
  status_reason: string | null;
  version: number;
}

const PROFILE = `SELECT person_id, station_id, status, skills, availability, party_member, party_branch, applied_at,
  approved_at, status_changed_at, status_reason, version FROM volunteer_profiles`;

export async function getProfile(q: Queryable, personId: string, forUpdate = false): Promise<ProfileRow | null> {
  const r = await q.query<ProfileRow>(`${PROFILE} WHERE person_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [personId]);
  return r.rows[0] ?? null;
}

export async function insertProfile(
  q: Queryable,
  p: {
    personId: string;
    stationId: string;
    status: VolunteerStatus;
    skills: string[];
    availability: unknown[];
    partyMember: boolean;
    partyBranch: string | null;
    createdBy: string | null;
    now: Date;
  },
): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO volunteer_profiles (person_id, station_id, status, skills, availability, party_member, party_branch,
       applied_at, status_changed_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) ON CONFLICT (person_id) DO NOTHING RETURNING person_id`,
    [
      p.personId,
      p.stationId,
      p.status,
      p.skills,
      JSON.stringify(p.availability),
      p.partyMember,
      p.partyBranch,
      p.now,
      p.createdBy,
    ],
  );
  return r.rows.length > 0;
}

export async function setStatus(
  q: Queryable,
  personId: string,
  status: VolunteerStatus,
  reason: string | null,
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE volunteer_profiles SET status = $2, status_reason = $3, status_changed_at = $4,
       approved_at = CASE WHEN $2 = 'approved' AND approved_at IS NULL THEN $4 ELSE approved_at END,
       version = version + 1
     WHERE person_id = $1`,
    [personId, status, reason, now],
  );
}

export async function patchProfile(
  q: Queryable,
  personId: string,
  p: { skills?: string[]; availability?: unknown[]; partyMember?: boolean; partyBranch?: string | null },
): Promise<void> {
  await q.query(
    `UPDATE volunteer_profiles SET
       skills = coalesce($2, skills),
       availability = coalesce($3::jsonb, availability),
       party_member = coalesce($4, party_member),
       party_branch = CASE WHEN $5 THEN $6 ELSE party_branch END,
       version = version + 1
     WHERE person_id = $1`,
    [
      personId,
      p.skills ?? null,
      p.availability ? JSON.stringify(p.availability) : null,
      p.partyMember ?? null,
      p.partyBranch !== undefined,
      p.partyBranch ?? null,
    ],
  );
}

export interface VettingRow {
  id: string;
  check_kind: 'identity' | 'record_check' | 'interview';
  result: 'pass' | 'fail';
  note: string;
  checked_by_name: string | null;
  checked_at: Date;
}

export async function insertVetting(
  q: Queryable,
  v: {
    personId: string;
    check: string;
    result: string;
    note: string;
    byId: string | null;
    byName: string | null;
    at: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO volunteer_vetting (person_id, check_kind, result, note, checked_by, checked_by_name, checked_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [v.personId, v.check, v.result, v.note, v.byId, v.byName, v.at],
  );
}

export async function listVetting(q: Queryable, personId: string): Promise<VettingRow[]> {
  const r = await q.query<VettingRow>(
    `SELECT id, check_kind, result, note, checked_by_name, checked_at FROM volunteer_vetting
      WHERE person_id = $1 ORDER BY seq`,
    [personId],
  );
  return r.rows;
}

export interface StatusEventRow {
  from_status: VolunteerStatus | null;
  to_status: VolunteerStatus;
  reason: string | null;
  actor_name: string | null;
  at: Date;
}

export async function insertStatusEvent(
  q: Queryable,
  e: {
    personId: string;
    from: string | null;
    to: string;
    reason: string | null;
    actorId: string | null;
    actorName: string | null;
    at: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO volunteer_status_events (person_id, from_status, to_status, reason, actor_id, actor_name, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [e.personId, e.from, e.to, e.reason, e.actorId, e.actorName, e.at],
  );
}

export async function listStatusEvents(q: Queryable, personId: string): Promise<StatusEventRow[]> {
  const r = await q.query<StatusEventRow>(
    `SELECT from_status, to_status, reason, actor_name, at FROM volunteer_status_events
      WHERE person_id = $1 ORDER BY at, id`,
    [personId],
  );
  return r.rows;
}

/** A volunteer as the roster shows them: profile, the person's masked identifiers, grids and teams. */
export interface VolunteerRow extends ProfileRow {
  name: string;
  gender: 'M' | 'F' | null;
  id_number_masked: string | null;
  phone_masked: string | null;
  attributes: Record<string, unknown>;
  grid_ids: string[];
  teams: { id: string; name: string; kind: 'patrol' | 'merchant_group' | 'school_post'; leader: boolean }[];
}

const VOLUNTEER = `SELECT v.person_id, v.station_id, v.status, v.skills, v.availability, v.party_member, v.party_branch,
  v.applied_at, v.approved_at, v.status_changed_at, v.status_reason, v.version,
  p.name, p.gender, p.id_number_masked, p.phone_masked, p.attributes,
  coalesce((SELECT array_agg(pg.grid_id) FROM person_grids pg WHERE pg.person_id = p.id), '{}') AS grid_ids,
  coalesce((SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'kind', t.kind,
              'leader', coalesce(t.leader_person_id = p.id, false)) ORDER BY t.name)
     FROM volunteer_team_members m JOIN volunteer_teams t ON t.id = m.team_id
    WHERE m.person_id = p.id AND m.left_at IS NULL AND t.active), '[]') AS teams
  FROM volunteer_profiles v JOIN persons p ON p.id = v.person_id`;

/** Grid staff reach volunteers who live in their grids or belong to a team of their grids. */
export function volunteerWithinGridsSql(personCol: string, param: string): string {
  return WITHIN_GRIDS.replaceAll('v.person_id', () => personCol).replaceAll('$GRIDS', () => param);
}

const WITHIN_GRIDS = `(EXISTS (SELECT 1 FROM person_grids pg WHERE pg.person_id = v.person_id AND pg.grid_id = ANY($GRIDS::uuid[]))
  OR EXISTS (SELECT 1 FROM volunteer_team_members m JOIN volunteer_teams t ON t.id = m.team_id
              WHERE m.person_id = v.person_id AND m.left_at IS NULL AND t.grid_id = ANY($GRIDS::uuid[])))`;

export async function getVolunteer(q: Queryable, personId: string): Promise<VolunteerRow | null> {
  const r = await q.query<VolunteerRow>(`${VOLUNTEER} WHERE v.person_id = $1`, [personId]);
  return r.rows[0] ?? null;
}

export async function volunteerInGrids(q: Queryable, personId: string, gridIds: string[]): Promise<boolean> {
  const r = await q.query(
    `SELECT 1 FROM volunteer_profiles v WHERE v.person_id = $1 AND ${WITHIN_GRIDS.replaceAll('$GRIDS', () => '$2')}`,
    [personId, gridIds],
  );
  return r.rows.length > 0;
}

export interface VolunteerFilter {
  stationId: string;
  status?: string;
  teamId?: string;
  gridId?: string;
  skill?: string;
  q?: string;
  idBidx?: string | null;
  phoneBidx?: string | null;
  withinGrids?: string[] | null;
  limit: number;
  offset: number;
}

export async function listVolunteers(
  q: Queryable,
  f: VolunteerFilter,
): Promise<{ rows: VolunteerRow[]; total: number }> {
  const where = ['v.station_id = $1'];
  const params: unknown[] = [f.stationId];
  const add = (sql: string, ...values: unknown[]) => {
    let s = sql;
    for (const v of values) {
      params.push(v);
      s = s.replace('?', () => `$${params.length}`);
    }
    where.push(s);
  };
  if (f.status) add('v.status = ?', f.status);
  if (f.teamId)
    add(
      'EXISTS (SELECT 1 FROM volunteer_team_members m WHERE m.person_id = v.person_id AND m.team_id = ? AND m.left_at IS NULL)',
      f.teamId,
    );
  if (f.gridId)
    add('EXISTS (SELECT 1 FROM person_grids pg WHERE pg.person_id = v.person_id AND pg.grid_id = ?)', f.gridId);
  if (f.skill) add('? = ANY(v.skills)', f.skill);
  if (f.q) {
    if (f.idBidx || f.phoneBidx)
      add('(p.name LIKE ? OR p.id_number_bidx = ? OR p.phone_bidx = ?)', `%${f.q}%`, f.idBidx ?? '', f.phoneBidx ?? '');
    else add('p.name LIKE ?', `%${f.q}%`);
  }
  if (f.withinGrids) {
    params.push(f.withinGrids);
    where.push(WITHIN_GRIDS.replaceAll('$GRIDS', () => `$${params.length}`));
  }
  const w = where.join(' AND ');
  const total = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM volunteer_profiles v JOIN persons p ON p.id = v.person_id WHERE ${w}`,
    params,
  );
  const rows = await q.query<VolunteerRow>(
    `${VOLUNTEER} WHERE ${w} ORDER BY p.name, v.person_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

/** A person of the station already registered with this ID number (blind index), if any. */
export async function personByIdIndex(q: Queryable, stationId: string, bidx: string): Promise<string | null> {
  const r = await q.query<{ id: string }>('SELECT id FROM persons WHERE station_id = $1 AND id_number_bidx = $2', [
    stationId,
    bidx,
  ]);
  return r.rows[0]?.id ?? null;
}

/** Status counts of a station's volunteers. */
export async function statusCounts(q: Queryable, stationId: string): Promise<Record<string, number>> {
  const r = await q.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM volunteer_profiles WHERE station_id = $1 GROUP BY status',
    [stationId],
  );
  return Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
}
