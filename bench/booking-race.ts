/**
 * Benchmark: 200 residents race for the last places of one appointment slot.
 *
 * For each engine (embedded PGlite and PostgreSQL) the real application is
 * built (`buildApp`) and listens on a local port; 200 signed-in citizens
 * (distinct people, so the one-booking-a-day rule does not interfere) send
 * `POST /api/citizen/appointments` for the same slot at once, over HTTP.
 * Each round must end with exactly `--capacity` bookings (checked in the
 * database) and everyone else refused with `slot_full`; several rounds, each
 * on a fresh slot. Reported: requests per second and successful bookings per
 * second of the burst (wall time from the first send to the last answer),
 * and latency percentiles over every request.
 *
 *   npm run bench -- booking-race [--clients 200] [--capacity 20] [--rounds 5] [--engines pglite,postgres]
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names a server where
 * the benchmark may create and drop its own database fq_bench_booking_race; without one it is skipped.
 * Human-readable lines first; the last line is one JSON object.
 */
import { randomUUID } from 'node:crypto';
import { addCalendarDays, CN_CALENDAR, isWorkingDay } from '@fengqiao/domain';
import pg from 'pg';
import { buildApp } from '../apps/server/src/app';
import { insertStation } from '../apps/server/src/modules/geo';
import { insertHallRows, listHallServices } from '../apps/server/src/modules/hall';
import { closePlatform, createPlatform } from '../apps/server/src/platform/bootstrap';
import { loadConfig } from '../apps/server/src/platform/config';
import type { Db } from '../apps/server/src/platform/db/db';
import { openPglite } from '../apps/server/src/platform/db/pglite.engine';
import { openPostgres } from '../apps/server/src/platform/db/postgres.engine';
import { createLogger } from '../apps/server/src/platform/logger';
import { TEST_KEYS } from '../apps/server/test/test-keys';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? argv[i + 1] : undefined;
  return v && !v.startsWith('--') ? v : fallback;
};
const num = (name: string, fallback: number) => {
  const v = Number(arg(name, String(fallback)));
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const CLIENTS = num('clients', 200);
const CAPACITY = num('capacity', 20);
const ROUNDS = num('rounds', 5);
const ENGINES = arg('engines', 'pglite,postgres').split(',');
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BENCH_DB = 'fq_bench_booking_race';

interface EngineResult {
  engine: string;
  requests: number;
  booked: number;
  overbooked: number;
  requestsPerSec: number;
  bookingsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  burstMs: number;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1] ?? Number.NaN;
}
const round1 = (x: number) => Math.round(x * 10) / 10;
const median = (xs: number[]) => percentile(xs, 50);

/** The next working days, local time, where the booking window lies. */
function bookableDay(): string {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  let d = addCalendarDays(today, 1);
  while (!isWorkingDay(d, CN_CALENDAR)) d = addCalendarDays(d, 1);
  return d;
}

async function race(engine: string, db: Db): Promise<EngineResult> {
  const config = loadConfig({ LOG_LEVEL: 'silent', FENGQIAO_DEMO: 'off', DATABASE_POOL_SIZE: '10' });
  const platform = await createPlatform(config, { db, keys: TEST_KEYS, log: createLogger('silent') });
  const { app, modules } = await buildApp(platform);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    // A station with one appointment window serving residence permits, and one slot per round.
    const stationId = await insertStation(db, {
      code: `BENCH${Date.now() % 100000}`,
      name: '压测派出所',
      nameEn: 'Bench station',
      regionCode: '131081',
      center: [116.6, 39.0],
      address: '清溪镇',
      boundary: null,
    });
    const service = (await listHallServices(db)).find((s) => s.code === 'residence.permit');
    if (!service) throw new Error('catalogue not migrated');
    const windowId = randomUUID();
    const now = new Date();
    await insertHallRows(db, 'hall_windows', [
      {
        id: windowId,
        station_id: stationId,
        number: 1,
        name: '压测窗口',
        kind: 'general',
        appointments: true,
        slot_capacity: CAPACITY,
        active: true,
        created_at: now,
        updated_at: now,
      },
    ]);
    await insertHallRows(db, 'hall_window_services', [{ window_id: windowId, service_id: service.id }]);
    const day = bookableDay();
    const slots = Array.from({ length: ROUNDS }, (_, r) => {
      const startsAt = new Date(`${day}T09:00:00+08:00`);
      startsAt.setTime(startsAt.getTime() + r * 30 * 60_000);
      return {
        id: randomUUID(),
        station_id: stationId,
        window_id: windowId,
        day,
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + 30 * 60_000),
        // Most places are gone already: the clients race for the last CAPACITY of them.
        capacity: CAPACITY + 30,
        booked: 30,
      };
    });
    await insertHallRows(db, 'hall_slots', slots);

    const latencies: number[] = [];
    const bursts: { ms: number; ok: number }[] = [];
    let booked = 0;
    let overbooked = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const slot = slots[r];
      if (!slot) break;
      const cookies: string[] = [];
      for (let i = 0; i < CLIENTS; i++) {
        const { token } = await modules.citizens.api.openSession(`198${String(r * 100_000 + i).padStart(8, '0')}`);
        cookies.push(`fq_citizen=${token}`);
      }
      const body = (i: number) => JSON.stringify({ slotId: slot.id, serviceId: service.id, name: `居民${i}` });
      const t0 = performance.now();
      const results = await Promise.all(
        cookies.map(async (cookie, i) => {
          const s = performance.now();
          const res = await fetch(`${base}/api/citizen/appointments`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie },
            body: body(i),
          });
          const text = await res.text();
          latencies.push(performance.now() - s);
          return { status: res.status, text };
        }),
      );
      const ms = performance.now() - t0;
      const ok = results.filter((x) => x.status === 201).length;
      const full = results.filter((x) => x.status === 400 && x.text.includes('slot_full')).length;
      if (ok + full !== CLIENTS)
        throw new Error(
          `${engine}: unexpected answers ${JSON.stringify(results.find((x) => x.status !== 201 && !x.text.includes('slot_full')))}`,
        );
      const check = await db.query<{ booked: number; n: number; capacity: number }>(
        `SELECT booked, capacity, (SELECT count(*)::int FROM hall_appointments WHERE slot_id = $1) AS n FROM hall_slots WHERE id = $1`,
        [slot.id],
      );
      const row = check.rows[0];
      if (!row || ok !== CAPACITY || row.n !== CAPACITY || row.booked !== row.capacity) {
        overbooked += Math.max(0, (row?.n ?? 0) - CAPACITY);
        throw new Error(
          `${engine}: round ${r} booked ${ok} (db ${row?.n}, counter ${row?.booked}/${row?.capacity}), expected ${CAPACITY}`,
        );
      }
      booked += ok;
      bursts.push({ ms, ok });
      console.log(
        `  ${engine} round ${r + 1}: ${CLIENTS} requests in ${round1(ms)} ms, ${ok} booked, ${full} refused slot_full`,
      );
    }
    const burstMs = median(bursts.map((b) => b.ms));
    return {
      engine,
      requests: CLIENTS * bursts.length,
      booked,
      overbooked,
      requestsPerSec: Math.round(CLIENTS / (burstMs / 1000)),
      bookingsPerSec: Math.round(CAPACITY / (burstMs / 1000)),
      p50Ms: round1(percentile(latencies, 50)),
      p95Ms: round1(percentile(latencies, 95)),
      p99Ms: round1(percentile(latencies, 99)),
      maxMs: round1(Math.max(...latencies)),
      burstMs: round1(burstMs),
    };
  } finally {
    await app.close();
    await closePlatform(platform);
  }
}

async function withPostgres<T>(fn: (db: Db) => Promise<T>): Promise<T | null> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (e) {
    console.log(`  postgres skipped: cannot reach ${ADMIN_URL} (${(e as Error).message})`);
    return null;
  }
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DB}`);
    const u = new URL(ADMIN_URL);
    u.pathname = `/${BENCH_DB}`;
    const db = await openPostgres({ url: u.toString(), poolSize: 10, onClientError: () => undefined });
    return await fn(db);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

console.log(
  `booking-race: ${CLIENTS} concurrent clients for the last ${CAPACITY} places of a slot, ${ROUNDS} rounds per engine`,
);
const results: Record<string, EngineResult | null> = {};
if (ENGINES.includes('pglite')) results.pglite = await race('pglite', await openPglite({}));
if (ENGINES.includes('postgres')) results.postgres = await withPostgres((db) => race('postgres', db));
for (const r of Object.values(results)) {
  if (!r) continue;
  console.log(
    `${r.engine.padEnd(9)} ${r.requestsPerSec} requests/s, ${r.bookingsPerSec} bookings/s (burst median ${r.burstMs} ms); latency p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms, p99 ${r.p99Ms} ms; ${r.booked} booked, ${r.overbooked} overbooked`,
  );
}
const pick = (r: EngineResult | null | undefined) =>
  r
    ? {
        requestsPerSec: r.requestsPerSec,
        bookingsPerSec: r.bookingsPerSec,
        p50Ms: r.p50Ms,
        p95Ms: r.p95Ms,
        p99Ms: r.p99Ms,
        maxMs: r.maxMs,
        booked: r.booked,
        overbooked: r.overbooked,
      }
    : null;
console.log(
  JSON.stringify({
    bench: 'booking-race',
    clients: CLIENTS,
    capacity: CAPACITY,
    rounds: ROUNDS,
    pglite: pick(results.pglite),
    postgres: pick(results.postgres),
  }),
);
