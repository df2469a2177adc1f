import { addressKey, bboxOf, createRng, deadlinesFor, type Priority, pointInPolygon, type Rng } from '@fengqiao/domain';
import { CATEGORY_WEIGHTS, HOUR_WEIGHTS, INCIDENT_SUMMARIES, MONTH_FACTOR, RESULT_BY_PREFIX } from './incidents.data';
import type { DemoGrid, DemoPerson, DemoTown, Position } from './town.types';

export interface DemoOrder {
  assigneeKind: 'person' | 'unit' | 'team';
  assigneePersonKey: string | null;
  unitCode: string | null;
  team: 'community' | 'case' | 'patrol' | 'command_room' | null;
  status: 'issued' | 'acknowledged' | 'en_route' | 'on_scene' | 'resolved' | 'closed';
  issuedAt: Date;
  acknowledgedAt: Date | null;
  enRouteAt: Date | null;
  onSceneAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  ackDueAt: Date | null;
  arriveDueAt: Date | null;
  resolveDueAt: Date | null;
  breaches: string[];
  urban: boolean;
}

export interface DemoIncident {
  key: string;
  source: 'call_110' | 'walk_in' | 'online' | 'volunteer' | 'camera' | 'patrol';
  categoryCode: string;
  team: 'community' | 'case' | 'patrol' | 'command_room';
  priority: Priority;
  summary: string;
  address: string;
  addressKey: string;
  point: Position;
  gridCode: string;
  callerName: string | null;
  callerPhone: string | null;
  reportedAt: Date;
  status: 'new' | 'dispatched' | 'in_progress' | 'resolved' | 'closed';
  closedAt: Date | null;
  resultCode: string | null;
  order: DemoOrder | null;
}

const TEAM_OF: Record<string, DemoIncident['team']> = {
  criminal: 'case',
  public_order: 'patrol',
  traffic: 'patrol',
  fire_disaster: 'patrol',
  mass_incident: 'command_room',
  dispute: 'community',
  help: 'community',
  complaint: 'command_room',
  invalid: 'command_room',
};
const PRIORITY_OF: Record<string, Priority> = {
  'criminal.robbery': 'urgent',
  'criminal.assault': 'urgent',
  'public_order.fight': 'urgent',
  'fire_disaster.fire': 'urgent',
  'fire_disaster.flood': 'urgent',
  mass_incident: 'urgent',
  'help.missing_person': 'urgent',
  'criminal.theft': 'high',
  'criminal.fraud': 'high',
  'criminal.burglary': 'high',
  'traffic.accident': 'high',
  'public_order.harassment': 'high',
  'public_order.noise': 'low',
  'traffic.parking': 'low',
  'dispute.consumer': 'low',
  'dispute.property': 'low',
  'help.lost_property': 'low',
  'help.locked_out': 'low',
  complaint: 'low',
  'invalid.prank': 'low',
  'invalid.misdial': 'low',
};

const DAY = 86_400_000;
const MIN = 60_000;
const DAILY_MEAN = 17;

function pointIn(rng: Rng, g: DemoGrid): Position {
  const [minX, minY, maxX, maxY] = bboxOf(g.geometry);
  for (let i = 0; i < 200; i++) {
    const p: Position = [rng.float(minX, maxX), rng.float(minY, maxY)];
    if (pointInPolygon(p, g.geometry)) return [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
  }
  const c = g.geometry.coordinates[0]?.[0];
  if (!c) throw new Error(`grid ${g.code} has no ring`);
  return c;
}

/** China local midnight before `at`, as an instant. */
function localMidnight(at: Date): number {
  const local = new Date(at.getTime() + 8 * 3_600_000);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - 8 * 3_600_000;
}

/** Minutes drawn from a log-normal with the given median, clamped. */
function minutes(rng: Rng, median: number, spread: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, median * Math.exp(rng.normal(0, spread))));
}

/**
 * Two years of the town's 110 and other reports up to `anchor`: evening
 * peaks, summer fights, labour disputes in the industrial park, a handful of
 * addresses and callers that keep coming back, and business-district theft
 * falling by about 42% in the latest year once the merchants' joint defence
 * started. Every incident has the order the command room would have issued,
 * with times that mostly meet the deadlines. The last hours before `anchor`
 * leave some incidents open so the live board is not empty.
 */
export function generateIncidentHistory(town: DemoTown, anchor: Date, seed = town.seed): DemoIncident[] {
  const rng = createRng(seed).fork('incidents');
  const grids = town.grids;
  const businessGrids = new Set(
    town.places.filter((p) => p.kind === 'business_district' && p.gridCode).map((p) => p.gridCode as string),
  );
  const gridWeight = (g: DemoGrid) =>
    ({ urban: 1.6, industrial: 1.3, suburban: 0.9, rural: 0.7 })[g.kind] * (businessGrids.has(g.code) ? 1.4 : 1);
  const gridPick = grids.map((g) => [g, gridWeight(g)] as const);
  const communityName = new Map(town.communities.map((c) => [c.key, c.name]));
  const caseOfficers = town.people.filter((p) => p.team === 'case' && p.kind === 'officer');
  const patrolOfficers = town.people.filter((p) => p.team === 'patrol' && p.kind === 'officer');
  const unitsByGrid = new Map<string, string[]>();
  for (const u of town.units) unitsByGrid.set(u.gridCode, [...(unitsByGrid.get(u.gridCode) ?? []), u.code]);
  const unitLeader = new Map(town.units.map((u) => [u.code, u.leaderKey]));
  const residents = town.people.filter((p) => p.kind === 'volunteer' || p.kind === 'grid_worker');

  // Places that keep calling: quarrelling neighbours, and numbers that call again and again.
  const hotAddresses = rng
    .shuffle(grids.filter((g) => g.kind !== 'industrial'))
    .slice(0, 8)
    .map((g, i) => ({
      grid: g,
      address: `${communityName.get(g.communityKeys[0] ?? '') ?? g.name}${rng.int(1, 40)}号院${i + 1}单元`,
      category: i % 2 === 0 ? 'dispute.neighbour' : 'dispute.family',
      everyDays: rng.int(9, 25),
    }));
  const frequentCallers = rng.shuffle(residents).slice(0, 5);

  const out: DemoIncident[] = [];
  const start = localMidnight(anchor) - 730 * DAY;
  let n = 0;
  const add = (
    reportedAt: Date,
    grid: DemoGrid,
    categoryCode: string,
    caller: DemoPerson | null,
    fixedAddress: string | null,
  ) => {
    const prefix = categoryCode.split('.')[0] ?? categoryCode;
    const team = categoryCode.startsWith('help.missing') ? 'patrol' : (TEAM_OF[prefix] ?? 'command_room');
    const priority = PRIORITY_OF[categoryCode] ?? 'normal';
    const point = pointIn(rng, grid);
    const community = communityName.get(rng.pick(grid.communityKeys)) ?? grid.name;
    const address = fixedAddress ?? `${community}${rng.int(1, 120)}号${rng.chance(0.3) ? '附近' : ''}`;
    const who = caller ?? (rng.chance(0.85) ? rng.pick(residents) : null);
    const source = categoryCode.startsWith('invalid')
      ? 'call_110'
      : rng.weighted([
          ['call_110', 70],
          ['walk_in', 10],
          ['online', 8],
          ['volunteer', 5],
          ['patrol', 5],
          ['camera', 2],
        ] as const);
    n += 1;
    const incident: DemoIncident = {
      key: `I${String(n).padStart(6, '0')}`,
      source,
      categoryCode,
      team,
      priority,
      summary: rng.pick(INCIDENT_SUMMARIES[categoryCode] ?? ['警情']),
      address,
      addressKey: addressKey(address),
      point,
      gridCode: grid.code,
      callerName: who?.name ?? null,
      callerPhone: who?.phone ?? null,
      reportedAt,
      status: 'closed',
      closedAt: null,
      resultCode: null,
      order: null,
    };
    const age = anchor.getTime() - reportedAt.getTime();
    if (!categoryCode.startsWith('invalid')) incident.order = order(incident, grid, age);
    settle(incident, age);
    out.push(incident);
  };

  const order = (i: DemoIncident, grid: DemoGrid, age: number): DemoOrder => {
    const urban = grid.kind === 'urban';
    const issuedAt = new Date(i.reportedAt.getTime() + minutes(rng, 1.5, 0.5, 0.3, 8) * MIN);
    const due = deadlinesFor(i.priority, urban, issuedAt);
    let assigneeKind: DemoOrder['assigneeKind'] = 'team';
    let personKey: string | null = null;
    let unitCode: string | null = null;
    if (i.team === 'community') {
      assigneeKind = 'person';
      personKey = grid.officerKey;
    } else if (i.team === 'patrol') {
      const units = unitsByGrid.get(grid.code) ?? [];
      unitCode = units[1] ?? null;
      assigneeKind = unitCode ? 'unit' : 'team';
      if (!unitCode) personKey = rng.pick(patrolOfficers).key;
    } else if (i.team === 'case') {
      personKey = rng.pick(caseOfficers).key;
    } else {
      personKey = rng.pick(patrolOfficers).key;
    }
    const ackMin = minutes(rng, i.priority === 'urgent' ? 0.4 : i.priority === 'high' ? 1.2 : 3.5, 0.4, 0.1, 60);
    // Urgent calls get the nearest unit with lights on; routine ones wait for the patrol to come round.
    const travel =
      minutes(rng, i.priority === 'urgent' ? (urban ? 2.6 : 5) : urban ? 7 : 11, 0.35, 1, 90) *
      (i.priority === 'low' ? 2 : 1);
    const work = minutes(rng, i.team === 'case' ? 90 : 40, 0.6, 5, 600);
    const acknowledgedAt = new Date(issuedAt.getTime() + ackMin * MIN);
    const enRouteAt = new Date(acknowledgedAt.getTime() + minutes(rng, 1, 0.5, 0.2, 10) * MIN);
    const onSceneAt = new Date(enRouteAt.getTime() + travel * MIN);
    const resolvedAt = new Date(onSceneAt.getTime() + work * MIN);
    const closedAt = new Date(resolvedAt.getTime() + minutes(rng, 30, 0.6, 5, 600) * MIN);
    const breaches: string[] = [];
    if (due.ack && acknowledgedAt > due.ack) breaches.push('ack');
    if (due.arrive && onSceneAt > due.arrive) breaches.push('arrive');
    if (due.resolve && resolvedAt > due.resolve) breaches.push('resolve');
    const o: DemoOrder = {
      assigneeKind,
      assigneePersonKey: personKey ?? (unitCode ? (unitLeader.get(unitCode) ?? null) : null),
      unitCode,
      team: assigneeKind === 'team' || i.team === 'case' ? i.team : null,
      status: 'closed',
      issuedAt,
      acknowledgedAt,
      enRouteAt,
      onSceneAt,
      resolvedAt,
      closedAt,
      ackDueAt: due.ack,
      arriveDueAt: due.arrive,
      resolveDueAt: due.resolve,
      breaches,
      urban,
    };
    // Recent reports are still being handled: cut the timeline at the anchor.
    const cut = anchor.getTime();
    const stages = ['issued', 'acknowledged', 'en_route', 'on_scene', 'resolved', 'closed'] as const;
    const times = [issuedAt, acknowledgedAt, enRouteAt, onSceneAt, resolvedAt, closedAt];
    if (age < DAY) {
      let reached = 0;
      times.forEach((t, k) => {
        if (t.getTime() <= cut) reached = k;
      });
      o.status = stages[reached] ?? 'issued';
      if (reached < 1) o.acknowledgedAt = null;
      if (reached < 2) o.enRouteAt = null;
      if (reached < 3) o.onSceneAt = null;
      if (reached < 4) o.resolvedAt = null;
      if (reached < 5) o.closedAt = null;
      o.breaches = o.breaches.filter((b) => {
        const d = b === 'ack' ? o.ackDueAt : b === 'arrive' ? o.arriveDueAt : o.resolveDueAt;
        return d !== null && d.getTime() <= cut;
      });
    }
    return o;
  };

  const settle = (i: DemoIncident, age: number) => {
    const prefix = i.categoryCode.split('.')[0] ?? '';
    const o = i.order;
    if (!o) {
      i.status = age < 30 * MIN ? 'new' : 'closed';
      i.closedAt = i.status === 'closed' ? new Date(i.reportedAt.getTime() + 5 * MIN) : null;
      i.resultCode = i.status === 'closed' ? rng.weighted(RESULT_BY_PREFIX.invalid ?? []) : null;
      return;
    }
    i.status =
      o.status === 'closed'
        ? 'closed'
        : o.status === 'resolved'
          ? 'resolved'
          : o.status === 'issued'
            ? 'dispatched'
            : 'in_progress';
    if (i.status === 'closed') {
      i.closedAt = o.closedAt;
      i.resultCode = rng.weighted(RESULT_BY_PREFIX[prefix] ?? RESULT_BY_PREFIX.default ?? []);
    }
  };

  for (let day = 0; day < 731; day++) {
    const midnight = start + day * DAY;
    if (midnight > anchor.getTime()) break;
    const date = new Date(midnight + 8 * 3_600_000);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const mean = DAILY_MEAN * (MONTH_FACTOR[date.getUTCMonth()] ?? 1) * (weekend ? 1.15 : 1);
    const count = Math.max(0, Math.round(rng.normal(mean, Math.sqrt(mean))));
    const latestYear = midnight >= anchor.getTime() - 365 * DAY;
    for (let k = 0; k < count; k++) {
      const hour = rng.weighted(HOUR_WEIGHTS.map((w, h) => [h, w] as const));
      const at = new Date(midnight + hour * 3_600_000 + rng.int(0, 3_599_999));
      if (at.getTime() > anchor.getTime()) continue;
      const grid = rng.weighted(gridPick);
      const weights = CATEGORY_WEIGHTS[grid.kind];
      let category = rng.weighted(Object.entries(weights).map(([c, w]) => [c, w] as const));
      // The merchants' ten-household joint defence: business-district theft down about 42% in the latest year.
      if (
        latestYear &&
        businessGrids.has(grid.code) &&
        (category === 'criminal.theft' || category === 'criminal.burglary') &&
        rng.chance(0.42)
      ) {
        category = 'help.lost_property';
      }
      add(at, grid, category, null, null);
    }
    for (const h of hotAddresses) {
      if (day % h.everyDays === 0 && rng.chance(0.8)) {
        const at = new Date(midnight + rng.int(17, 22) * 3_600_000 + rng.int(0, 3_599_999));
        if (at.getTime() <= anchor.getTime()) add(at, h.grid, h.category, null, h.address);
      }
    }
    for (const c of frequentCallers) {
      if (rng.chance(0.06)) {
        const at = new Date(midnight + rng.int(8, 23) * 3_600_000 + rng.int(0, 3_599_999));
        const grid = grids.find((g) => g.communityKeys.includes(c.homeCommunityKey ?? '')) ?? rng.pick(grids);
        if (at.getTime() <= anchor.getTime())
          add(at, grid, rng.pick(['complaint', 'invalid.prank', 'public_order.noise', 'dispute.neighbour']), c, null);
      }
    }
  }
  // The morning the demo starts: a dozen reports of the last two hours, still being handled.
  for (let k = 0; k < 12; k++) {
    const at = new Date(anchor.getTime() - rng.int(3, 120) * MIN);
    const grid = rng.weighted(gridPick);
    const category = rng.weighted(
      Object.entries(CATEGORY_WEIGHTS[grid.kind])
        .filter(([c]) => !c.startsWith('invalid'))
        .map(([c, w]) => [c, w] as const),
    );
    add(at, grid, category, null, null);
  }
  return out.sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
}

export type { DemoPerson };
