import type { Queryable } from '../../platform/db/db';

export interface AlarmRow {
  id: string;
  station_id: string;
  team_id: string;
  team_name: string;
  person_id: string;
  person_name: string;
  person_phone: string | null;
  raised_at: Date;
  lng: number | null;
  lat: number | null;
  note: string;
  incident_id: string | null;
}

const ALARM = `SELECT a.id, a.station_id, a.team_id, t.name AS team_name, a.person_id, p.name AS person_name,
  p.phone_masked AS person_phone, a.raised_at, a.lng, a.lat, a.note, a.incident_id
  FROM group_alarms a JOIN volunteer_teams t ON t.id = a.team_id JOIN persons p ON p.id = a.person_id`;

/** Records an alarm once per (person, client id); returns its id and whether this call created it. */
export async function insertAlarm(
  q: Queryable,
  a: {
    stationId: string;
    teamId: string;
    personId: string;
    userId: string | null;
    clientId: string;
    raisedAt: Date;
    lng: number | null;
    lat: number | null;
    note: string;
    now: Date;
  },
): Promise<{ id: string; created: boolean }> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO group_alarms (station_id, team_id, person_id, user_id, client_id, raised_at, lng, lat, note, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (person_id, client_id) DO NOTHING RETURNING id`,
    [a.stationId, a.teamId, a.personId, a.userId, a.clientId, a.raisedAt, a.lng, a.lat, a.note, a.now],
  );
  const id = r.rows[0]?.id;
  if (id) return { id, created: true };
  const prev = await q.query<{ id: string }>('SELECT id FROM group_alarms WHERE person_id = $1 AND client_id = $2', [
    a.personId,
    a.clientId,
  ]);
  const existing = prev.rows[0]?.id;
  if (!existing) throw new Error('alarm neither inserted nor found');
  return { id: existing, created: false };
}

export async function getAlarm(q: Queryable, id: string): Promise<AlarmRow | null> {
  return (await q.query<AlarmRow>(`${ALARM} WHERE a.id = $1`, [id])).rows[0] ?? null;
}

export async function setAlarmIncident(q: Queryable, id: string, incidentId: string): Promise<void> {
  await q.query('UPDATE group_alarms SET incident_id = $2 WHERE id = $1 AND incident_id IS NULL', [id, incidentId]);
}

export async function listAlarms(
  q: Queryable,
  f: { stationId: string; from: Date; to: Date; withinGrids: string[] | null; teamIds?: string[] | null },
): Promise<AlarmRow[]> {
  return (
    await q.query<AlarmRow>(
      `${ALARM} WHERE a.station_id = $1 AND a.raised_at >= $2 AND a.raised_at < $3
         AND ($4::uuid[] IS NULL OR t.grid_id = ANY($4::uuid[])) AND ($5::uuid[] IS NULL OR a.team_id = ANY($5::uuid[]))
       ORDER BY a.raised_at DESC LIMIT 500`,
      [f.stationId, f.from, f.to, f.withinGrids, f.teamIds ?? null],
    )
  ).rows;
}
