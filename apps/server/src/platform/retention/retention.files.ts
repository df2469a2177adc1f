import type { Queryable } from '../db/db';

let referencing: Promise<{ table: string; column: string }[]> | null = null;

/** Every (table, column) with a foreign key to files(id), read from the catalogue once per process. */
async function fileReferences(q: Queryable): Promise<{ table: string; column: string }[]> {
  referencing ??= q
    .query<{ tbl: string; col: string }>(
      `SELECT c.conrelid::regclass::text AS tbl, a.attname AS col
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.confrelid = 'files'::regclass
        ORDER BY 1, 2`,
    )
    .then((r) => r.rows.map((x) => ({ table: x.tbl, column: x.col })))
    .catch((e: unknown) => {
      referencing = null;
      throw e;
    });
  return referencing;
}

/**
 * Deletes stored files (their bytes live in the files table) once no record
 * refers to them any more: a photo shared with a record of longer retention
 * (a case file, an incident) stays until that record lets it go. The caller
 * removes its own references first, in the same transaction.
 */
export async function removeFiles(q: Queryable, ids: readonly string[]): Promise<number> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return 0;
  const refs = await fileReferences(q);
  const guards = refs.map((r) => `AND NOT EXISTS (SELECT 1 FROM ${r.table} x WHERE x.${r.column} = f.id)`).join(' ');
  const r = await q.query(`DELETE FROM files f WHERE f.id = ANY($1::uuid[]) ${guards}`, [unique]);
  return r.rowCount;
}
