/**
 * Benchmark: one fog nowcast update for a province-sized grid — about
 * 190,000 one-kilometre cells (475 km × 400 km) from 2,000 stations, seven
 * leads (0–120 min every 20 min) — on one core. Target: < 2 s per update.
 * The stations read a generated fog episode, so the work is the real one.
 *
 *   npx tsx bench/nowcast.ts [--stations N] [--reps N]
 *
 * Human-readable lines first; the last line is one JSON object for tooling.
 */

import { generateEpisode, nowcast, truthLn } from '@fengqiao/domain';

const args = process.argv.slice(2);
function intArg(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : Number.NaN;
  return Number.isInteger(v) && v > 0 ? v : fallback;
}
const STATIONS = intArg('stations', 2000);
const REPS = intArg('reps', 5);
const LEADS = [0, 20, 40, 60, 80, 100, 120];

const episode = generateEpisode('bench-province', { widthKm: 475, heightKm: 400, stations: STATIONS });
const stations = episode.stations.map((s) => ({
  x: s.x,
  y: s.y,
  visibilityM: Math.exp(truthLn(episode, s.x, s.y, 0)),
  pastVisibilityM: Math.exp(truthLn(episode, s.x, s.y, -30)),
  windU: episode.windU,
  windV: episode.windV,
}));
const cells = episode.grid.nx * episode.grid.ny;

const times: number[] = [];
let under200 = 0;
for (let r = 0; r < REPS + 1; r++) {
  const t0 = performance.now();
  const result = nowcast(episode.grid, stations, { leadsMin: LEADS });
  const ms = performance.now() - t0;
  if (r > 0) times.push(ms); // the first run warms the JIT
  under200 = 0;
  for (const v of result.minField) if (v < 200) under200++;
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? 0;
const max = times[times.length - 1] ?? 0;
console.log(
  `grid ${episode.grid.nx} × ${episode.grid.ny} = ${cells} cells, ${STATIONS} stations, ${LEADS.length} leads`,
);
console.log(`update: median ${median.toFixed(0)} ms, worst ${max.toFixed(0)} ms over ${REPS} runs (target < 2000 ms)`);
console.log(`cells forecast under 200 m at some lead: ${under200}`);
console.log(
  JSON.stringify({
    bench: 'nowcast',
    cells,
    stations: STATIONS,
    leads: LEADS.length,
    medianMs: Math.round(median),
    maxMs: Math.round(max),
    targetMs: 2000,
    ok: max < 2000,
  }),
);
