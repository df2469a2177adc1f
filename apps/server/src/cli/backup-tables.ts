import type { Db, Queryable, Tx } from '../platform/db/db';

/**
 * Table-level helpers shared by the backup, restore and migration commands
 * and their drill test: which tables there are (in an order that satisfies
 * foreign keys) and a per-table row count and checksum that is the same on
 * PGlite and PostgreSQL for the same data.
 */

export interface TableSum {
  rows: number;
  checksum: string;
}

/** Tables of the public schema, parents before children (foreign keys), then by name. */
export async function tablesInLoadOrder(q: Queryable): Promise<string[]> {
  const tables = (
    await q.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
    )
  ).rows.map((r) => r.name);
  const edges = (
    await q.query<{ child: string; parent: string }>(
      `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
         JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE k.contype = 'f' AND n.nspname = 'public' AND c.oid <> p.oid`,
    )
  ).rows;
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const e of edges) parents.get(e.child)?.add(e.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...(parents.get(t) ?? [])].every((p) => placed.has(p)));
    // A foreign-key cycle cannot be ordered; load the rest as they come (constraints are checked at commit when deferrable).
    const next = ready.length > 0 ? ready : tables.filter((t) => !placed.has(t));
    for (const t of next) {
      placed.add(t);
      ordered.push(t);
    }
  }
  return ordered;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Row count and an order-independent checksum per table: md5 of the sorted
 * md5s of each row's JSON text. JSON text is the same on both engines when
 * both sessions use UTC, so a PGlite copy and its PostgreSQL migration can be
 * compared row for row.
 */
export async function tableChecksums(db: Db, tables?: string[]): Promise<Record<string, TableSum>> {
  // One transaction: one connection, so the session setting holds for every query.
  return db.tx((tx) => tableChecksumsIn(tx, tables));
}

/** The same inside a caller's transaction (a backup computes them on the snapshot it dumps). */
export async function tableChecksumsIn(tx: Tx, tables?: string[]): Promise<Record<string, TableSum>> {
  await tx.query(`SET LOCAL TimeZone = 'UTC'`);
  const out: Record<string, TableSum> = {};
  for (const t of tables ?? (await tablesInLoadOrder(tx))) {
    const r = await tx.query<{ rows: number; checksum: string }>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS checksum
         FROM (SELECT md5(row_to_json(x)::text) AS h FROM ${quoteIdent(t)} x) s`,
    );
    const row = r.rows[0];
    out[t] = { rows: row?.rows ?? 0, checksum: row?.checksum ?? '' };
  }
  return out;
}
