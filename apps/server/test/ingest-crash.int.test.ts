import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/demo/load-demo';
import { engine, engineUnavailable } from './harness';
import { Client, type ServerProcess, startServerProcess } from './server-process';
import { TEST_KEYS } from './test-keys';

/**
 * kill -9 in the middle of a burst of reports: every acknowledged incident
 * is there after restart, and the clients' retries (same Idempotency-Key)
 * create nothing twice.
 */
describe.skipIf(engineUnavailable)(`kill -9 during a burst of ingests (${engine.name})`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-ingest-crash-'));
  let server: ServerProcess | null = null;
  let dropDb: () => Promise<void> = async () => undefined;
  afterAll(async () => {
    await server?.stop();
    await dropDb();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loses no acknowledged incident and duplicates none', async () => {
    let env: Record<string, string>;
    if (engine.name === 'pglite') {
      env = { DATA_DIR: path.join(dir, 'data'), FENGQIAO_DEMO: 'auto' };
    } else {
      const url = process.env.TEST_DATABASE_URL ?? '';
      const name = `fq_crash_${Date.now()}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const u = new URL(url);
      u.pathname = `/${name}`;
      env = {
        DATABASE_URL: u.toString(),
        FENGQIAO_DEMO: 'on',
        FENGQIAO_DATA_KEY: TEST_KEYS.dataKey.toString('base64'),
        FENGQIAO_INDEX_KEY: TEST_KEYS.indexKey.toString('base64'),
      };
      dropDb = async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      };
    }
    const log = path.join(dir, 'server.log');
    server = await startServerProcess(env, log);
    const op = new Client(server.url);
    expect((await op.req('POST', '/api/auth/login', { username: 'operator', password: DEMO_PASSWORD })).status).toBe(
      200,
    );
    const centre = ((await op.req('GET', '/api/map')).json() as { grids: { centroid: [number, number] }[] }).grids.map(
      (g) => g.centroid,
    );
    const body = (i: number) => ({
      source: 'call_110',
      categoryCode: i % 2 ? 'help.lost_property' : 'public_order.noise',
      summary: `压测报警 ${i}`,
      location: { lng: centre[i % centre.length]?.[0], lat: centre[i % centre.length]?.[1] },
      dispatch: 'auto',
    });
    const keyOf = (i: number) => `crash-test-${i.toString().padStart(5, '0')}`;
    const acknowledged = new Map<string, string>();
    // A steady stream from 40 clients, killed once 50 reports are acknowledged: reports are still in
    // flight then, whatever the server's batching (a fixed burst could be stored whole before the kill).
    const KILL_AFTER = 50;
    let next = 0;
    let killed = false;
    const client = async () => {
      while (!killed && next < 2000) {
        const i = next++;
        try {
          const res = await fetch(`${server?.url}/api/incidents`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: op.cookie, 'idempotency-key': keyOf(i) },
            body: JSON.stringify(body(i)),
          });
          if (res.status === 201 || res.status === 200) {
            const j = (await res.json()) as { incident: { id: string } };
            acknowledged.set(keyOf(i), j.incident.id);
          }
        } catch {
          // The connection died with the server: not acknowledged.
        }
        if (!killed && acknowledged.size >= KILL_AFTER) {
          killed = true;
          server?.kill9();
        }
      }
    };
    await Promise.all(Array.from({ length: 40 }, client));
    // Every report handed to a client was sent (or its send failed with the server).
    const N = next;
    await server.stop();
    expect(killed).toBe(true);
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(acknowledged.size).toBeLessThan(N);

    server = await startServerProcess(env, log);
    const again = new Client(server.url);
    expect((await again.req('POST', '/api/auth/login', { username: 'operator', password: DEMO_PASSWORD })).status).toBe(
      200,
    );
    // Every acknowledged incident is there, under the id the client was given.
    for (const [key, id] of acknowledged) {
      const r = await again.req('GET', `/api/incidents/${id}`);
      expect(r.status, key).toBe(200);
    }
    // The clients retry everything with the same keys: nothing is created twice.
    const retried = new Map<string, string>();
    for (let i = 0; i < N; i++) {
      const res = await fetch(`${server.url}/api/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: again.cookie, 'idempotency-key': keyOf(i) },
        body: JSON.stringify(body(i)),
      });
      expect([200, 201]).toContain(res.status);
      const j = (await res.json()) as { incident: { id: string }; created: boolean };
      retried.set(keyOf(i), j.incident.id);
      if (acknowledged.has(keyOf(i))) {
        expect(j.created).toBe(false);
        expect(j.incident.id).toBe(acknowledged.get(keyOf(i)));
      }
    }
    expect(new Set(retried.values()).size).toBe(N);
    const list = (await again.req('GET', '/api/incidents?q=压测报警&pageSize=200')).json() as { total: number };
    expect(list.total).toBe(N);
  }, 300_000);
});
