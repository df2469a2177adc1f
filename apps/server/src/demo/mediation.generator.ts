import {
  createRng,
  type DisputeLevel,
  type MediationCategoryCode,
  type MediatorKind,
  type Outcome,
  type Rng,
} from '@fengqiao/domain';
import { createIdentityFactory } from './identity.generator';
import type { DemoIncident } from './incidents.generator';
import type { DemoPerson, DemoPlace, DemoTown, Position } from './town.types';

/**
 * A year of the town's dispute ledger up to `anchor`, shaped like the
 * article's figures: about 85% resolved on site at level 1, 92% of what
 * reaches the community police team, 90%+ at the town centre's joint
 * mediation, about 98% overall; a score of enterprise disputes through the
 * commercial mediation studio; follow-up visits after success with a few
 * relapses; agreements with terms, judicial confirmation for some. A share
 * of the disputes came from dispute-category incidents of the command room.
 * Deterministic: every choice draws from forks of the town's seed.
 */
export interface DemoDisputeParty {
  kind: 'person' | 'enterprise';
  role: 'applicant' | 'respondent' | 'third_party';
  name: string;
  gender: 'M' | 'F' | null;
  idNumber: string | null;
  phone: string | null;
  creditCode: string | null;
  legalRepresentative: string | null;
}

export interface DemoDisputeStep {
  at: Date;
  kind: 'escalate' | 'deescalate' | 'refer_commercial' | 'return_standard' | 'reopen' | `outcome.${Outcome}` | 'close';
  from: { status: string; level: DisputeLevel; track: 'standard' | 'commercial' };
  to: { status: string; level: DisputeLevel; track: 'standard' | 'commercial' };
  actorKey: string | null;
  reason: string | null;
}

export interface DemoAgreement {
  form: 'written' | 'oral';
  agreedOn: string;
  facts: string;
  performanceMethod: string;
  judicial: 'none' | 'applied' | 'confirmed' | 'lapsed' | 'not_applicable';
  judicialAppliedOn: string | null;
  judicialDecidedOn: string | null;
  terms: {
    text: string;
    obligor: string | null;
    dueOn: string | null;
    amount: number | null;
    performedOn: string | null;
  }[];
  performance: 'pending' | 'in_progress' | 'performed';
}

export interface DemoFollowup {
  seq: number;
  dueAt: Date;
  doneAt: Date | null;
  result: 'stable' | 'relapse' | 'unreachable' | null;
  method: 'phone' | 'visit' | null;
}

export interface DemoDispute {
  key: string;
  categoryCode: MediationCategoryCode;
  source: 'incident' | 'walk_in' | 'referral' | 'online' | 'screening';
  /** The command-room incident it came from (its number, as the incident loader numbers them). */
  incidentNumber: string | null;
  summary: string;
  facts: string;
  place: string;
  point: Position | null;
  gridCode: string;
  risk: 'red' | 'orange' | 'yellow';
  amount: number | null;
  parties: DemoDisputeParty[];
  registeredAt: Date;
  registeredByKey: string;
  initialLevel: DisputeLevel;
  level: DisputeLevel;
  maxLevel: DisputeLevel;
  track: 'standard' | 'commercial';
  status: 'open' | 'resolved' | 'closed' | 'failed' | 'withdrawn';
  outcome: Outcome | null;
  nextStep: 'litigation' | 'arbitration' | 'administrative' | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  dueAt: Date | null;
  reopenedCount: number;
  steps: DemoDisputeStep[];
  /** Mediators by person key, the lead first, with when they were assigned. */
  mediators: { key: string; level: DisputeLevel; track: 'standard' | 'commercial'; at: Date }[];
  agreement: DemoAgreement | null;
  followups: DemoFollowup[];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Which incident categories of the command room are which mediation categories. */
const FROM_INCIDENT: Record<string, MediationCategoryCode> = {
  'dispute.neighbour': 'neighbour',
  'dispute.family': 'marriage_family',
  'dispute.labour': 'labour',
  'dispute.consumer': 'consumer',
  'dispute.property': 'property_management',
};

/** The ledger's mix of categories in an industrial town (weights). */
const CATEGORY_MIX: readonly (readonly [MediationCategoryCode, number])[] = [
  ['neighbour', 24],
  ['marriage_family', 16],
  ['labour', 13],
  ['contract', 7],
  ['damages', 8],
  ['housing_homestead', 6],
  ['consumer', 6],
  ['property_management', 5],
  ['road_traffic', 5],
  ['production_business', 4],
  ['land_forest', 2],
  ['land_acquisition', 1.5],
  ['environment', 1.5],
  ['medical', 0.6],
  ['other', 2],
];

const SUMMARIES: Readonly<Record<MediationCategoryCode, readonly string[]>> = {
  marriage_family: [
    '夫妻因家庭琐事争吵要求调解',
    '子女赡养老人费用分担产生矛盾',
    '离婚后子女抚养探视发生争执',
    '兄弟因分家析产发生纠纷',
    '婆媳矛盾激化引发家庭纠纷',
  ],
  neighbour: [
    '楼上漏水致楼下房屋受损引发纠纷',
    '宅前通道被占用发生争执',
    '邻居装修噪音扰民产生矛盾',
    '因排水沟堵塞积水引发邻里纠纷',
    '院墙界址不清两家发生争执',
    '饲养犬只扰民引发邻里矛盾',
  ],
  housing_homestead: ['宅基地界址争议', '翻建房屋遮挡采光引发纠纷', '房屋租赁押金退还争议', '宅基地使用权归属争议'],
  contract: ['家具订货合同货款结算争议', '装修工程款拖欠纠纷', '借款到期未还引发纠纷', '房屋买卖定金返还争议'],
  production_business: [
    '供货质量不合格引发加工费争议',
    '合伙经营利润分配纠纷',
    '厂房租赁到期腾退争议',
    '钢材加工尾款结算纠纷',
  ],
  damages: ['饮酒后摔伤赔偿争议', '车辆剐蹭后赔偿协商不成', '施工致邻居房屋开裂赔偿纠纷', '宠物咬伤赔偿纠纷'],
  land_forest: ['承包地边界争议', '林木砍伐归属争议', '土地流转租金纠纷'],
  land_acquisition: ['征地补偿款分配争议', '拆迁安置面积认定争议'],
  environment: ['家具厂喷漆异味扰民引发纠纷', '夜间施工噪音污染纠纷', '生产废水外排引发村民不满'],
  labour: [
    '拖欠工资引发劳资纠纷',
    '工伤赔偿协商不成',
    '解除劳动关系经济补偿争议',
    '春节前农民工讨薪',
    '加班费计算争议',
  ],
  consumer: ['购买家具质量问题退换货纠纷', '预付卡退费纠纷', '网购商品售后争议', '餐饮消费纠纷'],
  medical: ['诊所治疗效果争议', '药店售药纠纷'],
  road_traffic: ['轻微交通事故赔偿协商', '电动车与行人相撞赔偿纠纷', '车辆停放引发剐蹭赔偿争议'],
  property_management: ['物业费收缴争议', '小区停车位管理纠纷', '电梯维修费用分摊争议'],
  other: ['合伙养殖分红纠纷', '婚礼宴请费用纠纷', '丢失物品归属争议'],
};

const MONEY: Partial<Record<MediationCategoryCode, [number, number]>> = {
  labour: [8_000, 0.8],
  contract: [30_000, 1.1],
  production_business: [60_000, 1.1],
  damages: [6_000, 1],
  consumer: [2_000, 0.9],
  road_traffic: [4_000, 0.9],
  medical: [10_000, 0.8],
  property_management: [2_500, 0.7],
  housing_homestead: [15_000, 1],
  land_acquisition: [80_000, 0.8],
  marriage_family: [20_000, 1.2],
};

/** Months' share of disputes: the run-up to the Spring Festival is the labour peak, summer the neighbours'. */
const MONTH_FACTOR = [1.3, 1.15, 0.9, 0.9, 1, 1.05, 1.15, 1.1, 0.95, 0.9, 0.85, 1.05];

/** Which levels (and the studio) each kind of mediator serves, their load cap and weekdays. */
export const MEDIATOR_PROFILE: Readonly<
  Record<MediatorKind, { levels: DisputeLevel[]; commercial: boolean; maxLoad: number; weekdays: number[] }>
> = {
  government: { levels: [2, 3], commercial: false, maxLoad: 8, weekdays: [1, 2, 3, 4, 5] },
  judge: { levels: [3], commercial: false, maxLoad: 4, weekdays: [2, 4] },
  lawyer: { levels: [2, 3], commercial: true, maxLoad: 6, weekdays: [1, 3, 5] },
  village_cadre: { levels: [1, 2], commercial: false, maxLoad: 8, weekdays: [1, 2, 3, 4, 5, 6, 7] },
  volunteer: { levels: [1, 2], commercial: false, maxLoad: 5, weekdays: [2, 4, 6] },
  chamber_of_commerce: { levels: [3], commercial: true, maxLoad: 5, weekdays: [1, 3, 5] },
  trade_association: { levels: [3], commercial: true, maxLoad: 5, weekdays: [2, 4] },
};

const localDate = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10);
const addDays = (iso: string, n: number) =>
  new Date(new Date(`${iso}T00:00:00Z`).getTime() + n * DAY).toISOString().slice(0, 10);

/** The incident loader's numbering: JQ + local date + the 1-based position in the history. */
export function incidentNumber(reportedAt: Date, index: number): string {
  return `JQ${localDate(reportedAt).replaceAll('-', '')}${String(index + 1).padStart(7, '0')}`;
}

interface Outcomes {
  success: number;
  escalate: number;
  failed: number;
  partial: number;
  withdrawn: number;
}
const AT_LEVEL: Record<DisputeLevel, Outcomes> = {
  1: { success: 0.85, escalate: 0.126, failed: 0.01, partial: 0.004, withdrawn: 0.01 },
  2: { success: 0.935, escalate: 0.045, failed: 0.012, partial: 0.004, withdrawn: 0.004 },
  3: { success: 0.94, escalate: 0, failed: 0.045, partial: 0.008, withdrawn: 0.007 },
};
const DAYS_AT: Record<DisputeLevel, [number, number]> = { 1: [0.2, 3], 2: [2, 10], 3: [5, 24] };

export function generateMediationHistory(
  town: DemoTown,
  anchor: Date,
  incidents: readonly DemoIncident[],
  seed = town.seed,
): DemoDispute[] {
  const root = createRng(seed).fork('mediation');
  const rng = root.fork('ledger');
  const identity = createIdentityFactory(root.fork('parties'));
  const communityName = new Map(town.communities.map((c) => [c.key, c.name]));
  const gridByCode = new Map(town.grids.map((g) => [g.code, g]));
  const enterprises = town.places.filter((p) => p.kind === 'enterprise');
  const enterprisesByGrid = new Map<string, DemoPlace[]>();
  for (const e of enterprises)
    if (e.gridCode) enterprisesByGrid.set(e.gridCode, [...(enterprisesByGrid.get(e.gridCode) ?? []), e]);
  const mediators = town.people.filter((p) => p.kind === 'mediator');
  const auxByGrid = new Map<string, DemoPerson[]>();
  for (const p of town.people)
    if (p.kind === 'auxiliary' || p.kind === 'grid_worker')
      for (const g of p.gridCodes) auxByGrid.set(g, [...(auxByGrid.get(g) ?? []), p]);
  const teamOfficers = town.people.filter((p) => p.team === 'community' && p.kind === 'officer');
  const gridWeight = town.grids.map(
    (g) => [g, { urban: 1.5, industrial: 1.4, suburban: 1, rural: 0.8 }[g.kind]] as const,
  );
  const openLoad = new Map<string, number>();
  const kindOf = new Map(mediators.map((m) => [m.key, m.mediatorKind]));
  const capOf = (key: string) => {
    const kind = kindOf.get(key);
    return kind ? MEDIATOR_PROFILE[kind].maxLoad : 0;
  };

  const out: DemoDispute[] = [];
  const start = anchor.getTime() - 365 * DAY;

  // Disputes that came from the command room's dispute incidents of the year.
  const fromIncidents = incidents
    .map((inc, index) => ({ inc, index }))
    .filter(
      ({ inc }) => inc.reportedAt.getTime() >= start && FROM_INCIDENT[inc.categoryCode] && inc.status === 'closed',
    )
    .filter(() => rng.chance(0.4));
  const incidentDays = new Map<number, typeof fromIncidents>();
  for (const x of fromIncidents) {
    const day = Math.floor((x.inc.reportedAt.getTime() - start) / DAY);
    incidentDays.set(day, [...(incidentDays.get(day) ?? []), x]);
  }

  const person = (role: DemoDisputeParty['role'], minAge = 20, maxAge = 75): DemoDisputeParty => {
    const id = identity({ minAge, maxAge, maleShare: 0.58 });
    return {
      kind: 'person',
      role,
      name: id.name,
      gender: id.gender,
      idNumber: rng.chance(0.93) ? id.idNumber : null,
      phone: rng.chance(0.96) ? id.phone : null,
      creditCode: null,
      legalRepresentative: null,
    };
  };
  const enterprise = (role: DemoDisputeParty['role'], gridCode: string): DemoDisputeParty => {
    const e = rng.pick(enterprisesByGrid.get(gridCode) ?? enterprises);
    return {
      kind: 'enterprise',
      role,
      name: e.name,
      gender: null,
      idNumber: null,
      phone: null,
      creditCode: String(e.attributes.creditCode ?? ''),
      legalRepresentative: String(e.attributes.legalRepresentative ?? ''),
    };
  };

  const pickMediators = (
    d: { categoryCode: MediationCategoryCode; gridCode: string },
    level: DisputeLevel,
    commercial: boolean,
    stays: boolean,
    r: Rng,
  ): DemoPerson[] => {
    const fits = mediators.filter((m) => {
      const kind = m.mediatorKind;
      if (!kind) return false;
      const prof = MEDIATOR_PROFILE[kind];
      if (commercial ? !prof.commercial : !prof.levels.includes(level)) return false;
      if (stays && (openLoad.get(m.key) ?? 0) >= prof.maxLoad) return false;
      return true;
    });
    const score = (m: DemoPerson) =>
      (m.mediatorSpecialties?.includes(d.categoryCode) ? 3 : 0) + (m.gridCodes.includes(d.gridCode) ? 4 : 0) + r.next();
    const ranked = [...fits].sort((a, b) => score(b) - score(a));
    const n = level === 3 && !commercial ? r.int(2, 3) : commercial ? 2 : 1;
    return ranked.slice(0, Math.min(n, ranked.length));
  };

  let n = 0;
  for (let day = 0; day < 365; day++) {
    const midnight = start + day * DAY;
    const month = new Date(midnight + 8 * HOUR).getUTCMonth();
    const walkIns = Math.max(0, Math.round(rng.normal(11.6 * (MONTH_FACTOR[month] ?? 1), 3.4)));
    const todays: { at: Date; inc: DemoIncident | null; index: number | null }[] = [];
    for (let k = 0; k < walkIns; k++)
      todays.push({ at: new Date(midnight + rng.int(8 * 60, 19 * 60) * 60_000), inc: null, index: null });
    for (const x of incidentDays.get(day) ?? [])
      todays.push({ at: new Date(x.inc.reportedAt.getTime() + rng.int(1, 20) * HOUR), inc: x.inc, index: x.index });
    todays.sort((a, b) => a.at.getTime() - b.at.getTime());

    for (const t of todays) {
      if (t.at.getTime() > anchor.getTime()) continue;
      const r = rng.fork(`d${n}`);
      n += 1;
      const inc = t.inc;
      let categoryCode: MediationCategoryCode = inc
        ? (FROM_INCIDENT[inc.categoryCode] ?? 'other')
        : r.weighted(CATEGORY_MIX);
      const grid = inc ? (gridByCode.get(inc.gridCode) ?? town.grids[0]) : r.weighted(gridWeight);
      if (!grid) continue;
      // Labour and business disputes gather in the industrial grids.
      if (!inc && grid.kind === 'industrial' && r.chance(0.25))
        categoryCode = r.pick(['labour', 'contract', 'production_business'] as const);
      const community = communityName.get(r.pick(grid.communityKeys)) ?? grid.name;
      const withEnterprise =
        ['labour', 'contract', 'production_business', 'environment', 'consumer'].includes(categoryCode) &&
        r.chance(0.55);
      const parties: DemoDisputeParty[] = [person('applicant')];
      if (withEnterprise) parties.push(enterprise('respondent', grid.code));
      else parties.push(person('respondent'));
      if (r.chance(0.12)) parties.push(person(r.chance(0.5) ? 'respondent' : 'third_party'));
      if (categoryCode === 'labour' && withEnterprise && r.chance(0.3)) {
        parties.push(person('applicant', 22, 55));
        parties.push(person('applicant', 22, 55));
      }
      const money = MONEY[categoryCode];
      const amount =
        money && r.chance(0.85) ? Math.round((money[0] * Math.exp(r.normal(0, money[1]))) / 100) * 100 : null;
      const initialLevel: DisputeLevel = inc
        ? 1
        : r.weighted([
            [1, 92],
            [2, 6],
            [3, 2],
          ] as const);
      const risk = r.weighted([
        ['red', initialLevel === 3 ? 18 : 3.5],
        ['orange', initialLevel === 1 ? 14 : 24],
        ['yellow', 80],
      ] as const);
      const source: DemoDispute['source'] = inc
        ? 'incident'
        : initialLevel === 3
          ? 'referral'
          : r.weighted([
              ['walk_in', 55],
              ['screening', 28],
              ['online', 10],
              ['referral', 7],
            ] as const);
      const summary = r.pick(SUMMARIES[categoryCode]);
      const applicant = parties[0]?.name ?? '';
      const respondent = parties[1]?.name ?? '';
      const place = withEnterprise
        ? (parties[1]?.name ?? community)
        : inc
          ? inc.address
          : `${community}${r.int(1, 160)}号`;
      const registeredBy = grid.officerKey;
      const d: DemoDispute = {
        key: `D${String(n).padStart(5, '0')}`,
        categoryCode,
        source,
        incidentNumber: inc && t.index !== null ? incidentNumber(inc.reportedAt, t.index) : null,
        summary,
        facts: `申请人${applicant}与被申请人${respondent}之间${summary}。${amount ? `涉及金额约${amount}元。` : ''}双方同意接受调解。`,
        place,
        point: inc ? inc.point : null,
        gridCode: grid.code,
        risk,
        amount,
        parties,
        registeredAt: t.at,
        registeredByKey: registeredBy,
        initialLevel,
        level: initialLevel,
        maxLevel: initialLevel,
        track: 'standard',
        status: 'open',
        outcome: null,
        nextStep: null,
        resolvedAt: null,
        closedAt: null,
        dueAt: null,
        reopenedCount: 0,
        steps: [],
        mediators: [],
        agreement: null,
        followups: [],
      };
      simulate(d, r, anchor, withEnterprise, pickMediators, auxByGrid, teamOfficers, openLoad, capOf);
      out.push(d);
    }
  }
  return out;
}

const RESOLVE_DAYS = { red: 3, orange: 7, yellow: 15 } as const;

/** Walks one dispute through the levels until its outcome or the anchor, recording every step. */
function simulate(
  d: DemoDispute,
  r: Rng,
  anchor: Date,
  withEnterprise: boolean,
  pickMediators: (
    d: { categoryCode: MediationCategoryCode; gridCode: string },
    level: DisputeLevel,
    commercial: boolean,
    stays: boolean,
    r: Rng,
  ) => DemoPerson[],
  auxByGrid: Map<string, DemoPerson[]>,
  teamOfficers: DemoPerson[],
  openLoad: Map<string, number>,
  capOf: (key: string) => number,
): void {
  let at = d.registeredAt;
  let level = d.initialLevel;
  let track: 'standard' | 'commercial' = 'standard';
  let deescalated = false;
  let relapsed = false;
  const end = anchor.getTime();
  const local = auxByGrid.get(d.gridCode) ?? [];
  const actorAt = (l: DisputeLevel): string =>
    l === 1
      ? local.length > 0
        ? r.pick(local).key
        : d.registeredByKey
      : teamOfficers.length > 0
        ? r.pick(teamOfficers).key
        : d.registeredByKey;
  const due = (from: Date) => new Date(from.getTime() + RESOLVE_DAYS[d.risk] * DAY);
  d.dueAt = due(at);

  const assign = (l: DisputeLevel, commercial: boolean, when: Date, stays: boolean) => {
    // Level 1 is on-site: a village cadre joins in most villages; higher levels always get pool mediators.
    if (l === 1 && !r.chance(0.6)) return;
    const chosen = pickMediators(d, l, commercial, stays, r).filter((m) => !d.mediators.some((x) => x.key === m.key));
    for (const m of chosen)
      d.mediators.push({ key: m.key, level: l, track: commercial ? 'commercial' : 'standard', at: when });
  };
  assign(level, false, new Date(at.getTime() + r.int(1, 8) * HOUR), false);

  for (let guard = 0; guard < 20; guard++) {
    const [lo, hi] = track === 'commercial' ? [4, 20] : (DAYS_AT[level] ?? [1, 5]);
    const spent = (lo + (hi - lo) * r.next() ** 1.6) * DAY;
    const next = new Date(at.getTime() + spent);
    if (next.getTime() > end) {
      // Still in mediation at the anchor; the open assignments count against the mediators' caps.
      d.level = level;
      d.track = track;
      d.status = 'open';
      // Only the current level's mediators stay on an open case, and only within their load caps.
      d.mediators = d.mediators.filter(
        (m) => m.level === level && m.track === track && (openLoad.get(m.key) ?? 0) < capOf(m.key),
      );
      for (const m of d.mediators) openLoad.set(m.key, (openLoad.get(m.key) ?? 0) + 1);
      return;
    }
    const p =
      track === 'commercial'
        ? { success: 0.9, escalate: 0, failed: 0.08, partial: 0.01, withdrawn: 0.01 }
        : AT_LEVEL[level];
    // Enterprise disputes that reach the community team may go to the commercial studio instead.
    if (
      track === 'standard' &&
      withEnterprise &&
      level === 2 &&
      d.steps.every((s) => s.kind !== 'refer_commercial') &&
      r.chance(0.2)
    ) {
      d.steps.push({
        at: next,
        kind: 'refer_commercial',
        from: { status: 'open', level, track },
        to: { status: 'open', level, track: 'commercial' },
        actorKey: actorAt(2),
        reason: '涉企纠纷，转商企调解工作室依行业规则调解',
      });
      track = 'commercial';
      at = next;
      d.dueAt = due(at);
      assign(level, true, next, false);
      continue;
    }
    if (track === 'standard' && level === 3 && !deescalated && r.chance(0.012)) {
      d.steps.push({
        at: next,
        kind: 'deescalate',
        from: { status: 'open', level: 3, track },
        to: { status: 'open', level: 2, track },
        actorKey: actorAt(2),
        reason: '会商认为事实清楚，交回社区警务队跟踪调解',
      });
      level = 2;
      deescalated = true;
      at = next;
      d.dueAt = due(at);
      continue;
    }
    const roll = r.weighted([
      ['success', p.success],
      ['escalate', deescalated ? 0 : p.escalate],
      ['failed', p.failed],
      ['partial', p.partial],
      ['withdrawn', p.withdrawn],
    ] as const);
    if (roll === 'escalate') {
      const to = (level + 1) as DisputeLevel;
      d.steps.push({
        at: next,
        kind: 'escalate',
        from: { status: 'open', level, track },
        to: { status: 'open', level: to, track },
        actorKey: actorAt(level),
        reason:
          level === 1
            ? '现场调解未果，双方分歧较大，提交社区警务队'
            : '涉及金额较大、法律关系复杂，提请镇调解中心联合调解',
      });
      level = to;
      d.maxLevel = Math.max(d.maxLevel, to) as DisputeLevel;
      at = next;
      d.dueAt = due(at);
      assign(level, false, next, false);
      continue;
    }
    const outcome: Outcome = roll === 'success' ? 'success' : roll;
    d.steps.push({
      at: next,
      kind: `outcome.${outcome}`,
      from: { status: 'open', level, track },
      to: {
        status: outcome === 'success' || outcome === 'partial' ? 'resolved' : outcome,
        level,
        track,
      },
      actorKey: actorAt(level),
      reason: outcome === 'failed' ? '双方分歧无法弥合，告知诉讼途径' : null,
    });
    d.level = level;
    d.track = track;
    d.outcome = outcome;
    d.resolvedAt = next;
    d.dueAt = null;
    if (outcome === 'failed' || outcome === 'withdrawn') {
      d.status = outcome;
      d.closedAt = next;
      if (outcome === 'failed')
        d.nextStep = r.weighted([
          ['litigation', 70],
          ['arbitration', d.categoryCode === 'labour' ? 60 : 5],
          ['administrative', 10],
        ] as const);
      return;
    }
    d.status = 'resolved';
    if (outcome === 'success') d.agreement = agreement(d, r, next, level, track, anchor);
    // Follow-up visits on days 7 and 30; a relapse reopens the dispute once.
    const visits: DemoFollowup[] = [7, 30].map((days, i) => ({
      seq: d.followups.length + i + 1,
      dueAt: new Date(next.getTime() + days * DAY),
      doneAt: null,
      result: null,
      method: null,
    }));
    let reopened = false;
    for (const v of visits) {
      if (reopened) break;
      d.followups.push(v);
      const doneAt = new Date(v.dueAt.getTime() + r.int(0, 72) * HOUR);
      if (doneAt.getTime() > end) continue;
      v.doneAt = doneAt;
      v.method = r.chance(0.6) ? 'phone' : 'visit';
      v.result = !relapsed && r.chance(0.012) ? 'relapse' : r.chance(0.01) ? 'unreachable' : 'stable';
      if (v.result === 'relapse') reopened = true;
    }
    if (reopened) {
      const v = d.followups[d.followups.length - 1] as DemoFollowup;
      const when = v.doneAt as Date;
      d.steps.push({
        at: when,
        kind: 'reopen',
        from: { status: 'resolved', level, track },
        to: { status: 'open', level, track },
        actorKey: actorAt(level),
        reason: '回访发现纠纷反复，重新启动调解',
      });
      d.reopenedCount += 1;
      relapsed = true;
      d.outcome = null;
      d.resolvedAt = null;
      d.status = 'open';
      at = when;
      d.dueAt = due(at);
      continue;
    }
    if (visits.every((v) => v.doneAt !== null)) {
      const last = visits[visits.length - 1]?.doneAt as Date;
      d.steps.push({
        at: last,
        kind: 'close',
        from: { status: 'resolved', level, track },
        to: { status: 'closed', level, track },
        actorKey: null,
        reason: '回访完毕，纠纷化解稳定',
      });
      d.status = 'closed';
      d.closedAt = last;
    }
    return;
  }
  d.level = level;
  d.track = track;
  d.mediators = [];
}

function agreement(
  d: DemoDispute,
  r: Rng,
  at: Date,
  level: DisputeLevel,
  track: 'standard' | 'commercial',
  anchor: Date,
): DemoAgreement {
  const written = level > 1 || track === 'commercial' || (d.amount ?? 0) > 2000 || r.chance(0.3);
  const agreedOn = localDate(at);
  const respondent = d.parties.find((p) => p.role === 'respondent')?.name ?? null;
  const terms: DemoAgreement['terms'] = [];
  if (d.amount) {
    const pay = Math.round((d.amount * r.float(0.6, 1)) / 100) * 100;
    const dueOn = addDays(agreedOn, r.int(3, 30));
    terms.push({
      text: `${respondent ?? '被申请人'}向申请人支付${d.categoryCode === 'labour' ? '工资及补偿' : '赔偿'}款人民币${pay}元`,
      obligor: respondent,
      dueOn,
      amount: pay,
      performedOn: null,
    });
  }
  terms.push({
    text: '双方就本纠纷不再发生争执，互相谅解',
    obligor: null,
    dueOn: null,
    amount: null,
    performedOn: null,
  });
  const today = localDate(anchor);
  let performance: DemoAgreement['performance'] = 'performed';
  for (const t of terms) {
    const late = t.dueOn ? addDays(t.dueOn, -r.int(0, 3)) : agreedOn;
    if (late <= today) t.performedOn = late;
    else performance = 'in_progress';
  }
  if (terms.some((t) => t.performedOn === null) && terms.every((t) => t.performedOn === null)) performance = 'pending';
  let judicial: DemoAgreement['judicial'] = written ? 'none' : 'not_applicable';
  let appliedOn: string | null = null;
  let decidedOn: string | null = null;
  if (written) {
    const windowEnds = addDays(agreedOn, 30);
    if (r.chance(level === 3 || track === 'commercial' ? 0.3 : 0.06)) {
      appliedOn = addDays(agreedOn, r.int(2, 20));
      if (appliedOn > today) appliedOn = null;
      else {
        judicial = 'applied';
        decidedOn = addDays(appliedOn, r.int(5, 15));
        if (decidedOn <= today) judicial = 'confirmed';
        else decidedOn = null;
      }
    }
    if (judicial === 'none' && windowEnds < today) judicial = 'lapsed';
  }
  return {
    form: written ? 'written' : 'oral',
    agreedOn,
    facts: d.facts,
    performanceMethod: d.amount ? '以银行转账或现金方式当面交付' : '双方自觉履行',
    judicial,
    judicialAppliedOn: appliedOn,
    judicialDecidedOn: decidedOn,
    terms,
    performance,
  };
}
