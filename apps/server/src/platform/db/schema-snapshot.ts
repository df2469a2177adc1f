import type { Queryable } from './db';

export interface SchemaSnapshot {
  columns: string[];
  indexes: string[];
  triggers: string[];
}

/**
 * The schema as the migrations leave it, in a stable text form. Committed as
 * migrations/schema.snapshot.json; a test fails when the migrations produce
 * anything else on either engine, so drift is caught in review.
 */
export async function schemaSnapshot(q: Queryable): Promise<SchemaSnapshot> {
  const columns = await q.query<{ c: string }>(
    `SELECT table_name || '.' || column_name || ' ' || data_type || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END AS c
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`,
  );
  const indexes = await q.query<{ c: string }>(
    `SELECT regexp_replace(indexdef, ' ON public\\.', ' ON ') AS c FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`,
  );
  const triggers = await q.query<{ c: string }>(
    `SELECT event_object_table || '.' || trigger_name || ' ' || action_timing || ' ' || event_manipulation AS c
       FROM information_schema.triggers WHERE trigger_schema = 'public' ORDER BY 1`,
  );
  return {
    columns: columns.rows.map((r) => r.c),
    indexes: indexes.rows.map((r) => r.c),
    triggers: triggers.rows.map((r) => r.c),
  };
}
