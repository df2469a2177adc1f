import type { Queryable } from '../../platform/db/db';

export type TeamKind = 'patrol' | 'merchant_group' | 'school_post';

export interface TeamSettings {
  gateName?: string;
  windows?: { from: string; to: string }[];
  nightWindow?: { from: string; to: string };
}

export interface TeamRow {
  id: string;
  station_id: string;
  kind: TeamKind;
  name: string;
  grid_id: string | null;
  place_id: string | null;
  leader_person_id: string | null;
  settings: TeamSettings;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  version: number;
  member_count: number;
}

const TEAM = `SELECT t.id, t.station_id, t.kind, t.name, t.grid_id, t.place_id, t.leader_person_id, t.settings, t.active,
  t.created_at, t.updated_at, t.version,
  (SELECT count(*)::int FROM volunteer_team_members m WHERE m.team_id = t.id AND m.left_at IS NULL) AS member_count
  FROM volunteer_teams t`;

export async function insertTeam(
  q: Queryable,
  t: {
    stationId: string;
    kind: TeamKind;
    name: string;
    gridId: string | null;
    placeId: string | null;
    leaderPersonId: string | null;
    settings: TeamSettings;
    now: Date;
    demoKey?: string | null;
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO volunteer_teams (station_id, kind, name, grid_id, place_id, leader_person_id, settings, demo_key, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
    [
      t.stationId,
      t.kind,
      t.name,
      t.gridId,
      t.placeId,
      t.leaderPersonId,
      JSON.stringify(t.settings),
      t.demoKey ?? null,
      t.now,
    ],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('team insert returned nothing');
  return id;
}

export async function getTeam(q: Queryable, id: string, forUpdate = false): Promise<TeamRow | null> {
  // FOR UPDATE cannot lock through the aggregate subquery: lock the row first.
  if (forUpdate) await q.query('SELECT id FROM volunteer_teams WHERE id = $1 FOR UPDATE', [id]);
  const r = await q.query<TeamRow>(`${TEAM} WHERE t.id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function listTeams(
  q: Queryable,
  f: { stationId: string; kind?: string; gridId?: string; withinGrids?: string[] | null; ids?: string[] },
): Promise<TeamRow[]> {
  const where = ['t.station_id = $1'];
  const params: unknown[] = [f.stationId];
  if (f.kind) {
    params.push(f.kind);
    where.push(`t.kind = $${params.length}`);
  }
  if (f.gridId) {
    params.push(f.gridId);
    where.push(`t.grid_id = $${params.length}`);
  }
  if (f.withinGrids) {
    params.push(f.withinGrids);
    where.push(`t.grid_id = ANY($${params.length}::uuid[])`);
  }
  if (f.ids) {
    params.push(f.ids);
    where.push(`t.id = ANY($${params.length}::uuid[])`);
  }
  const r = await q.query<TeamRow>(`${TEAM} WHERE ${where.join(' AND ')} ORDER BY t.kind, t.name`, params);
  return r.rows;
}

export async function updateTeam(
  q: Queryable,
  id: string,
  p: { name?: string; leaderPersonId?: string | null; active?: boolean; settings?: TeamSettings },
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE volunteer_teams SET name = coalesce($2, name),
       leader_person_id = CASE WHEN $3 THEN $4::uuid ELSE leader_person_id END,
       active = coalesce($5, active), settings = coalesce($6::jsonb, settings),
       updated_at = $7, version = version + 1
     WHERE id = $1`,
    [
      id,
      p.name ?? null,
      p.leaderPersonId !== undefined,
      p.leaderPersonId ?? null,
      p.active ?? null,
      p.settings ? JSON.stringify(p.settings) : null,
      now,
    ],
  );
}

export interface MemberRow {
  person_id: string;
  name: string;
  badge_no: string | null;
  phone_masked: string | null;
  status: string;
  joined_at: Date;
}

export async function listMembers(q: Queryable, teamId: string): Promise<MemberRow[]> {
  const r = await q.query<MemberRow>(
    `SELECT m.person_id, p.name, p.badge_no, p.phone_masked, v.status, m.joined_at
       FROM volunteer_team_members m JOIN persons p ON p.id = m.person_id JOIN volunteer_profiles v ON v.person_id = m.person_id
      WHERE m.team_id = $1 AND m.left_at IS NULL ORDER BY p.name`,
    [teamId],
  );
  return r.rows;
}

export async function memberIds(q: Queryable, teamId: string): Promise<string[]> {
  const r = await q.query<{ person_id: string }>(
    'SELECT person_id FROM volunteer_team_members WHERE team_id = $1 AND left_at IS NULL',
    [teamId],
  );
  return r.rows.map((x) => x.person_id);
}

export async function isMember(q: Queryable, teamId: string, personId: string): Promise<boolean> {
  const r = await q.query(
    'SELECT 1 FROM volunteer_team_members WHERE team_id = $1 AND person_id = $2 AND left_at IS NULL',
    [teamId, personId],
  );
  return r.rows.length > 0;
}

export async function addMember(q: Queryable, teamId: string, personId: string, now: Date): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO volunteer_team_members (team_id, person_id, joined_at) VALUES ($1, $2, $3)
     ON CONFLICT (team_id, person_id) DO UPDATE SET joined_at = $3, left_at = NULL
       WHERE volunteer_team_members.left_at IS NOT NULL`,
    [teamId, personId, now],
  );
  return r.rowCount > 0;
}

export async function removeMember(q: Queryable, teamId: string, personId: string, now: Date): Promise<boolean> {
  const r = await q.query(
    'UPDATE volunteer_team_members SET left_at = $3 WHERE team_id = $1 AND person_id = $2 AND left_at IS NULL',
    [teamId, personId, now],
  );
  return r.rowCount > 0;
}

/** Ends every membership of a volunteer (exit) and clears the teams they led; returns the teams. */
export async function leaveAllTeams(q: Queryable, personId: string, now: Date): Promise<string[]> {
  const r = await q.query<{ team_id: string }>(
    'UPDATE volunteer_team_members SET left_at = $2 WHERE person_id = $1 AND left_at IS NULL RETURNING team_id',
    [personId, now],
  );
  await q.query(
    'UPDATE volunteer_teams SET leader_person_id = NULL, updated_at = $2, version = version + 1 WHERE leader_person_id = $1',
    [personId, now],
  );
  return r.rows.map((x) => x.team_id);
}

/** Teams a person belongs to or leads. */
export async function teamIdsOfPerson(q: Queryable, personId: string): Promise<{ id: string; leads: boolean }[]> {
  const r = await q.query<{ id: string; leads: boolean }>(
    `SELECT t.id, coalesce(t.leader_person_id = $1, false) AS leads FROM volunteer_teams t
      WHERE t.active AND (t.leader_person_id = $1 OR EXISTS (
        SELECT 1 FROM volunteer_team_members m WHERE m.team_id = t.id AND m.person_id = $1 AND m.left_at IS NULL))`,
    [personId],
  );
  return r.rows;
}

export interface ShopRow {
  id: string;
  seq: number;
  name: string;
  owner_name: string;
  owner_person_id: string | null;
  address: string;
  lng: number | null;
  lat: number | null;
}

export async function listShops(q: Queryable, teamId: string): Promise<ShopRow[]> {
  const r = await q.query<ShopRow>(
    'SELECT id, seq, name, owner_name, owner_person_id, address, lng, lat FROM joint_defence_shops WHERE team_id = $1 ORDER BY seq',
    [teamId],
  );
  return r.rows;
}

export async function replaceShops(
  q: Queryable,
  teamId: string,
  shops: {
    name: string;
    ownerName: string;
    ownerPersonId: string | null;
    address: string;
    lng: number | null;
    lat: number | null;
  }[],
): Promise<void> {
  await q.query('DELETE FROM joint_defence_shops WHERE team_id = $1', [teamId]);
  if (shops.length === 0) return;
  await q.query(
    `INSERT INTO joint_defence_shops (team_id, seq, name, owner_name, owner_person_id, address, lng, lat)
     SELECT $1, x.seq, x.name, x.owner_name, x.owner_person_id, x.address, x.lng, x.lat
       FROM unnest($2::int[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::float8[], $8::float8[])
         AS x(seq, name, owner_name, owner_person_id, address, lng, lat)`,
    [
      teamId,
      shops.map((_, i) => i + 1),
      shops.map((s) => s.name),
      shops.map((s) => s.ownerName),
      shops.map((s) => s.ownerPersonId),
      shops.map((s) => s.address),
      shops.map((s) => s.lng),
      shops.map((s) => s.lat),
    ],
  );
}

/** The officer of a grid (一格一警), read inside the caller's transaction (timers run in one). */
export async function gridOfficer(q: Queryable, gridId: string | null): Promise<string | null> {
  if (!gridId) return null;
  const r = await q.query<{ officer_person_id: string | null }>('SELECT officer_person_id FROM grids WHERE id = $1', [
    gridId,
  ]);
  return r.rows[0]?.officer_person_id ?? null;
}
