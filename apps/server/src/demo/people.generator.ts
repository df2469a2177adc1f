import type { Rng, Role } from '@fengqiao/domain';
import type { CommunitySite, GridShape } from './geography.generator';
import { createIdentityFactory, type IdentityOptions } from './identity.generator';
import { MEDIATION_CATEGORIES, type MediationCategory, VOLUNTEER_OCCUPATIONS, VOLUNTEER_SKILLS } from './names.data';
import type { DemoPerson, GridKind, MediatorKind, Team } from './town.types';
import { volunteerRange } from './units.generator';

/** "一室三队" plus the leadership: 115 officers and auxiliaries in all. */
export const TEAM_SIZES: Readonly<Record<Team, { officers: number; auxiliaries: number }>> = {
  leadership: { officers: 4, auxiliaries: 0 },
  command_room: { officers: 6, auxiliaries: 8 },
  community: { officers: 39, auxiliaries: 12 },
  case: { officers: 14, auxiliaries: 8 },
  patrol: { officers: 8, auxiliaries: 16 },
};
export const VOLUNTEER_COUNT = 320;
export const VOLUNTEER_ACCOUNT_COUNT = 40;
export const GRID_WORKERS_PER_GRID = 2;
export const MEDIATOR_COUNTS: Readonly<Record<MediatorKind, number>> = {
  government: 10,
  judge: 4,
  lawyer: 10,
  village_cadre: 24,
  volunteer: 6,
  chamber_of_commerce: 4,
  trade_association: 2,
};
export const MEDIATOR_ACCOUNT_COUNT = 10;

/** Usernames of the fixed demo logins that belong to a person (the admins have none). */
export const DEMO_PERSON_USERNAMES = [
  'leader',
  'operator',
  'officer',
  'caseofficer',
  'patrol',
  'auxiliary',
  'clerk',
  'mediator',
  'volunteer',
] as const;

/** Which categories of dispute each kind of mediator tends to take. */
const SPECIALTY_AFFINITY: Readonly<Record<MediatorKind, readonly MediationCategory[]>> = {
  government: [
    'land_acquisition',
    'environment',
    'labour',
    'property_management',
    'neighbour',
    'housing_homestead',
    'other',
  ],
  judge: ['marriage_family', 'contract', 'damages', 'land_forest', 'road_traffic', 'labour'],
  lawyer: [
    'contract',
    'labour',
    'damages',
    'production_business',
    'consumer',
    'medical',
    'road_traffic',
    'property_management',
  ],
  village_cadre: ['neighbour', 'housing_homestead', 'land_forest', 'marriage_family', 'land_acquisition', 'other'],
  volunteer: ['neighbour', 'marriage_family', 'consumer', 'other'],
  chamber_of_commerce: ['contract', 'production_business', 'labour', 'consumer'],
  trade_association: ['production_business', 'contract', 'labour', 'consumer'],
};

const VOLUNTEER_WEIGHT: Readonly<Record<GridKind, number>> = { urban: 3, industrial: 2, suburban: 1.5, rural: 1 };

interface Context {
  rng: Rng;
  identity: ReturnType<typeof createIdentityFactory>;
  people: DemoPerson[];
  officerBadges: number;
  auxiliaryBadges: number;
}

function add(ctx: Context, person: Omit<DemoPerson, 'key'>): DemoPerson {
  const p: DemoPerson = { key: `P${String(ctx.people.length + 1).padStart(4, '0')}`, ...person };
  ctx.people.push(p);
  return p;
}

interface StaffSpec {
  team: Team | undefined;
  title: string;
  roles: Role[];
  age: [number, number];
  gridCodes?: string[];
  username?: string;
  concurrentPost?: string;
  maleShare?: number;
}

function officer(ctx: Context, s: StaffSpec): DemoPerson {
  const id = ctx.identity({ minAge: s.age[0], maxAge: s.age[1], maleShare: s.maleShare ?? 0.85 });
  ctx.officerBadges++;
  const badgeNo = `131${String(ctx.officerBadges).padStart(3, '0')}`;
  return add(ctx, {
    kind: 'officer',
    ...id,
    ...(s.team ? { team: s.team } : {}),
    title: s.title,
    badgeNo,
    gridCodes: s.gridCodes ?? [],
    username: s.username ?? `p${badgeNo}`,
    roles: s.roles,
    ...(s.concurrentPost ? { concurrentPost: s.concurrentPost } : {}),
  });
}

function auxiliary(ctx: Context, s: StaffSpec): DemoPerson {
  const id = ctx.identity({ minAge: s.age[0], maxAge: s.age[1], maleShare: s.maleShare ?? 0.75 });
  ctx.auxiliaryBadges++;
  const badgeNo = `F2${String(ctx.auxiliaryBadges).padStart(4, '0')}`;
  return add(ctx, {
    kind: 'auxiliary',
    ...id,
    ...(s.team ? { team: s.team } : {}),
    title: s.title,
    badgeNo,
    gridCodes: s.gridCodes ?? [],
    username: s.username ?? badgeNo.toLowerCase(),
    roles: s.roles,
  });
}

/** Splits `items` into consecutive chunks of the given sizes. */
function chunks<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const out: T[][] = [];
  let at = 0;
  for (const n of sizes) {
    out.push(items.slice(at, at + n));
    at += n;
  }
  return out;
}

function makeStaff(
  ctx: Context,
  grids: readonly GridShape[],
  communities: readonly CommunitySite[],
  secondUnitGrids: readonly string[],
): void {
  const codes = grids.map((g) => g.code);
  const leader: Role[] = ['station_leader'];
  officer(ctx, { team: 'leadership', title: '所长', roles: leader, age: [44, 54], username: 'leader' });
  officer(ctx, { team: 'leadership', title: '教导员', roles: leader, age: [42, 54] });
  officer(ctx, { team: 'leadership', title: '副所长', roles: leader, age: [36, 50] });
  officer(ctx, { team: 'leadership', title: '副所长', roles: leader, age: [36, 50], maleShare: 0.6 });

  const command: Role[] = ['command_operator'];
  const commandTitles = ['综合指挥室主任', '综合指挥室副主任', '指挥室民警', '指挥室民警', '指挥室民警', '指挥室民警'];
  commandTitles.forEach((title, i) => {
    officer(ctx, {
      team: 'command_room',
      title,
      roles: command,
      age: i < 2 ? [35, 50] : [26, 45],
      maleShare: 0.7,
      ...(i === 2 ? { username: 'operator' } : {}),
    });
  });
  for (let i = 0; i < TEAM_SIZES.command_room.auxiliaries; i++) {
    auxiliary(ctx, { team: 'command_room', title: '指挥室辅警', roles: command, age: [21, 40], maleShare: 0.45 });
  }

  grids.forEach((g, i) => {
    // Community officers double as deputy party secretaries of a village or community in their grid.
    const c = communities.find((x) => x.gridCode === g.code);
    const post = c ? `${c.name}${c.kind === 'village' ? '党支部' : '党委'}副书记` : undefined;
    officer(ctx, {
      team: 'community',
      title: i === 0 ? '社区警务队队长' : '社区民警',
      roles: ['community_officer'],
      age: [28, 55],
      gridCodes: [g.code],
      ...(i === 0 ? { username: 'officer' } : {}),
      ...(post ? { concurrentPost: post } : {}),
    });
  });
  // 12 community auxiliaries cover the 39 grids: three with four grids, nine with three.
  chunks(codes, [4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3]).forEach((gridCodes, i) => {
    auxiliary(ctx, {
      team: 'community',
      title: '社区辅警',
      roles: ['auxiliary_officer'],
      age: [22, 45],
      gridCodes,
      ...(i === 0 ? { username: 'auxiliary' } : {}),
    });
  });

  // Second units: each patrol officer leads two, eight case officers lead one.
  const patrolShare = chunks(secondUnitGrids, [2, 2, 2, 2, 2, 2, 2, 2]);
  const caseShare = chunks(secondUnitGrids.slice(16), [1, 1, 1, 1, 1, 1, 1, 1]);
  for (let i = 0; i < TEAM_SIZES.case.officers; i++) {
    const title = i === 0 ? '案件办理队队长' : i === 1 ? '案件办理队副队长' : '办案民警';
    officer(ctx, {
      team: 'case',
      title,
      roles: ['case_officer'],
      age: i < 2 ? [34, 50] : [26, 48],
      gridCodes: i >= 2 ? (caseShare[i - 2] ?? []) : [],
      ...(i === 2 ? { username: 'caseofficer' } : {}),
    });
  }
  // Case auxiliaries assist with files and custody across the station, so they hold no grid.
  for (let i = 0; i < TEAM_SIZES.case.auxiliaries; i++) {
    auxiliary(ctx, { team: 'case', title: '案件辅警', roles: ['auxiliary_officer'], age: [22, 42] });
  }
  for (let i = 0; i < TEAM_SIZES.patrol.officers; i++) {
    officer(ctx, {
      team: 'patrol',
      title: i === 0 ? '治安巡逻队队长' : '巡逻民警',
      roles: ['patrol_officer'],
      age: i === 0 ? [34, 48] : [24, 45],
      maleShare: 0.95,
      gridCodes: patrolShare[i] ?? [],
      ...(i === 1 ? { username: 'patrol' } : {}),
    });
  }
  // Patrol auxiliaries staff the second units: eight of them serve two grids, eight one.
  const patrolAux = chunks(secondUnitGrids, [2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1]);
  for (let i = 0; i < TEAM_SIZES.patrol.auxiliaries; i++) {
    auxiliary(ctx, {
      team: 'patrol',
      title: '巡逻辅警',
      roles: ['auxiliary_officer'],
      age: [21, 40],
      maleShare: 0.9,
      gridCodes: patrolAux[i] ?? [],
    });
  }
}

function pickCommunity(rng: Rng, communities: readonly CommunitySite[], gridCode: string): CommunitySite {
  const inGrid = communities.filter((c) => c.gridCode === gridCode);
  return rng.weighted(inGrid.map((c) => [c, c.population] as const));
}

function makeGridWorkers(ctx: Context, grids: readonly GridShape[], communities: readonly CommunitySite[]): void {
  for (const g of grids) {
    for (let i = 0; i < GRID_WORKERS_PER_GRID; i++) {
      add(ctx, {
        kind: 'grid_worker',
        ...ctx.identity({ minAge: 25, maxAge: 55, maleShare: 0.45 }),
        title: '网格员',
        gridCodes: [g.code],
        homeCommunityKey: pickCommunity(ctx.rng, communities, g.code).key,
      });
    }
  }
}

/** Every volunteer joins a unit of the grid they live in, so each grid gets what its units can hold. */
function allocateVolunteers(
  rng: Rng,
  grids: readonly GridShape[],
  unitCounts: ReadonlyMap<string, 1 | 2>,
): Map<string, number> {
  const range = (g: GridShape) => volunteerRange(unitCounts.get(g.code) ?? 1);
  const counts = new Map(grids.map((g) => [g.code, range(g).min]));
  let remaining = VOLUNTEER_COUNT - [...counts.values()].reduce((s, n) => s + n, 0);
  while (remaining > 0) {
    const open = grids.filter((g) => (counts.get(g.code) ?? 0) < range(g).max);
    if (open.length === 0) throw new Error('units cannot hold every volunteer');
    const g = rng.weighted(open.map((x) => [x, VOLUNTEER_WEIGHT[x.kind]] as const));
    counts.set(g.code, (counts.get(g.code) ?? 0) + 1);
    remaining--;
  }
  return counts;
}

function distinctWeighted(rng: Rng, items: readonly (readonly [string, number])[], n: number): string[] {
  const out: string[] = [];
  while (out.length < n) {
    const s = rng.weighted(items.filter(([x]) => !out.includes(x)));
    out.push(s);
  }
  return out;
}

function makeVolunteers(
  ctx: Context,
  grids: readonly GridShape[],
  communities: readonly CommunitySite[],
  unitCounts: ReadonlyMap<string, 1 | 2>,
): void {
  const counts = allocateVolunteers(ctx.rng, grids, unitCounts);
  let n = 0;
  for (const g of grids) {
    const count = counts.get(g.code) ?? 0;
    for (let i = 0; i < count; i++) {
      n++;
      // One squad leader per grid has an account, and so does the fixed demo volunteer in G01.
      const squadLeader = i === 0;
      const demo = g === grids[0] && i === 1;
      add(ctx, {
        kind: 'volunteer',
        ...ctx.identity({ minAge: 19, maxAge: 66, maleShare: 0.72 }),
        title: squadLeader ? '义警分队长' : '义警队员',
        gridCodes: [g.code],
        homeCommunityKey: pickCommunity(ctx.rng, communities, g.code).key,
        skills: distinctWeighted(ctx.rng, VOLUNTEER_SKILLS, ctx.rng.int(1, 3)),
        occupation: ctx.rng.weighted(VOLUNTEER_OCCUPATIONS),
        ...(squadLeader || demo
          ? { username: demo ? 'volunteer' : `v${String(n).padStart(4, '0')}`, roles: ['volunteer'] as Role[] }
          : {}),
      });
    }
  }
}

const MEDIATOR_AGES: Readonly<Record<MediatorKind, [number, number]>> = {
  government: [30, 58],
  judge: [32, 56],
  lawyer: [28, 60],
  village_cadre: [38, 64],
  volunteer: [56, 72],
  chamber_of_commerce: [40, 62],
  trade_association: [40, 62],
};

const LAW_FIRMS = ['河北清正律师事务所', '清溪明理律师事务所', '津清公道律师事务所'] as const;

function mediatorTitle(kind: MediatorKind, i: number, community: CommunitySite | undefined): string {
  switch (kind) {
    case 'government':
      return i === 0
        ? '清溪镇司法所所长'
        : (['清溪镇司法所调解员', '清溪镇综治中心干部', '清溪镇信访办干部'][i % 3] ?? '');
    case 'judge':
      return i === 0 ? '清溪人民法庭庭长' : '清溪人民法庭法官';
    case 'lawyer':
      return `${LAW_FIRMS[i % LAW_FIRMS.length]}律师`;
    case 'village_cadre':
      if (!community) return '村干部';
      if (community.kind === 'street') return `${community.name}居委会主任`;
      return `${community.name}${i % 2 === 0 ? '党支部书记' : '村委会主任'}`;
    case 'volunteer':
      return '志愿调解员';
    case 'chamber_of_commerce':
      return '和畅商企调解工作室调解员（清溪镇商会）';
    case 'trade_association':
      return i === 0 ? '清溪镇家具行业协会调解员' : '清溪镇玻璃行业协会调解员';
  }
}

function makeMediators(ctx: Context, grids: readonly GridShape[], communities: readonly CommunitySite[]): void {
  const { rng } = ctx;
  const g01Community = communities.find((c) => c.gridCode === grids[0]?.code);
  // Cadres of G01's community first (the demo mediator), then mostly villages.
  const others = communities.filter((c) => c !== g01Community);
  const cadreCommunities = [
    ...(g01Community ? [g01Community] : []),
    ...rng.shuffle(others.filter((c) => c.kind === 'village')),
    ...rng.shuffle(others.filter((c) => c.kind === 'street')),
  ].slice(0, MEDIATOR_COUNTS.village_cadre);
  // Who gets an account: the demo mediator plus nine from the kinds that take most cases.
  const accountQuota: Partial<Record<MediatorKind, number>> = {
    government: 3,
    lawyer: 2,
    village_cadre: 3,
    chamber_of_commerce: 1,
    volunteer: 1,
  };
  const made: DemoPerson[] = [];
  let accounts = 0;
  for (const kind of Object.keys(MEDIATOR_COUNTS) as MediatorKind[]) {
    for (let i = 0; i < MEDIATOR_COUNTS[kind]; i++) {
      const community = kind === 'village_cadre' ? cadreCommunities[i] : undefined;
      const specialties = rng.shuffle(SPECIALTY_AFFINITY[kind]).slice(0, rng.int(2, 4));
      const withAccount = i < (accountQuota[kind] ?? 0);
      const demo = kind === 'village_cadre' && i === 0;
      if (withAccount && !demo) accounts++;
      const options: IdentityOptions = {
        minAge: MEDIATOR_AGES[kind][0],
        maxAge: MEDIATOR_AGES[kind][1],
        maleShare: kind === 'volunteer' ? 0.5 : 0.68,
      };
      made.push(
        add(ctx, {
          kind: 'mediator',
          ...ctx.identity(options),
          title: mediatorTitle(kind, i, community),
          gridCodes: community ? [community.gridCode] : [],
          mediatorKind: kind,
          mediatorSpecialties: specialties,
          ...(community ? { homeCommunityKey: community.key } : {}),
          ...(kind === 'volunteer' ? { occupation: rng.pick(['退休教师', '退休干部', '老党员', '退休法官']) } : {}),
          ...(withAccount
            ? { username: demo ? 'mediator' : `m${String(accounts).padStart(4, '0')}`, roles: ['mediator'] as Role[] }
            : {}),
        }),
      );
    }
  }
  // Every category of dispute must have someone to take it.
  for (const category of MEDIATION_CATEGORIES) {
    if (made.some((m) => m.mediatorSpecialties?.includes(category))) continue;
    const fit = made.find((m) => m.mediatorKind && SPECIALTY_AFFINITY[m.mediatorKind].includes(category));
    fit?.mediatorSpecialties?.push(category);
  }
}

/**
 * Everyone in the town's public-safety network, keyed P0001…: the 115 staff of
 * the five teams, the hall clerk, grid workers, volunteers and mediators.
 */
export function generatePeople(
  rng: Rng,
  grids: readonly GridShape[],
  communities: readonly CommunitySite[],
  unitCounts: ReadonlyMap<string, 1 | 2>,
): DemoPerson[] {
  const ctx: Context = {
    rng: rng.fork('details'),
    identity: createIdentityFactory(rng.fork('identity')),
    people: [],
    officerBadges: 0,
    auxiliaryBadges: 0,
  };
  const secondUnitGrids = grids.filter((g) => unitCounts.get(g.code) === 2).map((g) => g.code);
  makeStaff(ctx, grids, communities, secondUnitGrids);
  // The service-hall clerk is an auxiliary outside the five teams, so the teams stay at exactly 115.
  auxiliary(ctx, {
    team: undefined,
    title: '户籍窗口辅警',
    roles: ['hall_clerk'],
    age: [23, 38],
    maleShare: 0.25,
    username: 'clerk',
  });
  makeGridWorkers(ctx, grids, communities);
  makeVolunteers(ctx, grids, communities, unitCounts);
  makeMediators(ctx, grids, communities);
  return ctx.people;
}
