#!/usr/bin/env node
// `npm test`: type-check and lint, then every Vitest project — unit,
// integration on PGlite and on PostgreSQL (TEST_DATABASE_URL; skipped with a
// visible line when unset, a failure under CI=true), and browser tests
// (Debian chromium; same rule). Extra arguments go to Vitest.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args) => {
  console.log(`\n▶ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const extra = process.argv.slice(2);
if (extra.length === 0) run(npm, ['run', 'check']);
if (!process.env.TEST_DATABASE_URL) {
  console.log('\nNOTE: TEST_DATABASE_URL is not set — the PostgreSQL integration suite will be SKIPPED.');
  console.log('      e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test\n');
}
run(npm, ['exec', '--', 'vitest', 'run', ...extra]);
