/** Small statistics and process helpers shared by the benchmarks. */

import fs from 'node:fs';

const CLOCK_TICKS = 100;
const readFile = (p: string): string => fs.readFileSync(p, 'utf8');

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least p% of the samples at or below it.
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1] as number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export function round(x: number, digits = 1): number {
  if (!Number.isFinite(x)) return x;
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

/** Command-line flags: `--name value`, `--flag`. */
export class Args {
  private readonly argv: string[];
  constructor(argv = process.argv.slice(2)) {
    this.argv = argv;
  }
  has(name: string): boolean {
    return this.argv.includes(`--${name}`);
  }
  str(name: string, fallback: string): string {
    const i = this.argv.indexOf(`--${name}`);
    const v = i >= 0 ? this.argv[i + 1] : undefined;
    return v !== undefined && !v.startsWith('--') ? v : fallback;
  }
  num(name: string, fallback: number): number {
    const v = Number(this.str(name, ''));
    return Number.isFinite(v) && v > 0 ? v : fallback;
  }
  list(name: string, fallback: string[]): string[] {
    const v = this.str(name, '');
    return v ? v.split(',').map((s) => s.trim()) : fallback;
  }
}

/** CPU seconds (user + system) of a process from /proc; null where /proc is unavailable. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFile(`/proc/${pid}/stat`);
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    return (utime + stime) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores) from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } | null {
  try {
    const line = readFile('/proc/stat').split('\n')[0] ?? '';
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.reduce((s, n) => s + n, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS };
  } catch {
    return null;
  }
}
