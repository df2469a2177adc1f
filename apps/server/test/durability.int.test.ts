import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/demo/load-demo';
import { totpAt, totpStep } from '../src/platform/auth/totp';
import { demoTotpSecret, engine, engineUnavailable } from './harness';
import { Client, type ServerProcess, startServerProcess } from './server-process';
import { TEST_KEYS } from './test-keys';

interface Grid {
  id: string;
  code: string;
  officer: { id: string } | null;
}

/**
 * Proves that an acknowledged write survives `kill -9`: the server is a real
 * process, the writes go over HTTP, and the process is killed the moment the
 * last acknowledgement arrives, then restarted on the same data.
 */
describe.skipIf(engineUnavailable)(`durability after kill -9 (${engine.name})`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-durable-'));
  let env: Record<string, string>;
  let dropDb: () => Promise<void> = async () => undefined;
  let server: ServerProcess | null = null;

  afterAll(async () => {
    await server?.stop();
    await dropDb();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write', async () => {
    if (engine.name === 'pglite') {
      env = { DATA_DIR: path.join(dir, 'data'), FENGQIAO_DEMO: 'auto' };
    } else {
      const url = process.env.TEST_DATABASE_URL ?? '';
      const name = `fq_durable_${Date.now()}`;
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
    const leader = new Client(server.url);
    expect((await leader.req('POST', '/api/auth/login', { username: 'leader', password: DEMO_PASSWORD })).status).toBe(
      200,
    );
    const secret = (await demoTotpSecret('leader')) ?? '';
    expect(
      (await leader.req('POST', '/api/auth/mfa/verify', { code: totpAt(secret, totpStep(new Date())) })).status,
    ).toBe(200);
    const grids = leader.req('GET', '/api/map').then((r) => (r.json() as { grids: Grid[] }).grids);
    const all = await grids;
    const officers = all.map((g) => g.officer?.id ?? '');

    // Rotate officers: 39 concurrent writes, each acknowledged one recorded.
    const acked = new Map<string, string>();
    const rotate = (shift: number) =>
      all.map((g, i) =>
        leader
          .req('PATCH', `/api/grids/${g.id}/officer`, {
            officerPersonId: officers[(i + shift) % officers.length],
            reason: `rotation ${shift}`,
          })
          .then((r) => {
            if (r.status === 200) acked.set(g.id, officers[(i + shift) % officers.length] ?? '');
            return r.status;
          }),
      );
    expect(new Set(await Promise.all(rotate(1)))).toEqual(new Set([200]));
    const second = rotate(2);
    await Promise.all(second);
    server.kill9();
    await server.stop();
    expect(acked.size).toBe(39);

    server = await startServerProcess(env, log);
    const operator = new Client(server.url);
    expect(
      (await operator.req('POST', '/api/auth/login', { username: 'operator', password: DEMO_PASSWORD })).status,
    ).toBe(200);
    const after = (await operator.req('GET', '/api/map')).json() as { grids: Grid[] };
    for (const g of after.grids) expect(g.officer?.id, g.code).toBe(acked.get(g.id));
    // The demo was not loaded twice.
    expect(after.grids).toHaveLength(39);
  }, 240_000);
});
