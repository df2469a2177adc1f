/**
 * Prints a summary of the demo town: `npx tsx apps/server/src/demo/print-town.ts [seed]`.
 * Writes to stdout directly because the lint rules keep console.log out of app code.
 */
import { DEMO_USERNAMES } from './accounts.generator';
import { polygonAreaKm2 } from './geo.util';
import { DEFAULT_TOWN_SEED, generateTown } from './town.generator';

function tally<T>(items: readonly T[], key: (x: T) => string | undefined): string {
  const counts = new Map<string, number>();
  for (const x of items) {
    const k = key(x) ?? '(none)';
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} ${n}`).join(', ');
}

const seedArg = process.argv[2];
const seed = seedArg === undefined ? DEFAULT_TOWN_SEED : Number(seedArg);
const started = performance.now();
const town = generateTown(seed);
const elapsed = performance.now() - started;

const areaBy = (kind: string) => {
  const grids = town.grids.filter((g) => g.kind === kind);
  const total = grids.reduce((s, g) => s + polygonAreaKm2(g.geometry), 0);
  return `${kind} ${grids.length} (mean ${(total / grids.length).toFixed(2)} km²)`;
};
const enterprises = town.places.filter((p) => p.kind === 'enterprise');
const staff = town.people.filter((p) => p.team !== undefined);
const lines = [
  `Demo town, seed ${town.seed}, generated in ${elapsed.toFixed(0)} ms`,
  `Station: ${town.station.name} (${town.station.nameEn}) at ${town.station.center.join(', ')}, ${town.station.address}`,
  `Boundary: ${(town.boundary.coordinates[0]?.length ?? 1) - 1} vertices, ${polygonAreaKm2(town.boundary).toFixed(2)} km²`,
  `Grids: ${town.grids.length}: ${['urban', 'suburban', 'industrial', 'rural'].map(areaBy).join(', ')}`,
  `Communities: ${town.communities.length}: ${tally(town.communities, (c) => c.kind)}`,
  `Units: ${town.units.length}, members ${town.units.reduce((s, u) => s + u.members.length, 0)}, per grid: ${tally(
    town.grids,
    (g) => `${town.units.filter((u) => u.gridCode === g.code).length} unit(s)`,
  )}`,
  `People: ${town.people.length}: ${tally(town.people, (p) => p.kind)}`,
  `Teams (${staff.length}): ${tally(staff, (p) => `${p.team}/${p.kind}`)}`,
  `Mediators: ${tally(
    town.people.filter((p) => p.kind === 'mediator'),
    (p) => p.mediatorKind,
  )}`,
  `Places: ${town.places.length}: ${tally(town.places, (p) => p.kind)}`,
  `Schools: ${tally(
    town.places.filter((p) => p.kind === 'school'),
    (p) => String(p.attributes.level),
  )}`,
  `Enterprises: ${tally(enterprises, (p) => String(p.attributes.industry))}; employees ${enterprises.reduce(
    (s, e) => s + Number(e.attributes.employees),
    0,
  )}`,
  `Roads: ${town.roads.length}: ${tally(town.roads, (r) => r.kind)}`,
  `Accounts: ${town.accounts.length}: ${tally(town.accounts, (a) => a.roles.join('+'))}`,
  `Demo logins: ${DEMO_USERNAMES.join(', ')}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
