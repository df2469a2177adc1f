import type { Queryable } from '../../platform/db/db';

export interface AlertRow {
  id: string;
  station_id: string;
  kind: 'deadline_breach' | 'early_warning' | 'outside_jurisdiction' | 'escalation';
  severity: 'critical' | 'warning' | 'info';
  title: string;
  explanation: Record<string, unknown>;
  incident_id: string | null;
  incident_number: string | null;
  order_id: string | null;
  grid_id: string | null;
  target_person_id: string | null;
  rule_id: string | null;
  status: 'open' | 'acknowledged' | 'closed';
  created_at: Date;
}

export interface NewAlert {
  stationId: string;
  kind: AlertRow['kind'];
  severity: AlertRow['severity'];
  title: string;
  explanation: Record<string, unknown>;
  incidentId: string | null;
  orderId: string | null;
  gridId: string | null;
  targetPersonId: string | null;
  ruleId: string | null;
  dedupeKey: string | null;
  at: Date;
}

/** Inserts unless an alert with the same dedupe key exists; returns the new id or null. */
export async function insertAlert(q: Queryable, a: NewAlert): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO command_alerts (station_id, kind, severity, title, explanation, incident_id, order_id, grid_id, target_person_id,
       rule_id, dedupe_key, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [
      a.stationId,
      a.kind,
      a.severity,
      a.title,
      JSON.stringify(a.explanation),
      a.incidentId,
      a.orderId,
      a.gridId,
      a.targetPersonId,
      a.ruleId,
      a.dedupeKey,
      a.at,
    ],
  );
  return r.rows[0]?.id ?? null;
}

const ALERT_SELECT = `SELECT a.*, i.number AS incident_number FROM command_alerts a LEFT JOIN incidents i ON i.id = a.incident_id`;

/**
 * Alerts newest first (ties by id), optionally of one status and kind; grid
 * staff see their grids' alerts and those addressed to them. `before` pages:
 * only alerts older than that one (an id of this station, else null is returned).
 */
export async function listAlerts(
  q: Queryable,
  f: {
    stationId: string;
    status?: string;
    kind?: string;
    withinGrids?: string[];
    personId?: string | null;
    before?: string;
    limit: number;
  },
): Promise<AlertRow[] | null> {
  let cursor: { created_at: Date; id: string } | null = null;
  if (f.before) {
    cursor =
      (
        await q.query<{ created_at: Date; id: string }>(
          'SELECT created_at, id FROM command_alerts WHERE id = $1 AND station_id = $2',
          [f.before, f.stationId],
        )
      ).rows[0] ?? null;
    if (!cursor) return null;
  }
  const r = await q.query<AlertRow>(
    `${ALERT_SELECT} WHERE a.station_id = $1 AND ($2::text IS NULL OR a.status = $2)
       AND ($3::uuid[] IS NULL OR a.grid_id = ANY($3::uuid[]) OR a.target_person_id = $4)
       AND ($6::text IS NULL OR a.kind = $6)
       AND ($7::timestamptz IS NULL OR (a.created_at, a.id) < ($7::timestamptz, $8::uuid))
     ORDER BY a.created_at DESC, a.id DESC LIMIT $5`,
    [
      f.stationId,
      f.status ?? null,
      f.withinGrids ?? null,
      f.personId ?? null,
      f.limit,
      f.kind ?? null,
      cursor?.created_at ?? null,
      cursor?.id ?? null,
    ],
  );
  return r.rows;
}

export async function getAlert(q: Queryable, id: string): Promise<AlertRow | null> {
  return (await q.query<AlertRow>(`${ALERT_SELECT} WHERE a.id = $1`, [id])).rows[0] ?? null;
}

export async function acknowledgeAlert(q: Queryable, id: string, by: string, at: Date): Promise<void> {
  await q.query(
    `UPDATE command_alerts SET status = 'acknowledged', acknowledged_at = $3, acknowledged_by = $2 WHERE id = $1 AND status = 'open'`,
    [id, by, at],
  );
}
