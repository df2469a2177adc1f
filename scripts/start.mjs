#!/usr/bin/env node
// `npm start`: builds the web UI when it is missing or older than its sources,
// then runs the server (API + UI on one port, embedded PGlite in ./data, the
// demo town loaded on first start). Uses only Node built-ins, so it works
// before anything else is set up.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

if (!fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
  console.log('Installing dependencies (npm ci)…');
  const r = spawnSync(npm, ['ci'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const web = path.join(root, 'apps', 'web');
const built = path.join(web, 'dist', 'index.html');
const sources = Math.max(
  newest(path.join(web, 'src')),
  newest(path.join(root, 'packages', 'contracts', 'src')),
  fs.existsSync(path.join(web, 'index.html')) ? fs.statSync(path.join(web, 'index.html')).mtimeMs : 0,
);
if (!process.argv.includes('--no-build') && (!fs.existsSync(built) || fs.statSync(built).mtimeMs < sources)) {
  console.log('Building the web UI…');
  const r = spawnSync(npm, ['run', 'build', '-w', 'apps/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
