import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { freePort, REPO_ROOT } from '../../apps/server/test/server-process';

export interface BenchServer {
  url: string;
  child: ChildProcess;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `apps/server/src/main.ts` as its own process, like the test helper
 * `startServerProcess`, with two additions for benchmarking: another
 * checkout as root (A/B runs of a patched server against this one) and extra
 * node flags (e.g. --cpu-prof).
 */
export async function startBenchServer(o: {
  env: Record<string, string>;
  logFile: string;
  root?: string;
  nodeArgs?: string[];
  readyTimeoutMs?: number;
}): Promise<BenchServer> {
  const port = await freePort();
  const out = fs.openSync(o.logFile, 'a');
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), '--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: o.root ?? REPO_ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...o.env },
    stdio: ['ignore', out, out],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (o.readyTimeoutMs ?? 600_000);
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  for (;;) {
    if (exited !== null) throw new Error(`server exited with ${exited}; see ${o.logFile}`);
    try {
      const r = await fetch(`${url}/api/ready`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready in time; see ${o.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const exitedP = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    url,
    child,
    pid: child.pid ?? 0,
    // SIGTERM for a clean shutdown (flushes --cpu-prof); SIGKILL if it hangs (a deadlocked pool never drains).
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exitedP;
      clearTimeout(t);
    },
  };
}
