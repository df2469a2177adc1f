import type { HallMaterial } from '@fengqiao/contracts';
import type { Queryable } from '../../platform/db/db';

export interface ServiceRow {
  id: string;
  code: string;
  category: 'household' | 'id_card' | 'residence_permit' | 'certificate' | 'enterprise';
  name_zh: string;
  name_en: string;
  description_zh: string;
  rules_zh: string;
  fee_zh: string;
  materials: HallMaterial[];
  time_limit_days: number;
  previous_limit_days: number | null;
  online: boolean;
  appointment: boolean;
  one_certificate: boolean;
  home_visit: boolean;
  enterprise: boolean;
  queue_prefix: string;
  active: boolean;
  sort: number;
  version: number;
}

export interface WindowRow {
  id: string;
  station_id: string;
  number: number;
  name: string;
  kind: 'general' | 'enterprise';
  appointments: boolean;
  slot_capacity: number;
  active: boolean;
  version: number;
  service_ids: string[];
}

export interface SlotRow {
  id: string;
  station_id: string;
  window_id: string;
  day: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  booked: number;
}

export async function listServices(q: Queryable): Promise<ServiceRow[]> {
  return (await q.query<ServiceRow>('SELECT * FROM hall_services ORDER BY sort, code')).rows;
}

export async function getService(q: Queryable, id: string): Promise<ServiceRow | null> {
  return (await q.query<ServiceRow>('SELECT * FROM hall_services WHERE id = $1', [id])).rows[0] ?? null;
}

export async function serviceByCode(q: Queryable, code: string): Promise<ServiceRow | null> {
  return (await q.query<ServiceRow>('SELECT * FROM hall_services WHERE code = $1', [code])).rows[0] ?? null;
}

const SERVICE_COLUMNS = {
  category: 'category',
  nameZh: 'name_zh',
  nameEn: 'name_en',
  descriptionZh: 'description_zh',
  rulesZh: 'rules_zh',
  feeZh: 'fee_zh',
  materials: 'materials',
  timeLimitDays: 'time_limit_days',
  previousLimitDays: 'previous_limit_days',
  online: 'online',
  appointment: 'appointment',
  oneCertificate: 'one_certificate',
  homeVisit: 'home_visit',
  enterprise: 'enterprise',
  queuePrefix: 'queue_prefix',
  active: 'active',
  sort: 'sort',
} as const;
export type ServiceFields = { [K in keyof typeof SERVICE_COLUMNS]?: unknown };

export async function insertService(q: Queryable, code: string, f: ServiceFields, now: Date): Promise<string | null> {
  const keys = Object.keys(SERVICE_COLUMNS) as (keyof typeof SERVICE_COLUMNS)[];
  const cols = keys.map((k) => SERVICE_COLUMNS[k]);
  const values = keys.map((k) => (k === 'materials' ? JSON.stringify(f[k] ?? []) : f[k]));
  const r = await q.query<{ id: string }>(
    `INSERT INTO hall_services (code, ${cols.join(', ')}, updated_at)
     VALUES ($1, ${cols.map((_, i) => `$${i + 2}`).join(', ')}, $${cols.length + 2})
     ON CONFLICT (code) DO NOTHING RETURNING id`,
    [code, ...values, now],
  );
  return r.rows[0]?.id ?? null;
}

/** Optimistic update: returns false when the version moved. */
export async function updateService(
  q: Queryable,
  id: string,
  version: number,
  f: ServiceFields,
  now: Date,
): Promise<boolean> {
  const sets: string[] = [];
  const params: unknown[] = [id, version, now];
  for (const [k, col] of Object.entries(SERVICE_COLUMNS)) {
    const v = f[k as keyof ServiceFields];
    if (v === undefined) continue;
    params.push(k === 'materials' ? JSON.stringify(v) : v);
    sets.push(`${col} = $${params.length}`);
  }
  const r = await q.query(
    `UPDATE hall_services SET ${[...sets, 'version = version + 1', 'updated_at = $3'].join(', ')}
      WHERE id = $1 AND version = $2`,
    params,
  );
  return r.rowCount === 1;
}

const WINDOW_SELECT = `SELECT w.id, w.station_id, w.number, w.name, w.kind, w.appointments, w.slot_capacity, w.active, w.version,
  coalesce((SELECT array_agg(ws.service_id ORDER BY s.sort) FROM hall_window_services ws JOIN hall_services s ON s.id = ws.service_id
             WHERE ws.window_id = w.id), '{}') AS service_ids
  FROM hall_windows w`;

export async function listWindows(q: Queryable, stationId: string): Promise<WindowRow[]> {
  return (await q.query<WindowRow>(`${WINDOW_SELECT} WHERE w.station_id = $1 ORDER BY w.number`, [stationId])).rows;
}

export async function getWindow(q: Queryable, id: string, lock = false): Promise<WindowRow | null> {
  if (lock) await q.query('SELECT id FROM hall_windows WHERE id = $1 FOR UPDATE', [id]);
  return (await q.query<WindowRow>(`${WINDOW_SELECT} WHERE w.id = $1`, [id])).rows[0] ?? null;
}

export async function insertWindow(
  q: Queryable,
  w: {
    stationId: string;
    number: number;
    name: string;
    kind: string;
    appointments: boolean;
    slotCapacity: number;
    active: boolean;
    now: Date;
  },
): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO hall_windows (station_id, number, name, kind, appointments, slot_capacity, active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (station_id, number) DO NOTHING RETURNING id`,
    [w.stationId, w.number, w.name, w.kind, w.appointments, w.slotCapacity, w.active, w.now],
  );
  return r.rows[0]?.id ?? null;
}

export async function updateWindow(
  q: Queryable,
  id: string,
  version: number,
  f: { name?: string; kind?: string; appointments?: boolean; slotCapacity?: number; active?: boolean },
  now: Date,
): Promise<boolean> {
  const r = await q.query(
    `UPDATE hall_windows SET name = coalesce($3, name), kind = coalesce($4, kind), appointments = coalesce($5, appointments),
       slot_capacity = coalesce($6, slot_capacity), active = coalesce($7, active), version = version + 1, updated_at = $8
     WHERE id = $1 AND version = $2`,
    [
      id,
      version,
      f.name ?? null,
      f.kind ?? null,
      f.appointments ?? null,
      f.slotCapacity ?? null,
      f.active ?? null,
      now,
    ],
  );
  return r.rowCount === 1;
}

export async function setWindowServices(q: Queryable, windowId: string, serviceIds: string[]): Promise<void> {
  await q.query('DELETE FROM hall_window_services WHERE window_id = $1', [windowId]);
  if (serviceIds.length > 0) {
    await q.query(
      'INSERT INTO hall_window_services (window_id, service_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING',
      [windowId, serviceIds],
    );
  }
}

/** Future slots follow a capacity change of their window, never below what is booked. */
export async function setFutureSlotCapacity(
  q: Queryable,
  windowId: string,
  fromDay: string,
  capacity: number,
): Promise<void> {
  await q.query('UPDATE hall_slots SET capacity = greatest($3, booked) WHERE window_id = $1 AND day >= $2', [
    windowId,
    fromDay,
    capacity,
  ]);
}

export async function readHallSetting<T>(q: Queryable, key: string): Promise<T | null> {
  const r = await q.query<{ value: T }>('SELECT value FROM settings WHERE station_id IS NULL AND key = $1', [key]);
  return r.rows[0]?.value ?? null;
}

export async function writeHallSetting(
  q: Queryable,
  key: string,
  value: unknown,
  by: string | null,
  at: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO settings (station_id, key, value, updated_at, updated_by) VALUES (NULL, $1, $2, $3, $4)
     ON CONFLICT (coalesce(station_id, '00000000-0000-0000-0000-000000000000'::uuid), key)
     DO UPDATE SET value = $2, updated_at = $3, updated_by = $4`,
    [key, JSON.stringify(value), at, by],
  );
}

/** Creates missing slots (idempotent): one row per window and start. */
export async function ensureSlots(
  q: Queryable,
  rows: { stationId: string; windowId: string; day: string; startsAt: Date; endsAt: Date; capacity: number }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    const c = rows.slice(i, i + 2000);
    await q.query(
      `INSERT INTO hall_slots (station_id, window_id, day, starts_at, ends_at, capacity)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::timestamptz[], $5::timestamptz[], $6::int[])
       ON CONFLICT (window_id, starts_at) DO NOTHING`,
      [
        c.map((r) => r.stationId),
        c.map((r) => r.windowId),
        c.map((r) => r.day),
        c.map((r) => r.startsAt),
        c.map((r) => r.endsAt),
        c.map((r) => r.capacity),
      ],
    );
  }
}

export async function slotsOfDays(
  q: Queryable,
  stationId: string,
  days: string[],
  windowIds: string[] | null,
): Promise<SlotRow[]> {
  const r = await q.query<SlotRow>(
    `SELECT id, station_id, window_id, day::text AS day, starts_at, ends_at, capacity, booked FROM hall_slots
      WHERE station_id = $1 AND day = ANY($2::date[]) AND ($3::uuid[] IS NULL OR window_id = ANY($3::uuid[]))
      ORDER BY starts_at, window_id`,
    [stationId, days, windowIds],
  );
  return r.rows;
}

export async function getSlot(q: Queryable, id: string): Promise<SlotRow | null> {
  const r = await q.query<SlotRow>(
    'SELECT id, station_id, window_id, day::text AS day, starts_at, ends_at, capacity, booked FROM hall_slots WHERE id = $1',
    [id],
  );
  return r.rows[0] ?? null;
}

export async function setSlotCapacity(q: Queryable, id: string, capacity: number): Promise<boolean> {
  const r = await q.query('UPDATE hall_slots SET capacity = $2 WHERE id = $1 AND booked <= $2', [id, capacity]);
  return r.rowCount === 1;
}
