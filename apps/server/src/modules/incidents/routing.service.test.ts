import { describe, expect, it } from 'vitest';
import type { GridLookupService, GridRow, UnitRow } from '../geo';
import type { PersonnelService } from '../personnel';
import { RoutingService } from './routing.service';

const grid = {
  id: 'g1',
  station_id: 's1',
  code: 'G01',
  name: '一网格',
  kind: 'urban',
  officer_person_id: 'p-officer',
} as GridRow;

const unit = (id: string): UnitRow => ({
  id,
  station_id: 's1',
  grid_id: 'g1',
  code: id,
  name: `巡逻组 ${id}`,
  leader_person_id: 'p-leader',
  members: [],
});

/** Routing with a unit read the test controls: each call takes the next answer. */
function setup(recheckMs: number) {
  const answers: Promise<UnitRow[]>[] = [];
  let reads = 0;
  const lookup = { lookup: async () => ({ point: [116.4, 39.9], grid }) } as unknown as GridLookupService;
  const personnel = { refs: async () => new Map() } as unknown as PersonnelService;
  const routing = new RoutingService(
    lookup,
    personnel,
    () => {
      reads += 1;
      return answers.shift() ?? Promise.resolve([]);
    },
    recheckMs,
  );
  const patrolUnit = async () =>
    (await routing.route('s1', 'patrol', { lng: 116.4, lat: 39.9, crs: 'WGS84' })).view.unit?.id ?? null;
  return { answers, reads: () => reads, patrolUnit };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('RoutingService grid cache', () => {
  it('answers from the known routing while a stale grid is read again, then uses what was read', async () => {
    const { answers, reads, patrolUnit } = setup(20);
    answers.push(Promise.resolve([unit('U1')]));
    expect(await patrolUnit()).toBe('U1');
    await tick(30);
    let release: (u: UnitRow[]) => void = () => {};
    answers.push(new Promise((r) => (release = r)));
    // Stale: answered at once from what is known, while one re-read is pending.
    expect(await patrolUnit()).toBe('U1');
    expect(await patrolUnit()).toBe('U1');
    expect(reads()).toBe(2);
    release([unit('U2')]);
    await tick();
    expect(await patrolUnit()).toBe('U2');
    expect(reads()).toBe(2);
  });

  it('keeps the known routing when the re-read fails', async () => {
    const { answers, reads, patrolUnit } = setup(20);
    answers.push(Promise.resolve([unit('U1')]));
    expect(await patrolUnit()).toBe('U1');
    await tick(30);
    answers.push(Promise.reject(new Error('database gone')));
    expect(await patrolUnit()).toBe('U1');
    await tick();
    expect(await patrolUnit()).toBe('U1');
    // Tried again once the entry is stale again.
    await tick(30);
    answers.push(Promise.resolve([unit('U3')]));
    expect(await patrolUnit()).toBe('U1');
    await tick();
    expect(await patrolUnit()).toBe('U3');
    expect(reads()).toBe(3);
  });

  it('waits for the first read of a grid', async () => {
    const { answers, patrolUnit } = setup(20);
    let release: (u: UnitRow[]) => void = () => {};
    answers.push(new Promise((r) => (release = r)));
    const first = patrolUnit();
    await tick(5);
    release([unit('U1')]);
    expect(await first).toBe('U1');
  });
});
