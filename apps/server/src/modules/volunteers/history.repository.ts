import type { Queryable } from '../../platform/db/db';

/**
 * Bulk writes of the volunteer history (the demo town's year): one
 * INSERT … SELECT FROM unnest(...) per chunk and table, with ids made by
 * the caller so rows can refer to each other without a round trip. Rows are
 * positional, in the order of each table's column list below.
 */
type Col = readonly [name: string, type: string, expr?: string];

async function bulk(
  q: Queryable,
  table: string,
  cols: readonly Col[],
  rows: readonly (readonly unknown[])[],
  size = 4000,
) {
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    const params = cols.map((_, c) => chunk.map((r) => r[c] ?? null));
    await q.query(
      `INSERT INTO ${table} (${cols.map(([n]) => n).join(', ')})
       SELECT ${cols.map(([n, , e]) => e ?? `x.${n}`).join(', ')}
         FROM unnest(${cols.map(([, t], k) => `$${k + 1}::${t}[]`).join(', ')}) AS x(${cols.map(([n]) => n).join(', ')})`,
      params,
    );
  }
}

/** A comma-joined list as text[] (unnest cannot carry arrays of arrays). */
const LIST = (col: string) => `CASE WHEN x.${col} = '' THEN '{}'::text[] ELSE string_to_array(x.${col}, ',') END`;

export const HISTORY_TABLES = {
  profiles: [
    ['person_id', 'uuid'],
    ['station_id', 'uuid'],
    ['status', 'text'],
    ['skills', 'text', LIST('skills')],
    ['availability', 'jsonb'],
    ['party_member', 'bool'],
    ['party_branch', 'text'],
    ['applied_at', 'timestamptz'],
    ['approved_at', 'timestamptz'],
    ['status_changed_at', 'timestamptz'],
    ['status_reason', 'text'],
  ],
  vetting: [
    ['person_id', 'uuid'],
    ['check_kind', 'text'],
    ['result', 'text'],
    ['note', 'text'],
    ['checked_by_name', 'text'],
    ['checked_at', 'timestamptz'],
  ],
  statusEvents: [
    ['person_id', 'uuid'],
    ['from_status', 'text'],
    ['to_status', 'text'],
    ['reason', 'text'],
    ['actor_name', 'text'],
    ['at', 'timestamptz'],
  ],
  teams: [
    ['id', 'uuid'],
    ['station_id', 'uuid'],
    ['kind', 'text'],
    ['name', 'text'],
    ['grid_id', 'uuid'],
    ['place_id', 'uuid'],
    ['leader_person_id', 'uuid'],
    ['settings', 'jsonb'],
    ['demo_key', 'text'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
  ],
  members: [
    ['team_id', 'uuid'],
    ['person_id', 'uuid'],
    ['joined_at', 'timestamptz'],
  ],
  shops: [
    ['team_id', 'uuid'],
    ['seq', 'int'],
    ['name', 'text'],
    ['owner_name', 'text'],
    ['owner_person_id', 'uuid'],
    ['address', 'text'],
    ['lng', 'float8'],
    ['lat', 'float8'],
  ],
  routes: [
    ['id', 'uuid'],
    ['station_id', 'uuid'],
    ['team_id', 'uuid'],
    ['grid_id', 'uuid'],
    ['name', 'text'],
    ['path', 'jsonb'],
    ['corridor_m', 'int'],
    ['created_at', 'timestamptz'],
  ],
  checkpoints: [
    ['id', 'uuid'],
    ['route_id', 'uuid'],
    ['seq', 'int'],
    ['name', 'text'],
    ['lng', 'float8'],
    ['lat', 'float8'],
    ['radius_m', 'int'],
    ['qr_token', 'text'],
    ['place_id', 'uuid'],
  ],
  courses: [
    ['id', 'uuid'],
    ['station_id', 'uuid'],
    ['code', 'text'],
    ['topic', 'text'],
    ['name', 'text'],
    ['hours', 'numeric'],
    ['certificate_months', 'int'],
    ['created_at', 'timestamptz'],
  ],
  sessions: [
    ['id', 'uuid'],
    ['station_id', 'uuid'],
    ['course_id', 'uuid'],
    ['starts_at', 'timestamptz'],
    ['ends_at', 'timestamptz'],
    ['place', 'text'],
    ['trainer', 'text'],
    ['capacity', 'int'],
    ['status', 'text'],
    ['created_at', 'timestamptz'],
  ],
  attendance: [
    ['session_id', 'uuid'],
    ['person_id', 'uuid'],
    ['attended', 'bool'],
    ['passed', 'bool'],
    ['recorded_at', 'timestamptz'],
  ],
  certificates: [
    ['id', 'uuid'],
    ['station_id', 'uuid'],
    ['number', 'text'],
    ['person_id', 'uuid'],
    ['course_id', 'uuid'],
    ['session_id', 'uuid'],
    ['issued_on', 'date'],
    ['expires_on', 'date'],
    ['created_at', 'timestamptz'],
  ],
  shifts: [
    ['id', 'uuid'],
    ['station_id', 'uuid'],
    ['team_id', 'uuid'],
    ['route_id', 'uuid'],
    ['kind', 'text'],
    ['starts_at', 'timestamptz'],
    ['ends_at', 'timestamptz'],
    ['capacity', 'int'],
    ['required_course_id', 'uuid'],
    ['status', 'text'],
    ['created_at', 'timestamptz'],
  ],
  duties: [
    ['id', 'uuid'],
    ['station_id', 'uuid'],
    ['shift_id', 'uuid'],
    ['person_id', 'uuid'],
    ['status', 'text'],
    ['claimed_at', 'timestamptz'],
    ['check_in_at', 'timestamptz'],
    ['check_in_received_at', 'timestamptz'],
    ['check_in_lng', 'float8'],
    ['check_in_lat', 'float8'],
    ['check_in_accuracy_m', 'float8'],
    ['check_in_distance_m', 'float8'],
    ['check_out_at', 'timestamptz'],
    ['check_out_received_at', 'timestamptz'],
    ['check_out_lng', 'float8'],
    ['check_out_lat', 'float8'],
    ['check_out_accuracy_m', 'float8'],
    ['flags', 'text', LIST('flags')],
    ['served_count', 'int'],
    ['counted_seconds', 'int'],
    ['hours_detail', 'jsonb'],
    ['computed_at', 'timestamptz'],
    ['verification', 'text'],
  ],
  points: [
    ['duty_id', 'uuid'],
    ['recorded_at', 'timestamptz'],
    ['received_at', 'timestamptz'],
    ['lng', 'float8'],
    ['lat', 'float8'],
    ['accuracy_m', 'float8'],
  ],
  passes: [
    ['duty_id', 'uuid'],
    ['checkpoint_id', 'uuid'],
    ['passed_at', 'timestamptz'],
    ['method', 'text'],
    ['lng', 'float8'],
    ['lat', 'float8'],
    ['distance_m', 'float8'],
  ],
  hazards: [
    ['id', 'uuid'],
    ['station_id', 'uuid'],
    ['number', 'text'],
    ['category', 'text'],
    ['title', 'text'],
    ['description', 'text'],
    ['lng', 'float8'],
    ['lat', 'float8'],
    ['grid_id', 'uuid'],
    ['duty_id', 'uuid'],
    ['reporter_person_id', 'uuid'],
    ['reporter_user_id', 'uuid'],
    ['reporter_name', 'text'],
    ['reported_at', 'timestamptz'],
    ['status', 'text'],
    ['responsible_kind', 'text'],
    ['responsible_name', 'text'],
    ['responsible_place_id', 'uuid'],
    ['due_on', 'date'],
    ['assigned_at', 'timestamptz'],
    ['rectified_at', 'timestamptz'],
    ['closed_at', 'timestamptz'],
    ['overdue_since', 'timestamptz'],
    ['reminders', 'int'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
  ],
  hazardEvents: [
    ['hazard_id', 'uuid'],
    ['at', 'timestamptz'],
    ['kind', 'text'],
    ['actor_name', 'text'],
    ['note', 'text'],
  ],
  alarms: [
    ['station_id', 'uuid'],
    ['team_id', 'uuid'],
    ['person_id', 'uuid'],
    ['client_id', 'text'],
    ['raised_at', 'timestamptz'],
    ['lng', 'float8'],
    ['lat', 'float8'],
    ['note', 'text'],
    ['incident_id', 'uuid'],
    ['created_at', 'timestamptz'],
  ],
  awards: [
    ['station_id', 'uuid'],
    ['person_id', 'uuid'],
    ['source', 'text'],
    ['source_id', 'uuid'],
    ['day', 'date'],
    ['quantity', 'numeric'],
    ['points', 'numeric'],
    ['rule', 'jsonb'],
    ['awarded_at', 'timestamptz'],
  ],
  notifications: [
    ['station_id', 'uuid'],
    ['person_id', 'uuid'],
    ['kind', 'text'],
    ['title', 'text'],
    ['body', 'text'],
    ['ref_type', 'text'],
    ['ref_id', 'uuid'],
    ['created_at', 'timestamptz'],
  ],
} as const satisfies Record<string, readonly Col[]>;

const TABLE_NAMES: Record<keyof typeof HISTORY_TABLES, string> = {
  profiles: 'volunteer_profiles',
  vetting: 'volunteer_vetting',
  statusEvents: 'volunteer_status_events',
  teams: 'volunteer_teams',
  members: 'volunteer_team_members',
  shops: 'joint_defence_shops',
  routes: 'patrol_routes',
  checkpoints: 'patrol_checkpoints',
  courses: 'training_courses',
  sessions: 'training_sessions',
  attendance: 'training_attendance',
  certificates: 'volunteer_certificates',
  shifts: 'patrol_shifts',
  duties: 'patrol_duties',
  points: 'patrol_points',
  passes: 'checkpoint_passes',
  hazards: 'hazards',
  hazardEvents: 'hazard_events',
  alarms: 'group_alarms',
  awards: 'volunteer_points',
  notifications: 'volunteer_notifications',
};

/** Inserts rows (values in the order of HISTORY_TABLES[table]) into one of the module's tables. */
export async function insertVolunteerHistory(
  q: Queryable,
  table: keyof typeof HISTORY_TABLES,
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  await bulk(q, TABLE_NAMES[table], HISTORY_TABLES[table], rows);
}

/** The ids of a station's places by their demo keys. */
export async function placeIdsByDemoKey(q: Queryable, stationId: string): Promise<Map<string, string>> {
  const r = await q.query<{ id: string; demo_key: string }>(
    'SELECT id, demo_key FROM places WHERE station_id = $1 AND demo_key IS NOT NULL',
    [stationId],
  );
  return new Map(r.rows.map((x) => [x.demo_key, x.id]));
}

/** Moves the certificate and hazard number sequences past bulk-loaded numbers. */
export async function advanceVolunteerSequences(q: Queryable, certificates: number, hazards: number): Promise<void> {
  await q.query(
    `SELECT setval('certificate_number_seq', greatest($1::bigint, (SELECT last_value FROM certificate_number_seq))),
            setval('hazard_number_seq', greatest($2::bigint, (SELECT last_value FROM hazard_number_seq)))`,
    [Math.max(1, certificates), Math.max(1, hazards)],
  );
}
