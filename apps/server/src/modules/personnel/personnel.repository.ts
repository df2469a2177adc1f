import type { Queryable } from '../../platform/db/db';

export interface PersonRow {
  id: string;
  station_id: string;
  kind: string;
  name: string;
  gender: 'M' | 'F' | null;
  birth_date: string | null;
  team: string | null;
  title: string | null;
  badge_no: string | null;
  id_number_masked: string | null;
  phone_masked: string | null;
  attributes: Record<string, unknown>;
  grid_ids: string[];
}

export interface NewPerson {
  stationId: string;
  kind: string;
  name: string;
  gender: 'M' | 'F' | null;
  birthDate: string | null;
  team: string | null;
  title: string | null;
  badgeNo: string | null;
  idNumber: { enc: string; bidx: string; masked: string } | null;
  phone: { enc: string; bidx: string; masked: string } | null;
  attributes: Record<string, unknown>;
  demoKey?: string | null;
}

const SELECT = `SELECT p.id, p.station_id, p.kind, p.name, p.gender, p.birth_date, p.team, p.title, p.badge_no,
  p.id_number_masked, p.phone_masked, p.attributes,
  coalesce((SELECT array_agg(pg.grid_id) FROM person_grids pg WHERE pg.person_id = p.id), '{}') AS grid_ids
  FROM persons p`;

export async function insertPersons(q: Queryable, people: NewPerson[]): Promise<string[]> {
  if (people.length === 0) return [];
  const cols = 16;
  const values: unknown[] = [];
  const tuples = people.map((p, i) => {
    values.push(
      p.stationId,
      p.kind,
      p.name,
      p.gender,
      p.birthDate,
      p.team,
      p.title,
      p.badgeNo,
      p.idNumber?.enc ?? null,
      p.idNumber?.bidx ?? null,
      p.idNumber?.masked ?? null,
      p.phone?.enc ?? null,
      p.phone?.bidx ?? null,
      p.phone?.masked ?? null,
      JSON.stringify(p.attributes),
      p.demoKey ?? null,
    );
    const base = i * cols;
    return `(${Array.from({ length: cols }, (_, k) => `$${base + k + 1}`).join(', ')})`;
  });
  const r = await q.query<{ id: string }>(
    `INSERT INTO persons (station_id, kind, name, gender, birth_date, team, title, badge_no,
       id_number_enc, id_number_bidx, id_number_masked, phone_enc, phone_bidx, phone_masked, attributes, demo_key)
     VALUES ${tuples.join(', ')} RETURNING id`,
    values,
  );
  return r.rows.map((x) => x.id);
}

export async function assignPersonGrids(q: Queryable, pairs: { personId: string; gridId: string }[]): Promise<void> {
  if (pairs.length === 0) return;
  await q.query(
    `INSERT INTO person_grids (person_id, grid_id)
     SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT DO NOTHING`,
    [pairs.map((p) => p.personId), pairs.map((p) => p.gridId)],
  );
}

export interface PersonFilter {
  stationId: string;
  kind?: string;
  team?: string;
  gridId?: string;
  /** Restricts to people serving one of these grids (jurisdiction). */
  withinGrids?: string[];
  q?: string;
  phoneBidx?: string | null;
  idBidx?: string | null;
  limit: number;
  offset: number;
}

export async function listPersons(q: Queryable, f: PersonFilter): Promise<{ rows: PersonRow[]; total: number }> {
  const params: unknown[] = [f.stationId];
  const where = ['p.station_id = $1'];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (f.kind) add('p.kind = ?', f.kind);
  if (f.team) add('p.team = ?', f.team);
  if (f.gridId) add('EXISTS (SELECT 1 FROM person_grids x WHERE x.person_id = p.id AND x.grid_id = ?)', f.gridId);
  if (f.withinGrids)
    add('EXISTS (SELECT 1 FROM person_grids x WHERE x.person_id = p.id AND x.grid_id = ANY(?::uuid[]))', f.withinGrids);
  if (f.q) {
    // An exact ID number or phone is matched through its blind index; anything else by name or badge.
    if (f.idBidx) add('p.id_number_bidx = ?', f.idBidx);
    else if (f.phoneBidx) add('p.phone_bidx = ?', f.phoneBidx);
    else add('(p.name LIKE ? OR p.badge_no = ?)', `%${f.q}%`);
  }
  const w = where.join(' AND ');
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM persons p WHERE ${w}`, params);
  const rows = await q.query<PersonRow>(
    `${SELECT} WHERE ${w} ORDER BY p.kind, p.team NULLS LAST, p.name LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function getPerson(q: Queryable, id: string): Promise<PersonRow | null> {
  const r = await q.query<PersonRow>(`${SELECT} WHERE p.id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function getSealedFields(
  q: Queryable,
  id: string,
): Promise<{ id_number_enc: string | null; phone_enc: string | null } | null> {
  const r = await q.query<{ id_number_enc: string | null; phone_enc: string | null }>(
    'SELECT id_number_enc, phone_enc FROM persons WHERE id = $1',
    [id],
  );
  return r.rows[0] ?? null;
}

export interface PersonRefRow {
  id: string;
  name: string;
  badge_no: string | null;
  phone_masked: string | null;
}

export async function personRefs(q: Queryable, ids: string[]): Promise<PersonRefRow[]> {
  if (ids.length === 0) return [];
  const r = await q.query<PersonRefRow>(
    'SELECT id, name, badge_no, phone_masked FROM persons WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return r.rows;
}

export async function gridsOfPerson(q: Queryable, personId: string): Promise<string[]> {
  const r = await q.query<{ grid_id: string }>('SELECT grid_id FROM person_grids WHERE person_id = $1', [personId]);
  return r.rows.map((x) => x.grid_id);
}

export async function findStaffByBadge(q: Queryable, stationId: string, badgeNo: string): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `SELECT id FROM persons WHERE station_id = $1 AND badge_no = $2 AND kind IN ('officer', 'auxiliary')`,
    [stationId, badgeNo],
  );
  return r.rows[0]?.id ?? null;
}

export async function personKind(q: Queryable, id: string): Promise<{ station_id: string; kind: string } | null> {
  const r = await q.query<{ station_id: string; kind: string }>('SELECT station_id, kind FROM persons WHERE id = $1', [
    id,
  ]);
  return r.rows[0] ?? null;
}

export interface StaffRow {
  id: string;
  name: string;
  team: string | null;
  kind: string;
  badge_no: string | null;
}

export async function listStaff(q: Queryable, stationId: string): Promise<StaffRow[]> {
  const r = await q.query<StaffRow>(
    `SELECT id, name, team, kind, badge_no FROM persons WHERE station_id = $1 AND kind IN ('officer', 'auxiliary') ORDER BY team, name`,
    [stationId],
  );
  return r.rows;
}

export async function teamOfPerson(q: Queryable, id: string): Promise<string | null> {
  const r = await q.query<{ team: string | null }>('SELECT team FROM persons WHERE id = $1', [id]);
  return r.rows[0]?.team ?? null;
}
