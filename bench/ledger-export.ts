/**
 * Benchmark: the dispute ledger's .xlsx export of 100,000 rows, streamed.
 *
 * Uses fq_bench_ledger (built like `ledger-queries` when missing: a million
 * disputes on PostgreSQL). Starts the real server as its own process on it,
 * signs in as the command operator, picks the registration window that holds
 * exactly --rows disputes, creates the export (`POST /api/mediation/exports`)
 * and downloads it (`GET …/download`) while polling the progress endpoint
 * like the UI does. Meanwhile the server process's resident memory is
 * sampled from /proc every 50 ms. Reported: time, rows/s, bytes, the
 * server's RSS before and at its peak during the export, and the progress
 * the UI saw. The workbook is then read back with exceljs' streaming reader
 * to check every row arrived.
 *
 *   npm run bench -- ledger-export [--rows 100000] [--count 1000000] [--rebuild] [--keep-file]
 *
 * Human-readable lines first; the last line is one JSON object.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { Client, startServerProcess } from '../apps/server/test/server-process';
import { TEST_KEYS } from '../apps/server/test/test-keys';
import { ensureLedgerDb, LEDGER_DB } from './ledger-queries';
import { dbUrl } from './support/pg-admin';
import { Args, round } from './support/stats';

const DEMO_PASSWORD = 'Qingxi-Demo-2026';

function procKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const args = new Args();
  const rows = args.num('rows', 100_000);
  const count = args.num('count', 1_000_000);
  const built = await ensureLedgerDb(count, !args.has('rebuild'));

  // The window of registration times holding exactly `rows` disputes (newest first).
  const c = new pg.Client({ connectionString: dbUrl(LEDGER_DB) });
  await c.connect();
  const edge = (
    await c.query<{ at: Date }>(
      'SELECT registered_at AS at FROM disputes ORDER BY registered_at DESC OFFSET $1 LIMIT 1',
      [rows - 1],
    )
  ).rows[0]?.at;
  await c.end();
  if (!edge) throw new Error(`fewer than ${rows} disputes in ${LEDGER_DB}`);
  const filter = { from: edge.toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() };

  const logFile = path.join(os.tmpdir(), `fq-bench-ledger-export-${process.pid}.log`);
  const server = await startServerProcess(
    {
      DATABASE_URL: dbUrl(LEDGER_DB),
      FENGQIAO_DATA_KEY: TEST_KEYS.dataKey.toString('base64'),
      FENGQIAO_INDEX_KEY: TEST_KEYS.indexKey.toString('base64'),
      FENGQIAO_DEMO: 'off',
      FENGQIAO_ROLES: 'api',
    },
    logFile,
  );
  const pid = server.child.pid ?? 0;
  const file = path.join(os.tmpdir(), `fq-bench-ledger-${process.pid}.xlsx`);
  try {
    const client = new Client(server.url);
    const login = await client.req('POST', '/api/auth/login', { username: 'operator', password: DEMO_PASSWORD });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
    // Warm the route and the pool once, then take the baseline.
    await client.req('GET', '/api/mediation/disputes?pageSize=1');
    const baselineKb = procKb(pid, 'VmRSS') ?? 0;

    const created = await client.req('POST', '/api/mediation/exports', { filter });
    if (created.status !== 201) throw new Error(`export not created: ${created.status} ${created.text}`);
    const exp = created.json() as { id: string; total: number; downloadUrl: string };
    if (exp.total !== rows) throw new Error(`the window holds ${exp.total} disputes, expected ${rows}`);

    let peakKb = baselineKb;
    const sampler = setInterval(() => {
      const kb = procKb(pid, 'VmRSS');
      if (kb !== null && kb > peakKb) peakKb = kb;
    }, 50);
    const progress: { ms: number; rows: number; status: string; rssMb: number }[] = [];
    const t0 = performance.now();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const r = await client.req('GET', `/api/mediation/exports/${exp.id}`);
        const v = r.json() as { rowsWritten: number; status: string };
        progress.push({
          ms: Math.round(performance.now() - t0),
          rows: v.rowsWritten,
          status: v.status,
          rssMb: round((procKb(pid, 'VmRSS') ?? 0) / 1024, 1),
        });
        if (v.status === 'done' || v.status === 'failed') break;
        await new Promise((res) => setTimeout(res, 250));
      }
    })();

    const res = await fetch(server.url + exp.downloadUrl, { headers: { cookie: client.cookie } });
    if (res.status !== 200 || !res.body) throw new Error(`download failed: ${res.status}`);
    const out = fs.createWriteStream(file);
    let bytes = 0;
    let firstByteMs: number | null = null;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (firstByteMs === null) firstByteMs = performance.now() - t0;
      bytes += value.length;
      if (!out.write(value)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(r));
    const seconds = (performance.now() - t0) / 1000;
    // Let the last progress write land, then stop polling.
    await new Promise((r) => setTimeout(r, 300));
    polling = false;
    await poller;
    clearInterval(sampler);
    const hwmKb = procKb(pid, 'VmHWM');
    const final = (await client.req('GET', `/api/mediation/exports/${exp.id}`)).json() as {
      status: string;
      rowsWritten: number;
    };

    // Read the workbook back with the streaming reader: every row must be there.
    let dataRows = 0;
    let header = '';
    const wb = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache' });
    for await (const ws of wb) {
      for await (const row of ws) {
        if (row.number === 1) header = String(row.getCell(1).value ?? '');
        if (row.number >= 5) dataRows += 1;
      }
    }
    const monotonic = progress.every((p, i) => i === 0 || p.rows >= (progress[i - 1]?.rows ?? 0));
    const result = {
      bench: 'ledger-export',
      rows,
      rowsInFile: dataRows,
      status: final.status,
      seconds: round(seconds, 2),
      rowsPerSec: Math.round(rows / seconds),
      firstByteMs: firstByteMs === null ? null : Math.round(firstByteMs),
      bytes,
      mb: round(bytes / 1024 / 1024, 1),
      serverBaselineRssMb: round(baselineKb / 1024, 1),
      serverPeakRssMb: round(peakKb / 1024, 1),
      serverRssGrowthMb: round((peakKb - baselineKb) / 1024, 1),
      serverHighWaterMb: hwmKb === null ? null : round(hwmKb / 1024, 1),
      progressSamples: progress.length,
      progressMonotonic: monotonic,
      progressSeen: progress
        .filter((_, i) => i % Math.max(1, Math.floor(progress.length / 8)) === 0)
        .map((p) => `${p.ms}ms:${p.rows}rows:${p.rssMb}MB`),
      ...(built ? { build: built } : {}),
    };
    console.log(`${header}: ${dataRows.toLocaleString('en-US')} rows in the file (${result.mb} MB)`);
    console.log(
      `exported ${rows.toLocaleString('en-US')} rows in ${result.seconds} s (${result.rowsPerSec.toLocaleString('en-US')} rows/s, first byte after ${result.firstByteMs} ms)`,
    );
    console.log(
      `server RSS: ${result.serverBaselineRssMb} MB before, ${result.serverPeakRssMb} MB at peak (+${result.serverRssGrowthMb} MB); high-water mark ${result.serverHighWaterMb} MB`,
    );
    console.log(`progress polled ${progress.length} times: ${result.progressSeen.join(', ')}`);
    if (dataRows !== rows || final.status !== 'done')
      throw new Error(`export incomplete: ${dataRows} rows, status ${final.status}`);
    console.log(JSON.stringify(result));
  } finally {
    await server.stop();
    if (!args.has('keep-file')) fs.rmSync(file, { force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
