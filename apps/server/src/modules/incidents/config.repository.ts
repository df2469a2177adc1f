import type { PriorityRule } from '@fengqiao/domain';
import type { Queryable } from '../../platform/db/db';

export interface CategoryRow {
  code: string;
  parent_code: string | null;
  name_zh: string;
  name_en: string;
  team: 'community' | 'case' | 'patrol' | 'command_room';
  default_priority: 'urgent' | 'high' | 'normal' | 'low';
  open311: boolean;
  active: boolean;
  sort: number;
}

export async function listCategories(q: Queryable): Promise<CategoryRow[]> {
  return (await q.query<CategoryRow>('SELECT * FROM incident_categories ORDER BY sort, code')).rows;
}

export async function upsertCategory(q: Queryable, c: Omit<CategoryRow, 'sort'> & { sort?: number }): Promise<void> {
  await q.query(
    `INSERT INTO incident_categories (code, parent_code, name_zh, name_en, team, default_priority, open311, active, sort)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, 500))
     ON CONFLICT (code) DO UPDATE SET name_zh = $3, name_en = $4, team = $5, default_priority = $6, open311 = $7, active = $8`,
    [c.code, c.parent_code, c.name_zh, c.name_en, c.team, c.default_priority, c.open311, c.active, c.sort ?? null],
  );
}

interface PriorityRuleRow {
  id: string;
  name: string;
  category_prefix: string | null;
  keywords: string[];
  sources: string[];
  night_only: boolean;
  priority: PriorityRule['priority'];
  sort: number;
  active: boolean;
}

export async function listPriorityRules(q: Queryable): Promise<PriorityRule[]> {
  const r = await q.query<PriorityRuleRow>('SELECT * FROM priority_rules ORDER BY sort, name');
  return r.rows.map((x) => ({
    id: x.id,
    name: x.name,
    categoryPrefix: x.category_prefix,
    keywords: x.keywords,
    sources: x.sources as PriorityRule['sources'],
    nightOnly: x.night_only,
    priority: x.priority,
    sort: x.sort,
    active: x.active,
  }));
}

export async function savePriorityRule(q: Queryable, id: string | null, r: Omit<PriorityRule, 'id'>): Promise<string> {
  const res = await q.query<{ id: string }>(
    `INSERT INTO priority_rules (id, name, category_prefix, keywords, sources, night_only, priority, sort, active)
     VALUES (coalesce($1, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET name = $2, category_prefix = $3, keywords = $4, sources = $5, night_only = $6,
       priority = $7, sort = $8, active = $9
     RETURNING id`,
    [id, r.name, r.categoryPrefix, r.keywords, r.sources, r.nightOnly, r.priority, r.sort, r.active],
  );
  return res.rows[0]?.id ?? '';
}

export interface WarningRuleRow {
  id: string;
  station_id: string | null;
  name: string;
  kind: 'repeat_address' | 'repeat_caller' | 'grid_surge';
  category_prefixes: string[];
  threshold: number;
  window_days: number;
  target: 'community_officer' | 'command_room';
  active: boolean;
}

export async function listWarningRules(q: Queryable): Promise<WarningRuleRow[]> {
  return (await q.query<WarningRuleRow>('SELECT * FROM warning_rules ORDER BY created_at, name')).rows;
}

export async function saveWarningRule(
  q: Queryable,
  id: string | null,
  r: Omit<WarningRuleRow, 'id' | 'station_id'>,
): Promise<string> {
  const res = await q.query<{ id: string }>(
    `INSERT INTO warning_rules (id, name, kind, category_prefixes, threshold, window_days, target, active)
     VALUES (coalesce($1, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (id) DO UPDATE SET name = $2, kind = $3, category_prefixes = $4, threshold = $5, window_days = $6, target = $7, active = $8
     RETURNING id`,
    [id, r.name, r.kind, r.category_prefixes, r.threshold, r.window_days, r.target, r.active],
  );
  return res.rows[0]?.id ?? '';
}

export async function readSetting<T>(q: Queryable, key: string): Promise<T | null> {
  const r = await q.query<{ value: T }>('SELECT value FROM settings WHERE station_id IS NULL AND key = $1', [key]);
  return r.rows[0]?.value ?? null;
}

export async function writeSetting(
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
