import type { PointRule, PointSource } from '@fengqiao/domain';
import type { Queryable } from '../../platform/db/db';

export async function ruleOverrides(q: Queryable, stationId: string): Promise<PointRule[]> {
  const r = await q.query<{
    source: PointSource;
    points: number;
    per: 'hour' | 'item';
    daily_cap: number | null;
    active: boolean;
  }>('SELECT source, points, per, daily_cap, active FROM volunteer_point_rules WHERE station_id = $1', [stationId]);
  return r.rows.map((x) => ({
    source: x.source,
    points: x.points,
    per: x.per,
    dailyCap: x.daily_cap,
    active: x.active,
  }));
}

export async function upsertRules(q: Queryable, stationId: string, rules: PointRule[], by: string | null, now: Date) {
  await q.query(
    `INSERT INTO volunteer_point_rules (station_id, source, points, per, daily_cap, active, updated_at, updated_by)
     SELECT $1, x.source, x.points, x.per, x.daily_cap, x.active, $7, $8
       FROM unnest($2::text[], $3::numeric[], $4::text[], $5::numeric[], $6::bool[]) AS x(source, points, per, daily_cap, active)
     ON CONFLICT (station_id, source) DO UPDATE SET points = excluded.points, per = excluded.per,
       daily_cap = excluded.daily_cap, active = excluded.active, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [
      stationId,
      rules.map((r) => r.source),
      rules.map((r) => r.points),
      rules.map((r) => r.per),
      rules.map((r) => r.dailyCap),
      rules.map((r) => r.active),
      now,
      by,
    ],
  );
}

export interface LedgerEntry {
  stationId: string;
  personId: string;
  source: PointSource;
  sourceId: string;
  day: string;
  quantity: number;
  points: number;
  rule: PointRule;
  at: Date;
}

/** Appends awards; an award for the same person, source and record is never made twice. Returns how many were new. */
export async function insertAwards(q: Queryable, entries: LedgerEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < entries.length; i += 5000) {
    const c = entries.slice(i, i + 5000);
    const r = await q.query(
      `INSERT INTO volunteer_points (station_id, person_id, source, source_id, day, quantity, points, rule, awarded_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::date[], $6::numeric[], $7::numeric[],
                            $8::jsonb[], $9::timestamptz[])
       ON CONFLICT (person_id, source, source_id) DO NOTHING`,
      [
        c.map((e) => e.stationId),
        c.map((e) => e.personId),
        c.map((e) => e.source),
        c.map((e) => e.sourceId),
        c.map((e) => e.day),
        c.map((e) => e.quantity),
        c.map((e) => e.points),
        c.map((e) => JSON.stringify(e.rule)),
        c.map((e) => e.at),
      ],
    );
    n += r.rowCount;
  }
  return n;
}

/** Quantity of a source already awarded to a person on a local day (for the daily cap). */
export async function awardedOnDay(q: Queryable, personId: string, source: string, day: string): Promise<number> {
  const r = await q.query<{ q: number }>(
    'SELECT coalesce(sum(quantity), 0)::float8 AS q FROM volunteer_points WHERE person_id = $1 AND source = $2 AND day = $3',
    [personId, source, day],
  );
  return r.rows[0]?.q ?? 0;
}

export interface LedgerRow {
  id: number;
  source: PointSource;
  source_id: string;
  day: string;
  quantity: number;
  points: number;
  rule: PointRule;
  awarded_at: Date;
}

export async function ledgerOf(q: Queryable, personId: string, limit = 500): Promise<LedgerRow[]> {
  return (
    await q.query<LedgerRow>(
      `SELECT id, source, source_id, day::text AS day, quantity, points, rule, awarded_at FROM volunteer_points
        WHERE person_id = $1 ORDER BY awarded_at DESC, id DESC LIMIT $2`,
      [personId, limit],
    )
  ).rows;
}

export async function totalsOf(
  q: Queryable,
  personId: string,
): Promise<{ total: number; bySource: Record<string, number> }> {
  const r = await q.query<{ source: string; p: number }>(
    'SELECT source, sum(points)::float8 AS p FROM volunteer_points WHERE person_id = $1 GROUP BY source',
    [personId],
  );
  const bySource = Object.fromEntries(r.rows.map((x) => [x.source, Math.round(x.p * 10) / 10]));
  return { total: Math.round(r.rows.reduce((s, x) => s + x.p, 0) * 10) / 10, bySource };
}

export async function leaderboard(
  q: Queryable,
  f: { stationId: string; personIds: string[] | null; from: string; to: string; limit: number },
) {
  const r = await q.query<{ person_id: string; name: string; points: number; hours: number; entries: number }>(
    `SELECT l.person_id, p.name, sum(l.points)::float8 AS points,
            coalesce(sum(l.quantity) FILTER (WHERE l.source = 'duty_hours'), 0)::float8 AS hours, count(*)::int AS entries
       FROM volunteer_points l JOIN persons p ON p.id = l.person_id
      WHERE l.station_id = $1 AND l.day BETWEEN $2::date AND $3::date AND ($4::uuid[] IS NULL OR l.person_id = ANY($4::uuid[]))
      GROUP BY l.person_id, p.name ORDER BY points DESC, p.name LIMIT $5`,
    [f.stationId, f.from, f.to, f.personIds, f.limit],
  );
  return r.rows;
}

/** Words for the records behind ledger entries: the duty's team, day and hours, the hazard's number, the course. */
export async function sourceLabels(
  q: Queryable,
  entries: { source: string; source_id: string }[],
): Promise<Map<string, string>> {
  const ids = (s: string) => [...new Set(entries.filter((e) => e.source === s).map((e) => e.source_id))];
  const out = new Map<string, string>();
  const duties = ids('duty_hours');
  if (duties.length > 0) {
    const r = await q.query<{ id: string; team: string; day: string; kind: string; seconds: number | null }>(
      `SELECT d.id, t.name AS team, (s.starts_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day, s.kind, d.counted_seconds AS seconds
         FROM patrol_duties d JOIN patrol_shifts s ON s.id = d.shift_id JOIN volunteer_teams t ON t.id = s.team_id
        WHERE d.id = ANY($1::uuid[])`,
      [duties],
    );
    for (const x of r.rows)
      out.set(
        `duty_hours:${x.id}`,
        `${x.day} ${x.team} ${(Math.round(((x.seconds ?? 0) / 3600) * 100) / 100).toFixed(2)} h`,
      );
  }
  const hazards = [...new Set([...ids('hazard_confirmed'), ...ids('hazard_closed')])];
  if (hazards.length > 0) {
    const r = await q.query<{ id: string; number: string; title: string }>(
      'SELECT id, number, title FROM hazards WHERE id = ANY($1::uuid[])',
      [hazards],
    );
    for (const x of r.rows) {
      out.set(`hazard_confirmed:${x.id}`, `${x.number} ${x.title}`);
      out.set(`hazard_closed:${x.id}`, `${x.number} ${x.title}`);
    }
  }
  const sessions = ids('training_attended');
  if (sessions.length > 0) {
    const r = await q.query<{ id: string; name: string; day: string }>(
      `SELECT x.id, c.name, (x.starts_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day
         FROM training_sessions x JOIN training_courses c ON c.id = x.course_id WHERE x.id = ANY($1::uuid[])`,
      [sessions],
    );
    for (const x of r.rows) out.set(`training_attended:${x.id}`, `${x.day} ${x.name}`);
  }
  const certs = ids('certificate_earned');
  if (certs.length > 0) {
    const r = await q.query<{ id: string; number: string; name: string }>(
      `SELECT v.id, v.number, c.name FROM volunteer_certificates v JOIN training_courses c ON c.id = v.course_id
        WHERE v.id = ANY($1::uuid[])`,
      [certs],
    );
    for (const x of r.rows) out.set(`certificate_earned:${x.id}`, `${x.number} ${x.name}`);
  }
  return out;
}
