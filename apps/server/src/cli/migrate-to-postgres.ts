import fs from 'node:fs';
import path from 'node:path';
import { loadKeys } from '../platform/crypto/keys';
import { type Db, type Tx, txScope } from '../platform/db/db';
import { migrate } from '../platform/db/migrate';
import { openPglite } from '../platform/db/pglite.engine';
import { openPostgres } from '../platform/db/postgres.engine';
import { CliError, cliConfig, compareSums, pgliteDir, redact, refuseIfServerRunning, runCli } from './backup-common';
import { quoteIdent, tableChecksums, tablesInLoadOrder } from './backup-tables';

/** Rows per batch and a byte ceiling, so a table of large rows (files) never builds one huge statement. */
const BATCH_ROWS = 2_000;
const BATCH_BYTES = 8 * 2 ** 20;
/** Filled by the migrations on each side; its applied_at differs by nature. */
const SKIP = ['schema_migrations'];

async function copyTable(source: Db, target: Tx, table: string): Promise<number> {
  const cols = (
    await target.query<{ name: string }>(
      `SELECT a.attname AS name FROM pg_attribute a
        WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        ORDER BY a.attnum`,
      [quoteIdent(table)],
    )
  ).rows.map((r) => quoteIdent(r.name));
  const list = cols.join(', ');
  let copied = 0;
  let batch: string[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    // JSON carries every type as its text form (timestamps to the microsecond, bytea as hex) into the target's own types.
    await target.query(
      `INSERT INTO ${quoteIdent(table)} (${list}) OVERRIDING SYSTEM VALUE
       SELECT ${list} FROM json_populate_recordset(NULL::${quoteIdent(table)}, $1::json)`,
      [`[${batch.join(',')}]`],
    );
    copied += batch.length;
    batch = [];
    bytes = 0;
  };
  // Two databases, two transactions: the source's is not nested in the target's (txScope guards against that).
  await txScope.exit(() =>
    source.tx(async (tx) => {
      await tx.query(`SET LOCAL TimeZone = 'UTC'`);
      await tx.query(
        `DECLARE rows_out NO SCROLL CURSOR FOR SELECT row_to_json(x)::text AS j FROM ${quoteIdent(table)} x`,
      );
      for (;;) {
        const r = await tx.query<{ j: string }>(`FETCH ${BATCH_ROWS} FROM rows_out`);
        if (r.rows.length === 0) break;
        for (const { j } of r.rows) {
          batch.push(j);
          bytes += j.length;
          if (bytes >= BATCH_BYTES) await flush();
        }
        await flush();
      }
      await tx.query('CLOSE rows_out');
    }),
  );
  return copied;
}

/**
 * `npm run db:migrate-to-postgres -- URL`: copies the embedded database
 * (DATA_DIR) into an empty PostgreSQL database, for a town that outgrows one
 * process. Both sides are migrated to the same schema first; rows are copied
 * table by table in foreign-key order in one transaction with the tables'
 * own triggers off (the copied rollups are already right), sequences are
 * carried over, and every table's row count and checksum is compared. The
 * encrypted fields need the same keys: they are written to
 * DATA_DIR/postgres.env (mode 0600) for the new deployment's environment.
 */
runCli(async () => {
  const url = process.argv[2];
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    throw new CliError('usage: npm run db:migrate-to-postgres -- postgres://USER@HOST:5432/DATABASE');
  }
  const config = cliConfig();
  if (config.databaseUrl) throw new CliError('unset DATABASE_URL: the source is the embedded database in DATA_DIR');
  const dir = pgliteDir(config);
  if (!fs.existsSync(dir)) throw new CliError(`no embedded database in ${dir} (set DATA_DIR)`);
  await refuseIfServerRunning(config);
  const keys = loadKeys(config);

  const source = await openPglite({ dataDir: dir });
  const target = await openPostgres({ url, poolSize: 2 });
  try {
    const existing = await target.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`,
    );
    if ((existing.rows[0]?.n ?? 0) > 0) {
      throw new CliError(`${redact(url)} is not empty: create a new database (createdb NAME) for the migration`);
    }
    await migrate(source);
    await migrate(target);
    const tables = (await tablesInLoadOrder(source)).filter((t) => !SKIP.includes(t));
    const started = Date.now();
    const sequences: { name: string; last_value: number; is_called: boolean }[] = [];
    const seqNames = await source.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'S' AND n.nspname = 'public'`,
    );
    for (const { name } of seqNames.rows) {
      const r = await source.query<{ last_value: number; is_called: boolean }>(
        `SELECT last_value, is_called FROM ${quoteIdent(name)}`,
      );
      if (r.rows[0]) sequences.push({ name, ...r.rows[0] });
    }
    await target.tx(async (tx) => {
      // Migrations seed some tables (settings, categories, the audit seal head); the copy brings the town's own.
      await tx.query(`TRUNCATE ${tables.map(quoteIdent).join(', ')}`);
      for (const t of tables) await tx.query(`ALTER TABLE ${quoteIdent(t)} DISABLE TRIGGER USER`);
      for (const t of tables) {
        const n = await copyTable(source, tx, t);
        if (n > 0) console.log(`  ${t}: ${n} rows`);
      }
      for (const t of tables) await tx.query(`ALTER TABLE ${quoteIdent(t)} ENABLE TRIGGER USER`);
      for (const v of sequences) {
        await tx.query('SELECT setval($1::regclass, $2, $3)', [quoteIdent(v.name), v.last_value, v.is_called]);
      }
    });
    // The copied tables have no planner statistics until autovacuum comes round (never, where it is off).
    await target.exec('ANALYZE');
    const [a, b] = [await tableChecksums(source, tables), await tableChecksums(target, tables)];
    const bad = compareSums(a, b);
    if (bad.length > 0) throw new CliError(`the copy differs from the embedded database in: ${bad.join(', ')}`);
    const rows = Object.values(a).reduce((s, t) => s + t.rows, 0);
    console.log(
      `copied ${tables.length} tables, ${rows} rows into ${redact(url)} in ${((Date.now() - started) / 1000).toFixed(1)} s; counts and checksums match`,
    );
  } finally {
    await source.close();
    await target.close();
  }
  const envFile = path.join(config.dataDir, 'postgres.env');
  fs.writeFileSync(
    envFile,
    [
      `DATABASE_URL=${url}`,
      `FENGQIAO_DATA_KEY=${keys.dataKey.toString('base64')}`,
      `FENGQIAO_INDEX_KEY=${keys.indexKey.toString('base64')}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  console.log(`the servers' environment for the new database (with the keys): ${envFile}`);
});
