#!/usr/bin/env node
// Runs one benchmark: `npm run bench -- <name> [args...]` → `npx tsx bench/<name>.ts [args...]`.
// Without a known name it lists the benchmarks there are.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');
const [name, ...rest] = process.argv.slice(2);

const available = () =>
  readdirSync(benchDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -3))
    .sort();

// Names only, so "../something" cannot run a file outside bench/.
if (!name || !/^[\w-]+$/.test(name) || !existsSync(join(benchDir, `${name}.ts`))) {
  if (name) console.error(`No benchmark named "${name}".`);
  console.error(`Usage: npm run bench -- <name> [args...]\nAvailable: ${available().join(', ') || '(none)'}`);
  process.exit(name ? 1 : 2);
}

const child = spawn('npx', ['tsx', join('bench', `${name}.ts`), ...rest], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
child.on('error', (err) => {
  console.error(`Could not start tsx: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  // A benchmark killed by a signal still counts as a failure.
  process.exit(code ?? (signal ? 1 : 0));
});
