import { createRng } from '@fengqiao/domain';
import { generateAccounts } from './accounts.generator';
import { polygonAreaKm2, toDemoPolygon, toLngLat } from './geo.util';
import { generateGeography } from './geography.generator';
import { generatePeople } from './people.generator';
import { communityPlaces, generatePlaces } from './places.generator';
import type { DemoGrid, DemoRoad, DemoTown } from './town.types';
import { generateUnits, planUnitCounts } from './units.generator';

export const DEFAULT_TOWN_SEED = 20261128;

/**
 * The fictional town of Qingxi (清溪镇), shaped like the source article's
 * Shengfang: one station, 39 grids, 63 units, 115 officers and auxiliaries.
 * Pure and deterministic: each part draws from its own fork of the seed, so
 * the same seed always yields a deep-equal town.
 */
export function generateTown(seed: number = DEFAULT_TOWN_SEED): DemoTown {
  const root = createRng(seed);
  const geo = generateGeography(root.fork('geography'));
  const unitCounts = planUnitCounts(geo.grids, geo.communities);
  const people = generatePeople(root.fork('people'), geo.grids, geo.communities, unitCounts);
  const units = generateUnits(geo.grids, unitCounts, people);

  const grids: DemoGrid[] = geo.grids.map((g) => {
    const officer = people.find((p) => p.roles?.includes('community_officer') && p.gridCodes.includes(g.code));
    if (!officer) throw new Error(`grid ${g.code} has no community officer`);
    const geometry = toDemoPolygon(g.ring);
    return {
      code: g.code,
      name: g.name,
      kind: g.kind,
      geometry,
      communityKeys: [...g.communityKeys],
      officerKey: officer.key,
      areaKm2: Math.round(polygonAreaKm2(geometry) * 1000) / 1000,
    };
  });
  const { station, places } = generatePlaces(root.fork('places'), geo, grids);
  const roads: DemoRoad[] = geo.roads.map((r) => ({ ...r, line: r.line.map(toLngLat) }));

  return {
    seed,
    county: {
      code: `${station.regionCode}000000`,
      name: '云川县公安局',
      nameEn: 'Yunchuan County Public Security Bureau',
      regionCode: station.regionCode,
    },
    station,
    boundary: toDemoPolygon(geo.boundary),
    communities: communityPlaces(geo, grids),
    grids,
    units,
    people,
    places,
    roads,
    accounts: generateAccounts(root.fork('accounts'), people),
  };
}
