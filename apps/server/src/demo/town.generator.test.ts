import { checkRoleSet, parseIdNumber, parsePhone, ROLES, type Role, requiresMfa } from '@fengqiao/domain';
import polygonClipping from 'polygon-clipping';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERNAMES } from './accounts.generator';
import { hasValidOrgCode, isValidCreditCode } from './credit-code';
import { locateGrid, pointInPolygon, polygonAreaKm2, signedArea, toLocal } from './geo.util';
import { MEDIATION_CATEGORIES } from './names.data';
import { DEFAULT_TOWN_SEED, generateTown } from './town.generator';
import type { DemoPerson, DemoPolygon, DemoTown, Position, Team } from './town.types';

const count = <T>(items: readonly T[], pred: (x: T) => boolean) => items.filter(pred).length;
const ring = (p: DemoPolygon): Position[] => p.coordinates[0] ?? [];
const areaKm2 = (polys: Position[][][]) =>
  polys.reduce((s, p) => s + polygonAreaKm2({ type: 'Polygon', coordinates: p }), 0);

function bbox(p: DemoPolygon): [number, number, number, number] {
  const xs = ring(p).map((q) => q[0]);
  const ys = ring(p).map((q) => q[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function expectTiling(town: DemoTown): void {
  const boundaryArea = polygonAreaKm2(town.boundary);
  const sum = town.grids.reduce((s, g) => s + polygonAreaKm2(g.geometry), 0);
  expect(Math.abs(sum - boundaryArea) / boundaryArea).toBeLessThan(0.005);
  let overlap = 0;
  for (let i = 0; i < town.grids.length; i++) {
    for (let j = i + 1; j < town.grids.length; j++) {
      const a = town.grids[i];
      const b = town.grids[j];
      if (!a || !b) continue;
      const [ax0, ay0, ax1, ay1] = bbox(a.geometry);
      const [bx0, by0, bx1, by1] = bbox(b.geometry);
      if (ax1 < bx0 || bx1 < ax0 || ay1 < by0 || by1 < ay0) continue;
      overlap += areaKm2(polygonClipping.intersection(a.geometry.coordinates, b.geometry.coordinates));
    }
  }
  // Shared edges rounded to 0.1 m leave slivers of a few square metres at most.
  expect(overlap).toBeLessThan(boundaryArea * 1e-5);
  const union = polygonClipping.union(town.boundary.coordinates, ...town.grids.map((g) => g.geometry.coordinates));
  expect(Math.abs(areaKm2(union) - boundaryArea) / boundaryArea).toBeLessThan(1e-4);
}

function expectSimpleCcwRing(p: DemoPolygon): void {
  expect(p.type).toBe('Polygon');
  expect(p.coordinates).toHaveLength(1);
  const r = ring(p);
  expect(r.length).toBeGreaterThanOrEqual(4);
  expect(r[0]).toEqual(r[r.length - 1]);
  expect(signedArea(r.map(toLocal))).toBeGreaterThan(0);
}

describe('generateTown', () => {
  let town: DemoTown;
  let ms = 0;
  beforeAll(() => {
    const t = performance.now();
    town = generateTown();
    ms = performance.now() - t;
  });
  const person = (key: string): DemoPerson => {
    const p = town.people.find((x) => x.key === key);
    if (!p) throw new Error(`no person ${key}`);
    return p;
  };
  const staff = () => town.people.filter((p) => p.team !== undefined);

  it('is fast and deterministic: the same seed gives a deep-equal town, another seed a different one', () => {
    expect(ms).toBeLessThan(3000);
    expect(town.seed).toBe(DEFAULT_TOWN_SEED);
    expect(generateTown(DEFAULT_TOWN_SEED)).toEqual(town);
    const other = generateTown(7);
    expect(other.seed).toBe(7);
    expect(other.boundary).not.toEqual(town.boundary);
    expect(other.people.map((p) => p.name)).not.toEqual(town.people.map((p) => p.name));
  });

  it('has the fictional station and an irregular boundary of about 12 km × 9 km', () => {
    expect(town.station).toMatchObject({
      name: '清溪镇派出所',
      nameEn: 'Qingxi Town Police Station',
      regionCode: '131081',
    });
    expect(town.station.center[0]).toBeCloseTo(116.68, 1);
    expect(town.station.center[1]).toBeCloseTo(39.06, 1);
    expect(pointInPolygon(town.station.center, town.boundary)).toBe(true);
    expect(town.station.address).toMatch(/^河北省霸州市清溪镇.+号$/);
    expectSimpleCcwRing(town.boundary);
    const vertices = ring(town.boundary).length - 1;
    expect(vertices).toBeGreaterThanOrEqual(35);
    expect(vertices).toBeLessThanOrEqual(45);
    const local = ring(town.boundary).map(toLocal);
    const width = Math.max(...local.map((p) => p[0])) - Math.min(...local.map((p) => p[0]));
    const height = Math.max(...local.map((p) => p[1])) - Math.min(...local.map((p) => p[1]));
    expect(Math.max(width, height)).toBeGreaterThan(10);
    expect(Math.max(width, height)).toBeLessThan(14);
    expect(Math.min(width, height)).toBeGreaterThan(7);
    expect(Math.min(width, height)).toBeLessThan(11);
    expect(polygonAreaKm2(town.boundary)).toBeGreaterThan(70);
    expect(polygonAreaKm2(town.boundary)).toBeLessThan(100);
  });

  it('has 39 grids of each kind in the planned numbers, urban ones smaller', () => {
    expect(town.grids.map((g) => g.code)).toEqual(
      Array.from({ length: 39 }, (_, i) => `G${String(i + 1).padStart(2, '0')}`),
    );
    const kinds = { urban: 12, suburban: 10, rural: 11, industrial: 6 } as const;
    for (const [kind, n] of Object.entries(kinds)) expect(count(town.grids, (g) => g.kind === kind)).toBe(n);
    for (const g of town.grids) {
      expect(g.name).toMatch(/网格$/);
      expectSimpleCcwRing(g.geometry);
    }
    expect(new Set(town.grids.map((g) => g.name)).size).toBe(39);
    const mean = (kind: string) => {
      const gs = town.grids.filter((g) => g.kind === kind);
      return gs.reduce((s, g) => s + polygonAreaKm2(g.geometry), 0) / gs.length;
    };
    expect(mean('urban')).toBeLessThan(mean('suburban'));
    expect(mean('suburban')).toBeLessThan(mean('rural'));
  });

  it('tiles the boundary with its grids: no overlaps, no gaps', () => {
    expectTiling(town);
  });

  it('places 10 street communities and 32 villages, each in exactly one grid, at least one per grid', () => {
    expect(count(town.communities, (c) => c.kind === 'street')).toBe(10);
    expect(count(town.communities, (c) => c.kind === 'village')).toBe(32);
    expect(new Set(town.communities.map((c) => c.name)).size).toBe(town.communities.length);
    for (const c of town.communities) {
      expect(c.name).toMatch(c.kind === 'street' ? /社区$/ : /村$/);
      const containing = town.grids.filter((g) => pointInPolygon(c.point, g.geometry));
      expect(containing.map((g) => g.code)).toEqual([c.gridCode]);
      expect(containing[0]?.communityKeys).toContain(c.key);
    }
    for (const g of town.grids) {
      expect(g.communityKeys.length).toBeGreaterThanOrEqual(1);
      for (const k of g.communityKeys) expect(town.communities.find((c) => c.key === k)?.gridCode).toBe(g.code);
    }
    const streetGrids = town.communities.filter((c) => c.kind === 'street').map((c) => c.gridCode);
    for (const code of streetGrids) expect(town.grids.find((g) => g.code === code)?.kind).toBe('urban');
  });

  it('staffs the five teams with exactly 115 officers and auxiliaries', () => {
    const sizes: Record<Team, [number, number]> = {
      leadership: [4, 0],
      command_room: [6, 8],
      community: [39, 12],
      case: [14, 8],
      patrol: [8, 16],
    };
    expect(staff()).toHaveLength(115);
    for (const [team, [officers, auxiliaries]] of Object.entries(sizes)) {
      expect(count(staff(), (p) => p.team === team && p.kind === 'officer')).toBe(officers);
      expect(count(staff(), (p) => p.team === team && p.kind === 'auxiliary')).toBe(auxiliaries);
    }
    const leaders = staff().filter((p) => p.team === 'leadership');
    expect(leaders.map((p) => p.title)).toEqual(['所长', '教导员', '副所长', '副所长']);
    const roleOf: Record<Team, { officer: Role; auxiliary: Role }> = {
      leadership: { officer: 'station_leader', auxiliary: 'station_leader' },
      command_room: { officer: 'command_operator', auxiliary: 'command_operator' },
      community: { officer: 'community_officer', auxiliary: 'auxiliary_officer' },
      case: { officer: 'case_officer', auxiliary: 'auxiliary_officer' },
      patrol: { officer: 'patrol_officer', auxiliary: 'auxiliary_officer' },
    };
    for (const p of staff()) {
      if (!p.team || (p.kind !== 'officer' && p.kind !== 'auxiliary')) throw new Error(`odd staff ${p.key}`);
      expect(p.roles).toEqual([roleOf[p.team][p.kind]]);
      expect(p.username).toBeTruthy();
      expect(p.title).toBeTruthy();
      expect(p.badgeNo).toMatch(p.kind === 'officer' ? /^\d{6}$/ : /^F\d{5}$/);
    }
    // The hall clerk is an auxiliary outside the five teams.
    const clerks = town.people.filter((p) => p.roles?.includes('hall_clerk'));
    expect(clerks).toHaveLength(1);
    expect(clerks[0]).toMatchObject({ kind: 'auxiliary', username: 'clerk' });
    expect(clerks[0]?.team).toBeUndefined();
    expect(count(town.people, (p) => p.kind === 'officer')).toBe(71);
    expect(count(town.people, (p) => p.kind === 'auxiliary')).toBe(45);
  });

  it('gives every grid exactly one community officer, and every grid one community auxiliary', () => {
    for (const g of town.grids) {
      const officers = town.people.filter(
        (p) => p.roles?.includes('community_officer') && p.gridCodes.includes(g.code),
      );
      expect(officers).toHaveLength(1);
      expect(officers[0]?.key).toBe(g.officerKey);
      expect(officers[0]?.gridCodes).toEqual([g.code]);
      const aux = town.people.filter(
        (p) => p.team === 'community' && p.kind === 'auxiliary' && p.gridCodes.includes(g.code),
      );
      expect(aux).toHaveLength(1);
    }
    for (const a of staff().filter((p) => p.team === 'community' && p.kind === 'auxiliary')) {
      expect(a.gridCodes.length).toBeGreaterThanOrEqual(3);
      expect(a.gridCodes.length).toBeLessThanOrEqual(4);
    }
  });

  it('has 320 volunteers, 78 grid workers and 60 mediators of each kind', () => {
    const volunteers = town.people.filter((p) => p.kind === 'volunteer');
    expect(volunteers).toHaveLength(320);
    expect(count(volunteers, (v) => v.roles?.includes('volunteer') === true)).toBe(40);
    for (const v of volunteers) {
      const home = town.communities.find((c) => c.key === v.homeCommunityKey);
      expect(home).toBeDefined();
      expect(v.gridCodes).toEqual([home?.gridCode]);
      expect(v.skills?.length).toBeGreaterThanOrEqual(1);
    }
    const workers = town.people.filter((p) => p.kind === 'grid_worker');
    expect(workers).toHaveLength(78);
    for (const g of town.grids) expect(count(workers, (w) => w.gridCodes[0] === g.code)).toBe(2);

    const mediators = town.people.filter((p) => p.kind === 'mediator');
    expect(mediators).toHaveLength(60);
    const kinds = {
      government: 10,
      judge: 4,
      lawyer: 10,
      village_cadre: 24,
      volunteer: 6,
      chamber_of_commerce: 4,
      trade_association: 2,
    };
    for (const [kind, n] of Object.entries(kinds)) expect(count(mediators, (m) => m.mediatorKind === kind)).toBe(n);
    expect(count(mediators, (m) => m.roles?.includes('mediator') === true)).toBe(10);
    const categories: readonly string[] = MEDIATION_CATEGORIES;
    for (const m of mediators) {
      expect(m.mediatorSpecialties?.length).toBeGreaterThanOrEqual(2);
      for (const s of m.mediatorSpecialties ?? []) expect(categories).toContain(s);
    }
    for (const c of MEDIATION_CATEGORIES) expect(mediators.some((m) => m.mediatorSpecialties?.includes(c))).toBe(true);
    for (const m of mediators.filter((x) => x.mediatorKind === 'village_cadre')) {
      expect(town.communities.find((c) => c.key === m.homeCommunityKey)?.gridCode).toBe(m.gridCodes[0]);
    }
  });

  it('gives everyone a unique key, name, valid unique ID number and valid unique mobile', () => {
    const people = town.people;
    expect(people.map((p) => p.key)).toEqual(people.map((_, i) => `P${String(i + 1).padStart(4, '0')}`));
    expect(new Set(people.map((p) => p.name)).size).toBe(people.length);
    expect(new Set(people.map((p) => p.idNumber)).size).toBe(people.length);
    expect(new Set(people.map((p) => p.phone)).size).toBe(people.length);
    for (const p of people) {
      expect(p.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
      const id = parseIdNumber(p.idNumber);
      if (!id.ok) throw new Error(`${p.key} has an invalid ID number ${p.idNumber}`);
      expect(id.id.value).toBe(p.idNumber);
      expect(id.id.gender).toBe(p.gender);
      expect(id.id.birthDate).toBe(p.birthDate);
      const age = 2026 - Number(p.birthDate.slice(0, 4));
      expect(age).toBeGreaterThanOrEqual(18);
      expect(age).toBeLessThanOrEqual(72);
      expect(parsePhone(p.phone)).toEqual({ ok: true, value: p.phone, kind: 'mobile' });
    }
    expect(count(people, (p) => p.idNumber.startsWith('131081')) / people.length).toBeGreaterThan(0.75);
    expect(count(people, (p) => p.gender === 'F')).toBeGreaterThan(people.length * 0.2);
  });

  it('forms 63 units of one officer and 3-8 members from the grid, holding every volunteer once', () => {
    const { units } = town;
    expect(units.map((u) => u.code)).toEqual(
      Array.from({ length: 63 }, (_, i) => `U${String(i + 1).padStart(2, '0')}`),
    );
    const perGrid = town.grids.map((g) => count(units, (u) => u.gridCode === g.code));
    expect(count(perGrid, (n) => n === 2)).toBe(24);
    expect(count(perGrid, (n) => n === 1)).toBe(15);
    const seen = new Set<string>();
    for (const u of units) {
      const grid = town.grids.find((g) => g.code === u.gridCode);
      expect(grid).toBeDefined();
      const leader = person(u.leaderKey);
      expect(leader.kind).toBe('officer');
      expect(leader.gridCodes).toContain(u.gridCode);
      const first = units.find((x) => x.gridCode === u.gridCode) === u;
      if (first) expect(u.leaderKey).toBe(grid?.officerKey);
      else expect(['patrol', 'case']).toContain(leader.team);
      expect(u.members.length).toBeGreaterThanOrEqual(3);
      expect(u.members.length).toBeLessThanOrEqual(8);
      expect(count(u.members, (m) => m.role === 'auxiliary')).toBe(1);
      for (const m of u.members) {
        const p = person(m.personKey);
        expect(p.kind).toBe(m.role);
        expect(p.gridCodes).toContain(u.gridCode);
        expect(seen.has(m.personKey)).toBe(false);
        if (m.role !== 'auxiliary') seen.add(m.personKey);
      }
    }
    for (const v of town.people.filter((p) => p.kind === 'volunteer')) expect(seen.has(v.key)).toBe(true);
    for (const w of town.people.filter((p) => p.kind === 'grid_worker')) expect(seen.has(w.key)).toBe(true);
  });

  it('has the planned places, each inside the boundary and tagged with the grid holding its point', () => {
    const { places } = town;
    const kinds = {
      school: 14,
      business_district: 6,
      enterprise: 400,
      service_hall: 1,
      mediation_centre: 1,
      community_police_office: 8,
    };
    for (const [kind, n] of Object.entries(kinds)) expect(count(places, (p) => p.kind === kind)).toBe(n);
    expect(places).toHaveLength(430);
    const keys = [...places, ...town.communities].map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of [...places, ...town.communities]) {
      expect(pointInPolygon(p.point, town.boundary)).toBe(true);
      expect(p.gridCode).toBe(locateGrid(p.point, town.grids));
    }
    const schools = places.filter((p) => p.kind === 'school');
    expect(schools.map((s) => s.attributes.level).sort()).toEqual([
      ...Array(5).fill('kindergarten'),
      ...Array(3).fill('middle'),
      ...Array(6).fill('primary'),
    ]);
    for (const s of schools) {
      expect(s.attributes.students).toBeGreaterThan(100);
      expect(s.attributes.teachers).toBeGreaterThan(5);
      const gate: Position = [Number(s.attributes.gateLng), Number(s.attributes.gateLat)];
      expect(typeof s.attributes.gateLng).toBe('number');
      expect(locateGrid(gate, town.grids)).toBe(s.gridCode);
    }
    for (const d of places.filter((p) => p.kind === 'business_district')) {
      const grid = town.grids.find((g) => g.code === d.gridCode);
      expect(grid?.kind).toBe('urban');
      if (!d.polygon || !grid) throw new Error(`${d.key} has no polygon`);
      expectSimpleCcwRing(d.polygon);
      for (const v of ring(d.polygon)) expect(pointInPolygon(v, grid.geometry)).toBe(true);
      expect(d.attributes.merchants).toBeGreaterThan(0);
    }
    const enterprises = places.filter((p) => p.kind === 'enterprise');
    expect(new Set(enterprises.map((e) => e.name)).size).toBe(400);
    expect(new Set(enterprises.map((e) => e.attributes.creditCode)).size).toBe(400);
    for (const e of enterprises) {
      const code = String(e.attributes.creditCode);
      expect(isValidCreditCode(code) && hasValidOrgCode(code)).toBe(true);
      expect(code.slice(2, 8)).toBe('131081');
      expect(e.name).toMatch(/有限公司$/);
      expect(e.attributes.employees).toBeGreaterThan(0);
    }
    const industries = new Set(enterprises.map((e) => e.attributes.industry));
    for (const i of ['furniture', 'glass', 'steel_wire', 'garment', 'logistics']) expect(industries).toContain(i);
    expect(
      count(enterprises, (e) => town.grids.find((g) => g.code === e.gridCode)?.kind === 'industrial'),
    ).toBeGreaterThan(150);
  });

  it('has one expressway with an emergency lane, one national road, six main roads and local roads', () => {
    const { roads } = town;
    expect(count(roads, (r) => r.kind === 'expressway')).toBe(1);
    expect(count(roads, (r) => r.kind === 'national')).toBe(1);
    expect(count(roads, (r) => r.kind === 'main')).toBe(6);
    expect(count(roads, (r) => r.kind === 'local')).toBeGreaterThanOrEqual(4);
    expect(roads.find((r) => r.kind === 'expressway')).toMatchObject({ hasEmergencyLane: true, name: '津清高速' });
    expect(new Set(roads.map((r) => r.key)).size).toBe(roads.length);
    for (const r of roads) expect(r.line.length).toBeGreaterThanOrEqual(2);
    // The expressway crosses the town: it enters and leaves the boundary.
    const express = roads.find((r) => r.kind === 'expressway')?.line ?? [];
    const inside = express.map((p) => pointInPolygon(p, town.boundary));
    expect(inside[0]).toBe(false);
    expect(inside[inside.length - 1]).toBe(false);
    expect(inside.some(Boolean)).toBe(true);
  });

  it('has the fixed demo logins mapped to the right people, admins without a person, TOTP where required', () => {
    const acc = (u: string) => {
      const a = town.accounts.find((x) => x.username === u);
      if (!a) throw new Error(`no account ${u}`);
      return a;
    };
    expect(town.accounts.slice(0, DEMO_USERNAMES.length).map((a) => a.username)).toEqual([...DEMO_USERNAMES]);
    expect(person(acc('leader').personKey ?? '').title).toBe('所长');
    expect(acc('leader').roles).toEqual(['station_leader']);
    expect(person(acc('operator').personKey ?? '')).toMatchObject({ team: 'command_room', kind: 'officer' });
    expect(acc('officer').personKey).toBe(town.grids[0]?.officerKey);
    expect(acc('caseofficer').roles).toEqual(['case_officer']);
    expect(acc('patrol').roles).toEqual(['patrol_officer']);
    expect(person(acc('auxiliary').personKey ?? '')).toMatchObject({ kind: 'auxiliary', roles: ['auxiliary_officer'] });
    expect(acc('clerk').roles).toEqual(['hall_clerk']);
    expect(person(acc('mediator').personKey ?? '').kind).toBe('mediator');
    expect(person(acc('volunteer').personKey ?? '').gridCodes).toEqual(['G01']);
    for (const [u, role] of [
      ['sysadmin', 'system_admin'],
      ['secadmin', 'security_admin'],
      ['auditor', 'auditor'],
    ] as const) {
      expect(acc(u)).toMatchObject({ roles: [role] });
      expect(acc(u).personKey).toBeUndefined();
    }

    const usernames = town.accounts.map((a) => a.username);
    expect(new Set(usernames).size).toBe(usernames.length);
    const withLogin = town.people.filter((p) => p.username);
    expect(new Set(withLogin.map((p) => p.username)).size).toBe(withLogin.length);
    // The three administrators and the county bureau's account, which belongs to the county, not the station.
    expect(town.accounts).toHaveLength(withLogin.length + 4);
    expect(acc('county')).toMatchObject({ roles: ['county_leader'], county: true });
    expect(acc('county').personKey).toBeUndefined();
    expect(acc('county').totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    expect(town.county.regionCode).toBe(town.station.regionCode);
    for (const p of withLogin) {
      const a = acc(p.username ?? '');
      expect(a.personKey).toBe(p.key);
      expect(a.roles).toEqual(p.roles);
      expect(a.displayName).toBe(p.name);
    }
    for (const a of town.accounts) {
      expect(a.username).toMatch(/^[a-z][a-z0-9]*$/);
      expect(checkRoleSet(a.roles)).toBeNull();
      for (const r of a.roles) expect(ROLES).toContain(r);
      if (requiresMfa(a.roles)) expect(a.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
      else expect(a.totpSecret).toBeUndefined();
    }
    // Four station leaders, three administrators, the county account.
    expect(new Set(town.accounts.flatMap((a) => (a.totpSecret ? [a.totpSecret] : []))).size).toBe(8);
  });
});

describe.each([1, 42, 2027])('generateTown(%i)', (seed) => {
  it('keeps the counts, the tiling and the grid rules for another seed', () => {
    const town = generateTown(seed);
    expect(town.grids).toHaveLength(39);
    expect(town.units).toHaveLength(63);
    expect(town.people.filter((p) => p.team !== undefined)).toHaveLength(115);
    expect(town.places).toHaveLength(430);
    expectTiling(town);
    for (const g of town.grids) {
      expect(g.communityKeys.length).toBeGreaterThanOrEqual(1);
      expect(
        count(town.people, (p) => p.roles?.includes('community_officer') === true && p.gridCodes.includes(g.code)),
      ).toBe(1);
    }
    for (const p of [...town.places, ...town.communities]) expect(p.gridCode).toBe(locateGrid(p.point, town.grids));
  });
});
