import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  logFile: string;
  kill9(): void;
  stop(): Promise<void>;
}

/** Starts `apps/server/src/main.ts` as its own process (one node process, so SIGKILL hits the server itself). */
export async function startServerProcess(
  env: Record<string, string>,
  logFile: string,
  readyTimeoutMs = 120_000,
): Promise<ServerProcess> {
  const port = await freePort();
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', JOBS_POLL_MS: '200', ...env },
    stdio: ['ignore', out, out],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  for (;;) {
    if (exited !== null) throw new Error(`server exited with ${exited}; see ${logFile}`);
    try {
      const r = await fetch(`${url}/api/ready`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready within ${readyTimeoutMs} ms; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const waitExit = () =>
    new Promise<void>((resolve) => {
      if (exited !== null || child.exitCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
  return {
    url,
    child,
    logFile,
    kill9: () => child.kill('SIGKILL'),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await waitExit();
    },
  };
}

/** A tiny cookie-keeping HTTP client for process tests. */
export class Client {
  cookie = '';
  constructor(readonly base: string) {}
  async req(
    method: string,
    url: string,
    body?: unknown,
  ): Promise<{ status: number; json: () => unknown; text: string }> {
    const res = await fetch(this.base + url, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('fq_session='));
    if (set) this.cookie = set.split(';')[0] ?? '';
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) };
  }
}
