import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/**
 * The browser suite's world: a built web UI, and the real server on a free
 * port with a fresh data directory (embedded PGlite, demo town loaded on
 * first start). Without chromium the suite is skipped with a visible line,
 * except under CI=true, where a missing browser is a failure.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: {
      skip: boolean;
      reason: string;
      baseUrl: string;
      chromiumPath: string;
      /** Scratch directory shared by the test files (TOTP step bookkeeping). */
      stateDir: string;
      /** The server's data directory: residents' sign-in codes land in outbox/sms.jsonl (file sender). */
      dataDir: string;
      /** Written with the reason when the server could not start (the test files wait for it to be ready). */
      startFailed: string;
      /** How long a test file waits for the server to be ready. */
      readyTimeoutMs: number;
    };
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '..');
const repoRoot = path.resolve(webDir, '../..');
// Loading the demo town takes longer on a busy machine: E2E_READY_TIMEOUT_MS raises the limit.
const READY_TIMEOUT_MS = Number(process.env.E2E_READY_TIMEOUT_MS ?? 180_000);

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/**
 * Where the suite's web build lives: apps/web/dist, or E2E_WEB_OUT so that
 * several engineers' runs on one machine do not rebuild under each other.
 */
const webOut = process.env.E2E_WEB_OUT ? path.resolve(process.env.E2E_WEB_OUT) : path.join(webDir, 'dist');

/** Builds apps/web when its index.html is missing or older than any source. */
function ensureBuilt(): void {
  const index = path.join(webOut, 'index.html');
  const sources = ['src', 'public', 'index.html', 'vite.config.ts']
    .map((p) => path.join(webDir, p))
    .filter((p) => fs.existsSync(p));
  const newest = Math.max(...sources.map(newestMtime));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newest) return;
  console.log('e2e: building apps/web (dist is missing or stale)…');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', webOut, '--emptyOutDir'], {
    cwd: webDir,
    stdio: 'inherit',
    env: process.env,
  });
  if (r.status !== 0) throw new Error(`vite build failed with exit code ${r.status}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(baseUrl: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`the server exited with code ${exited} before it was ready:\n${log()}`);
    try {
      const res = await fetch(`${baseUrl}/api/ready`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${log()}`);
}

function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) {
      resolve();
      return;
    }
    const pid = child.pid;
    const force = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    try {
      // The server runs in its own process group (npx → tsx → node): stop all of it.
      process.kill(-pid, 'SIGTERM');
    } catch {
      clearTimeout(force);
      resolve();
    }
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-e2e-state-'));
  if (!fs.existsSync(chromiumPath)) {
    const reason = `chromium not found at ${chromiumPath} (set CHROMIUM_PATH)`;
    if (process.env.CI === 'true') throw new Error(`browser suite cannot run under CI: ${reason}`);
    console.log('SKIPPED: browser suite (chromium not found)');
    project.provide('e2e', {
      skip: true,
      reason,
      baseUrl: '',
      chromiumPath,
      stateDir,
      dataDir: '',
      startFailed: '',
      readyTimeoutMs: 0,
    });
    return async () => {
      fs.rmSync(stateDir, { recursive: true, force: true });
    };
  }

  ensureBuilt();
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-e2e-data-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  // A fresh embedded database every run, offline map: drop settings that would point elsewhere.
  const { DATABASE_URL: _db, NATS_URL: _nats, MAP_TILE_URL: _tiles, ...env } = process.env;
  let output = '';
  const child = spawn('npx', ['tsx', 'apps/server/src/main.ts'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      FENGQIAO_WEB_DIR: webOut,
      FENGQIAO_DEMO: 'on',
      LOG_LEVEL: 'warn',
      COOKIE_SECURE: 'false',
      // Residents sign in with a texted code: the tests read it from the file outbox.
      CITIZEN_OTP_SENDER: 'file',
    },
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  // The server loads the demo town while the unit and integration suites run (the browser suite runs
  // last): the test files wait for it (support/browser.ts) instead of this setup, which would hold up
  // every suite for that time. A server that dies or never gets ready is reported to them via a file.
  let stopping = false;
  const startFailed = path.join(stateDir, 'server-start-failed.txt');
  const ready = waitReady(baseUrl, child, () => output).catch((e: Error) => {
    if (!stopping) fs.writeFileSync(startFailed, e.message);
  });
  project.provide('e2e', {
    skip: false,
    reason: '',
    baseUrl,
    chromiumPath,
    stateDir,
    dataDir,
    startFailed,
    readyTimeoutMs: READY_TIMEOUT_MS,
  });
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`e2e: the server exited during the run (code ${code}, signal ${signal}):\n${output}`);
  });

  return async () => {
    stopping = true;
    await stopGroup(child);
    await ready;
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(stateDir, { recursive: true, force: true });
  };
}
