import {
  addCalendarDays,
  chinaDay,
  chinaInstant,
  createRng,
  distanceM,
  expandRota,
  type Fix,
  HAZARD_CATEGORIES,
  type HazardCategory,
  type Rng,
  type TimeWindow,
  type VettingCheck,
  type VolunteerStatus,
} from '@fengqiao/domain';
import { randomName } from './identity.generator';
import type { DemoPerson, DemoPlace, DemoTown, Position } from './town.types';

/**
 * A year of the volunteer force up to `anchor`, shaped like the article:
 * community patrols that keep volunteers on the streets more than 8 hours a
 * day, merchants' ten-household groups with night patrols and a few
 * one-tap alarms, school guard posts on every school day (about 120,000
 * students and teachers served), regular training with certificates, and
 * about 190 hazards found, most of them rectified and closed. Everything is
 * evidence (check-ins, tracks, passes); the loader computes the hours from
 * it with the same rule as the live API. Deterministic for a seed and anchor.
 */

const DAY = 86_400_000;
const MIN = 60_000;

export interface GenProfile {
  personKey: string;
  status: VolunteerStatus;
  skills: string[];
  partyMember: boolean;
  partyBranch: string | null;
  availability: { weekday: number; from: string; to: string }[];
  appliedAt: Date;
  approvedAt: Date | null;
  statusChangedAt: Date;
  reason: string | null;
}

export interface GenVetting {
  personKey: string;
  check: VettingCheck;
  result: 'pass' | 'fail';
  at: Date;
  note: string;
}

export interface GenStatusEvent {
  personKey: string;
  from: VolunteerStatus | null;
  to: VolunteerStatus;
  at: Date;
  reason: string | null;
}

export interface GenCheckpoint {
  name: string;
  point: Position;
  radiusM: number;
  qr: boolean;
  placeKey: string | null;
}

export interface GenRoute {
  key: string;
  teamKey: string;
  gridCode: string | null;
  name: string;
  path: Position[];
  corridorM: number;
  checkpoints: GenCheckpoint[];
}

export interface GenTeam {
  key: string;
  kind: 'patrol' | 'merchant_group' | 'school_post';
  name: string;
  gridCode: string | null;
  placeKey: string | null;
  leaderKey: string | null;
  settings: Record<string, unknown>;
  members: string[];
  shops: { name: string; ownerName: string; ownerKey: string | null; address: string; point: Position | null }[];
}

export interface GenCourse {
  code: string;
  topic: 'law' | 'safety' | 'emergency' | 'first_aid';
  name: string;
  hours: number;
  months: number;
}

export interface GenSession {
  key: string;
  courseCode: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
  trainer: string;
  capacity: number;
  attendance: { personKey: string; passed: boolean }[];
}

export interface GenCertificate {
  key: string;
  personKey: string;
  courseCode: string;
  sessionKey: string | null;
  issuedOn: string;
  expiresOn: string;
}

export interface GenShift {
  key: string;
  teamKey: string;
  routeKey: string;
  kind: 'patrol' | 'night_patrol' | 'school_post';
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  requiredCourse: string | null;
}

export interface GenDuty {
  key: string;
  shiftKey: string;
  personKey: string;
  claimedAt: Date;
  status: 'claimed' | 'checked_in' | 'checked_out';
  checkIn: (Fix & { accuracyM: number }) | null;
  checkOut: (Fix & { accuracyM: number }) | null;
  /** Track fixes (not the check-in and check-out positions). */
  points: (Fix & { accuracyM: number })[];
  passes: { checkpointIndex: number; at: Date; method: 'proximity' | 'qr'; point: Position }[];
  flags: string[];
  verification: 'auto' | 'pending' | 'approved' | null;
  served: number | null;
}

export interface GenHazard {
  key: string;
  category: HazardCategory;
  title: string;
  description: string;
  point: Position;
  gridCode: string | null;
  dutyKey: string | null;
  reporterKey: string;
  reportedAt: Date;
  status: 'reported' | 'assigned' | 'rectified' | 'closed' | 'dismissed';
  responsible: { kind: 'enterprise' | 'place' | 'owner' | 'department'; name: string; placeKey: string | null } | null;
  dueOn: string | null;
  assignedAt: Date | null;
  rectifiedAt: Date | null;
  closedAt: Date | null;
  events: { at: Date; kind: string; actor: string | null; note: string }[];
}

export interface GenAlarm {
  teamKey: string;
  personKey: string;
  /** An incident of the history in the district's grid (category, time) the alarm is attached to. */
  pick: number;
  note: string;
}

export interface VolunteersHistory {
  profiles: GenProfile[];
  vetting: GenVetting[];
  statusEvents: GenStatusEvent[];
  teams: GenTeam[];
  routes: GenRoute[];
  courses: GenCourse[];
  sessions: GenSession[];
  certificates: GenCertificate[];
  shifts: GenShift[];
  duties: GenDuty[];
  hazards: GenHazard[];
  /** Alarms per business district: how many, attached to the district's night incidents by the loader. */
  alarmsPerDistrict: number;
  partyBranch: string;
}

export const COURSES: readonly GenCourse[] = [
  { code: 'LAW-01', topic: 'law', name: '法律法规与依法履职', hours: 4, months: 24 },
  { code: 'SAFE-01', topic: 'safety', name: '安全防范技能', hours: 4, months: 24 },
  { code: 'EMER-01', topic: 'emergency', name: '应急处突', hours: 6, months: 12 },
  { code: 'FA-01', topic: 'first_aid', name: '应急救护（急救员）', hours: 8, months: 24 },
];
/** Night patrols need the safety certificate, school posts the first-aid one. */
export const NIGHT_COURSE = 'SAFE-01';
export const POST_COURSE = 'FA-01';
const PARTY_BRANCH = '清溪义警队党支部';

const PATROL_WINDOWS: readonly TimeWindow[] = [
  { from: '08:30', to: '10:30' },
  { from: '14:30', to: '16:30' },
  { from: '16:30', to: '18:30' },
  { from: '19:00', to: '21:00' },
];
const NIGHT_WINDOW: TimeWindow = { from: '21:00', to: '23:30' };
const POST_WINDOWS: Record<string, TimeWindow[]> = {
  kindergarten: [
    { from: '07:50', to: '08:30' },
    { from: '16:10', to: '16:50' },
  ],
  primary: [
    { from: '07:20', to: '08:00' },
    { from: '16:30', to: '17:10' },
  ],
  middle: [
    { from: '06:50', to: '07:30' },
    { from: '17:20', to: '18:00' },
  ],
};
/** Term breaks of Hebei schools (winter and summer holidays), for the school-day rota. */
export function schoolBreaks(year: number): { from: string; to: string }[] {
  return [
    { from: `${year}-01-17`, to: `${year}-02-24` },
    { from: `${year}-07-05`, to: `${year}-08-31` },
  ];
}

const SHOP_KINDS = [
  '便利店',
  '五金店',
  '家具店',
  '服装店',
  '超市',
  '餐馆',
  '药店',
  '手机店',
  '理发店',
  '烟酒店',
  '茶叶店',
  '早点铺',
];
const HAZARD_TITLES: Record<HazardCategory, string[]> = {
  fire: [
    '楼道堆放杂物堵塞消防通道',
    '沿街商铺灭火器过期',
    '电动车楼道内充电',
    '仓库消防通道被占用',
    '废品收购站易燃物堆放',
  ],
  electrical: ['电线私拉乱接', '配电箱箱门损坏带电部件外露', '路灯杆漏电隐患', '电动车飞线充电', '老旧线路绝缘层破损'],
  traffic: ['路口信号灯故障', '学校门口减速带损坏', '路面坑洼易致事故', '交通标志被树枝遮挡', '道路施工未设警示标志'],
  public_order: [
    '夜间无人看管的施工工地',
    '废弃房屋有人员聚集',
    '监控探头损坏',
    '小巷照明缺失',
    '出租屋人员流动频繁未登记',
  ],
  building: ['危旧房屋外墙脱落', '广告牌松动', '围墙倾斜开裂', '雨棚锈蚀松动', '窨井盖缺失'],
  other: ['河边防护栏缺失', '树木倒伏压线', '水塘无警示标识', '犬只散放伤人隐患'],
};
const DEPARTMENTS = ['镇城建办', '镇供电所', '交警中队', '镇安监站', '镇综合执法队', '村委会'];

interface PlaceRef {
  key: string;
  name: string;
  kind: string;
  gridCode: string | null;
  point: Position;
  polygon: Position[] | null;
  attributes: DemoPlace['attributes'];
}

function along(path: readonly Position[], d: number): Position {
  let left = d;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1] as Position;
    const b = path[i] as Position;
    const seg = distanceM(a, b);
    if (left <= seg || i === path.length - 1) {
      const t = seg === 0 ? 0 : Math.min(1, left / seg);
      return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    }
    left -= seg;
  }
  return (path[0] ?? [0, 0]) as Position;
}

function cumulative(path: readonly Position[]): number[] {
  const out = [0];
  for (let i = 1; i < path.length; i++)
    out.push((out[i - 1] ?? 0) + distanceM(path[i - 1] as Position, path[i] as Position));
  return out;
}

/** A small displacement of a position (metres), as a phone's fix scatters. */
function jitter(rng: Rng, p: Position, m: number): Position {
  const dx = rng.float(-m, m) / (111_320 * Math.cos((p[1] * Math.PI) / 180));
  const dy = rng.float(-m, m) / 111_320;
  return [Math.round((p[0] + dx) * 1e6) / 1e6, Math.round((p[1] + dy) * 1e6) / 1e6];
}

export function generateVolunteerHistory(town: DemoTown, anchor: Date): VolunteersHistory {
  const root = createRng(`${town.seed}:volunteers`);
  const now = anchor.getTime();
  const today = chinaDay(anchor);
  const yearAgo = addCalendarDays(today, -364);
  const volunteers = town.people.filter((p) => p.kind === 'volunteer');
  const byGrid = new Map<string, DemoPerson[]>();
  for (const v of volunteers) {
    const g = v.gridCodes[0];
    if (!g) continue;
    byGrid.set(g, [...(byGrid.get(g) ?? []), v]);
  }

  // ---------------------------------------------------------------- roster
  const rr = root.fork('roster');
  const profiles: GenProfile[] = [];
  const vetting: GenVetting[] = [];
  const statusEvents: GenStatusEvent[] = [];
  for (const v of volunteers) {
    const hasAccount = Boolean(v.username);
    const roll = rr.next();
    const status: VolunteerStatus = hasAccount
      ? 'approved'
      : roll < 0.015
        ? 'applied'
        : roll < 0.03
          ? 'vetting'
          : roll < 0.045
            ? 'suspended'
            : roll < 0.065
              ? 'exited'
              : roll < 0.07
                ? 'rejected'
                : 'approved';
    const recent = status === 'applied' || status === 'vetting';
    const appliedAt = new Date(now - (recent ? rr.int(2, 25) : rr.int(400, 1400)) * DAY - rr.int(0, 8) * 3_600_000);
    const approvedAt = ['approved', 'suspended', 'exited'].includes(status)
      ? new Date(appliedAt.getTime() + rr.int(8, 30) * DAY)
      : null;
    const party = rr.chance(0.34);
    const wd = rr.shuffle([1, 2, 3, 4, 5, 6, 7]).slice(0, rr.int(2, 5));
    const slot = rr.pick([
      { from: '08:00', to: '12:00' },
      { from: '14:00', to: '18:30' },
      { from: '19:00', to: '23:30' },
    ]);
    let changed = approvedAt ?? appliedAt;
    statusEvents.push({ personKey: v.key, from: null, to: 'applied', at: appliedAt, reason: null });
    if (status !== 'applied') {
      const idAt = new Date(appliedAt.getTime() + rr.int(1, 4) * DAY);
      vetting.push({ personKey: v.key, check: 'identity', result: 'pass', at: idAt, note: '身份证件核验一致' });
      statusEvents.push({ personKey: v.key, from: 'applied', to: 'vetting', at: idAt, reason: 'identity: pass' });
      if (status !== 'vetting') {
        const recAt = new Date(idAt.getTime() + rr.int(2, 10) * DAY);
        const fail = status === 'rejected';
        vetting.push({
          personKey: v.key,
          check: 'record_check',
          result: fail ? 'fail' : 'pass',
          at: recAt,
          note: fail ? '有违法记录，不符合义警条件' : '无违法犯罪记录',
        });
        if (rr.chance(0.5))
          vetting.push({ personKey: v.key, check: 'interview', result: 'pass', at: recAt, note: '面谈合格' });
        if (fail) {
          changed = new Date(recAt.getTime() + DAY);
          statusEvents.push({
            personKey: v.key,
            from: 'vetting',
            to: 'rejected',
            at: changed,
            reason: '背景审查未通过',
          });
        }
      }
    }
    if (approvedAt)
      statusEvents.push({ personKey: v.key, from: 'vetting', to: 'approved', at: approvedAt, reason: '审核通过' });
    let reason: string | null = null;
    if (status === 'suspended' || status === 'exited') {
      changed = new Date(now - rr.int(10, 200) * DAY);
      reason =
        status === 'suspended'
          ? rr.pick(['长期外出务工', '身体原因暂停'])
          : rr.pick(['搬离本镇', '个人原因退出', '年龄原因退出']);
      statusEvents.push({ personKey: v.key, from: 'approved', to: status, at: changed, reason });
    }
    profiles.push({
      personKey: v.key,
      status,
      skills: v.skills ?? [],
      partyMember: party,
      partyBranch: party ? PARTY_BRANCH : null,
      availability: wd.sort().map((weekday) => ({ weekday, ...slot })),
      appliedAt,
      approvedAt,
      statusChangedAt: changed,
      reason,
    });
  }
  const statusOf = new Map(profiles.map((p) => [p.personKey, p.status]));
  const approved = (p: DemoPerson) => statusOf.get(p.key) === 'approved';
  const exitedAt = new Map(
    profiles
      .filter((p) => p.status === 'suspended' || p.status === 'exited')
      .map((p) => [p.personKey, p.statusChangedAt]),
  );

  // ---------------------------------------------------------------- places
  const places: PlaceRef[] = [...town.communities, ...town.places].map((p) => ({
    key: p.key,
    name: p.name,
    kind: p.kind,
    gridCode: p.gridCode,
    point: p.point,
    polygon: p.polygon?.coordinates[0] ?? null,
    attributes: p.attributes,
  }));
  const placesIn = (g: string, kinds: string[]) => places.filter((p) => p.gridCode === g && kinds.includes(p.kind));

  // ---------------------------------------------------------------- teams and routes
  const tr = root.fork('teams');
  const teams: GenTeam[] = [];
  const routes: GenRoute[] = [];
  for (const g of town.grids) {
    const people = (byGrid.get(g.code) ?? []).filter(
      (p) =>
        statusOf.get(p.key) !== 'rejected' && statusOf.get(p.key) !== 'applied' && statusOf.get(p.key) !== 'vetting',
    );
    const leader = people.find((p) => p.title === '义警分队长' && approved(p)) ?? people.find(approved) ?? null;
    const key = `T-${g.code}`;
    teams.push({
      key,
      kind: 'patrol',
      name: `${g.name}义警巡逻队`,
      gridCode: g.code,
      placeKey: null,
      leaderKey: leader?.key ?? null,
      settings: {},
      members: people.filter((p) => statusOf.get(p.key) !== 'exited').map((p) => p.key),
      shops: [],
    });
    // The patrol line links the grid's communities and public places; the first one carries a QR code.
    const stops = [
      ...placesIn(g.code, ['community_police_office']),
      ...placesIn(g.code, ['village', 'street']),
      ...placesIn(g.code, ['school', 'business_district']),
    ].slice(0, 4);
    const ring = g.geometry.coordinates[0] ?? [];
    const centre: Position =
      ring.length > 0
        ? [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length]
        : town.station.center;
    const cps: GenCheckpoint[] = stops.map((p, i) => ({
      name: p.name,
      point: p.point,
      radiusM: 60,
      qr: i === 0,
      placeKey: p.key,
    }));
    while (cps.length < 3) {
      const a = (cps.length * 2 * Math.PI) / 3;
      cps.push({
        name: `${g.name}巡逻点${cps.length + 1}`,
        point: [centre[0] + 0.004 * Math.cos(a), centre[1] + 0.003 * Math.sin(a)],
        radiusM: 60,
        qr: false,
        placeKey: null,
      });
    }
    routes.push({
      key: `R-${g.code}`,
      teamKey: key,
      gridCode: g.code,
      name: `${g.name}巡逻线`,
      path: cps.map((c) => c.point),
      corridorM: 200,
      checkpoints: cps,
    });
  }

  const districts = places.filter((p) => p.kind === 'business_district');
  const demoVolunteer = volunteers.find((v) => v.username === 'volunteer');
  for (const [di, d] of districts.entries()) {
    const pool = tr.shuffle((byGrid.get(d.gridCode ?? '') ?? []).filter(approved));
    const half = Math.max(1, Math.ceil(pool.length / 2));
    for (let k = 0; k < 2; k++) {
      const members = (k === 0 ? pool.slice(0, half) : pool.slice(half)).map((p) => p.key);
      if (members.length === 0) continue;
      // The demo volunteer helps in the first district's first group (a volunteer belongs to several teams).
      if (di === 0 && k === 0 && demoVolunteer && !members.includes(demoVolunteer.key)) members.push(demoVolunteer.key);
      const key = `MG-${d.key}-${k + 1}`;
      const corner = d.polygon ?? [d.point];
      teams.push({
        key,
        kind: 'merchant_group',
        name: `${d.name}十户联防第${k + 1}组`,
        gridCode: d.gridCode,
        placeKey: d.key,
        leaderKey: members[0] ?? null,
        settings: { nightWindow: NIGHT_WINDOW },
        members,
        shops: Array.from({ length: 10 }, (_, i) => {
          const owner = members[i] ?? null;
          const person = owner ? volunteers.find((v) => v.key === owner) : undefined;
          const ownerName = person?.name ?? randomName(tr, tr.chance(0.6) ? 'M' : 'F');
          return {
            name: `${ownerName.slice(0, 1)}记${tr.pick(SHOP_KINDS)}`,
            ownerName,
            ownerKey: owner,
            address: `${d.name}${k * 10 + i + 1}号`,
            point: jitter(tr, d.point, 120),
          };
        }),
      });
      const ringPts = corner.length > 1 ? corner.slice(0, 4) : [d.point];
      routes.push({
        key: `R-${key}`,
        teamKey: key,
        gridCode: d.gridCode,
        name: `${d.name}夜巡线（第${k + 1}组）`,
        path: [...ringPts, ringPts[0] as Position],
        corridorM: 150,
        checkpoints: ringPts.map((p, i) => ({
          name: `${d.name}${['东北', '西北', '西南', '东南'][i] ?? ''}角`,
          point: p,
          radiusM: 50,
          qr: true,
          placeKey: i === 0 ? d.key : null,
        })),
      });
    }
  }

  // Guard posts stand at the primary and middle schools (kindergartens are escorted by parents).
  const schools = places.filter((p) => p.kind === 'school' && p.attributes.level !== 'kindergarten');
  for (const s of schools) {
    const near = tr.shuffle((byGrid.get(s.gridCode ?? '') ?? []).filter(approved)).slice(0, 4);
    const level = String(s.attributes.level ?? 'primary');
    const gate: Position = [Number(s.attributes.gateLng ?? s.point[0]), Number(s.attributes.gateLat ?? s.point[1])];
    const key = `SP-${s.key}`;
    teams.push({
      key,
      kind: 'school_post',
      name: `${s.name}护学岗`,
      gridCode: s.gridCode,
      placeKey: s.key,
      leaderKey: near[0]?.key ?? null,
      settings: { gateName: '正门', windows: POST_WINDOWS[level] ?? POST_WINDOWS.primary },
      members: near.map((p) => p.key),
      shops: [],
    });
    routes.push({
      key: `R-${key}`,
      teamKey: key,
      gridCode: s.gridCode,
      name: `${s.name}护学岗（正门）`,
      path: [],
      corridorM: 100,
      checkpoints: [{ name: '正门', point: gate, radiusM: 60, qr: true, placeKey: s.key }],
    });
  }
  const teamByKey = new Map(teams.map((t) => [t.key, t]));
  const routeOfTeam = new Map(routes.map((r) => [r.teamKey, r]));

  // ---------------------------------------------------------------- training
  const tg = root.fork('training');
  const sessions: GenSession[] = [];
  const certificates: GenCertificate[] = [];
  const active = volunteers.filter(approved);
  const topicCycle = ['LAW-01', 'SAFE-01', 'EMER-01', 'FA-01'];
  for (let i = 0; i < 26; i++) {
    const day = addCalendarDays(yearAgo, 7 + i * 14);
    if (day >= today) break;
    const code = topicCycle[i % topicCycle.length] as string;
    const course = COURSES.find((c) => c.code === code) as GenCourse;
    const startsAt = chinaInstant(day, tg.pick(['09:00', '14:00', '19:00']));
    const attendees = tg.shuffle(active).slice(0, tg.int(24, 44));
    const key = `S${String(i + 1).padStart(2, '0')}`;
    sessions.push({
      key,
      courseCode: code,
      startsAt,
      endsAt: new Date(startsAt.getTime() + course.hours * 3_600_000),
      place: tg.pick(['清溪派出所三楼会议室', '镇综合文化站', '清溪镇应急指挥中心']),
      trainer: tg.pick(['张警官', '刘律师', '镇卫生院王医生', '消防救援站李教官', '交警中队赵警官']),
      capacity: 50,
      attendance: attendees.map((p) => ({ personKey: p.key, passed: tg.chance(0.93) })),
    });
  }
  const issued = new Set<string>();
  for (const s of sessions) {
    const course = COURSES.find((c) => c.code === s.courseCode) as GenCourse;
    const day = chinaDay(s.startsAt);
    for (const a of s.attendance) {
      if (!a.passed) continue;
      issued.add(`${a.personKey}:${s.courseCode}`);
      certificates.push({
        key: `C-${s.key}-${a.personKey}`,
        personKey: a.personKey,
        courseCode: s.courseCode,
        sessionKey: s.key,
        issuedOn: day,
        expiresOn: addCalendarDays(addMonthsIso(day, course.months), -1),
      });
    }
  }
  // Certificates from earlier years: night patrols need SAFE-01, school posts FA-01, held by their members.
  const needs = new Map<string, string>();
  for (const t of teams) {
    const code = t.kind === 'merchant_group' ? NIGHT_COURSE : t.kind === 'school_post' ? POST_COURSE : null;
    if (code) for (const m of t.members) needs.set(`${m}:${code}`, code);
  }
  for (const [k, code] of needs) {
    const personKey = k.slice(0, k.indexOf(':'));
    const course = COURSES.find((c) => c.code === code) as GenCourse;
    const issuedOn = addCalendarDays(today, -tg.int(380, 700));
    certificates.push({
      key: `C-prior-${k}`,
      personKey,
      courseCode: code,
      sessionKey: null,
      issuedOn,
      expiresOn: addCalendarDays(addMonthsIso(issuedOn, course.months), -1),
    });
  }

  // ---------------------------------------------------------------- shifts and duties
  const sr = root.fork('shifts');
  const shifts: GenShift[] = [];
  const duties: GenDuty[] = [];
  const busy = new Map<string, [number, number][]>();
  const free = (person: string, a: number, b: number) => !(busy.get(person) ?? []).some(([x, y]) => x < b && y > a);
  const book = (person: string, a: number, b: number) => busy.set(person, [...(busy.get(person) ?? []), [a, b]]);
  // Whoever signs in as the demo volunteer finds them free around the hour the demo was loaded, so that
  // claiming an open shift works at any hour (otherwise an evening patrol under way would overlap it).
  if (demoVolunteer) book(demoVolunteer.key, now - 2 * 3_600_000, now + 6 * 3_600_000);
  const patrolTeams = teams.filter((t) => t.kind === 'patrol' && t.members.length > 0);
  const merchantTeams = teams.filter((t) => t.kind === 'merchant_group');
  const postTeams = teams.filter((t) => t.kind === 'school_post' && t.members.length > 0);
  const lastDay = addCalendarDays(today, 14);
  let shiftSeq = 0;

  const addShift = (
    team: GenTeam,
    kind: GenShift['kind'],
    startsAt: Date,
    endsAt: Date,
    capacity: number,
    course: string | null,
    fill: number,
  ) => {
    const route = routeOfTeam.get(team.key);
    if (!route) return;
    const key = `SH${++shiftSeq}`;
    shifts.push({
      key,
      teamKey: team.key,
      routeKey: route.key,
      kind,
      startsAt,
      endsAt,
      capacity,
      requiredCourse: course,
    });
    const a = startsAt.getTime();
    const b = endsAt.getTime();
    const eligible = sr.shuffle(team.members).filter((m) => {
      const st = statusOf.get(m);
      const gone = exitedAt.get(m);
      const okStatus = st === 'approved' || (gone !== undefined && a < gone.getTime());
      return okStatus && free(m, a, b) && (!course || issued.has(`${m}:${course}`) || needs.has(`${m}:${course}`));
    });
    for (const m of eligible.slice(0, Math.min(fill, capacity))) {
      book(m, a, b);
      duties.push(makeDuty(sr, `${key}-${m}`, key, m, route, kind, startsAt, endsAt, now));
    }
  };

  for (let day = yearAgo; day <= lastDay; day = addCalendarDays(day, 1)) {
    const n = Math.round((Date.parse(day) - Date.parse(yearAgo)) / DAY);
    // Community patrols: four teams a day, one per window, rotating through the town.
    PATROL_WINDOWS.forEach((w, k) => {
      const team = patrolTeams[(n * PATROL_WINDOWS.length + k) % patrolTeams.length];
      if (!team) return;
      const [slot] = expandRota(day, day, [w], { kind: 'every_day' });
      if (!slot) return;
      const future = slot.startsAt.getTime() > now;
      addShift(
        team,
        'patrol',
        slot.startsAt,
        slot.endsAt,
        3,
        null,
        future
          ? sr.int(0, 3)
          : sr.weighted([
              [2, 7],
              [3, 3],
            ]),
      );
    });
    // Night patrols of the merchants' groups: a quarter of the groups each night, taking turns.
    const groupsTonight = merchantTeams.filter((_, i) => (i + n) % 4 === 0);
    for (const team of groupsTonight) {
      const [slot] = expandRota(day, day, [NIGHT_WINDOW], { kind: 'every_day' });
      if (!slot) continue;
      const future = slot.startsAt.getTime() > now;
      addShift(
        team,
        'night_patrol',
        slot.startsAt,
        slot.endsAt,
        3,
        NIGHT_COURSE,
        future
          ? sr.int(0, 3)
          : sr.weighted([
              [2, 4],
              [3, 5],
            ]),
      );
    }
    // School guard posts on school days.
    const year = Number(day.slice(0, 4));
    for (const team of postTeams) {
      const windows = (team.settings.windows as TimeWindow[] | undefined) ?? [];
      for (const slot of expandRota(day, day, windows, { kind: 'school_days', breaks: schoolBreaks(year) })) {
        const future = slot.startsAt.getTime() > now;
        addShift(team, 'school_post', slot.startsAt, slot.endsAt, 2, POST_COURSE, future ? sr.int(1, 2) : 2);
      }
    }
  }

  // ---------------------------------------------------------------- hazards
  const hz = root.fork('hazards');
  const hazards: GenHazard[] = [];
  const doneDuties = duties.filter((d) => d.status === 'checked_out' && d.points.length > 0);
  const shiftByKey = new Map(shifts.map((s) => [s.key, s]));
  const enterprises = places.filter((p) => p.kind === 'enterprise');
  const target = 192;
  for (let i = 0; i < target; i++) {
    const duty = hz.pick(doneDuties);
    const shift = shiftByKey.get(duty.shiftKey);
    const team = shift ? teamByKey.get(shift.teamKey) : undefined;
    const fix = hz.pick(duty.points);
    const reportedAt = new Date(fix.at);
    const category = hz.weighted(
      HAZARD_CATEGORIES.map(
        (c) => [c, { fire: 30, electrical: 24, traffic: 15, public_order: 11, building: 12, other: 8 }[c]] as const,
      ),
    );
    const title = hz.pick(HAZARD_TITLES[category]);
    const ageDays = (now - reportedAt.getTime()) / DAY;
    const reporter = town.people.find((p) => p.key === duty.personKey);
    const events: GenHazard['events'] = [
      { at: reportedAt, kind: 'reported', actor: reporter?.name ?? null, note: title },
    ];
    const grid = team?.gridCode ?? null;
    const officer = town.grids.find((g) => g.code === grid)?.officerKey;
    const officerName = town.people.find((p) => p.key === officer)?.name ?? '社区民警';
    let status: GenHazard['status'] = 'reported';
    let responsible: GenHazard['responsible'] = null;
    let dueOn: string | null = null;
    let assignedAt: Date | null = null;
    let rectifiedAt: Date | null = null;
    let closedAt: Date | null = null;
    const dismiss = hz.chance(0.03);
    const assignDelay = hz.float(0.2, 2.5) * DAY;
    if (ageDays * DAY > assignDelay) {
      const at = new Date(reportedAt.getTime() + assignDelay);
      if (dismiss) {
        status = 'dismissed';
        closedAt = at;
        events.push({ at, kind: 'dismissed', actor: officerName, note: '经核实已由业主自行处理，不构成隐患' });
      } else {
        const nearby = enterprises.filter((e) => e.gridCode === grid);
        const kind =
          category === 'traffic' || category === 'other'
            ? 'department'
            : nearby.length > 0 && hz.chance(0.45)
              ? 'enterprise'
              : hz.chance(0.5)
                ? 'owner'
                : 'department';
        const ent = kind === 'enterprise' ? hz.pick(nearby) : null;
        responsible = {
          kind,
          name: ent?.name ?? (kind === 'owner' ? `业主${randomName(hz, 'M')}` : hz.pick(DEPARTMENTS)),
          placeKey: ent?.key ?? null,
        };
        status = 'assigned';
        assignedAt = at;
        dueOn = addCalendarDays(chinaDay(at), hz.int(5, 20));
        events.push({ at, kind: 'assigned', actor: officerName, note: `${responsible.name}，限期 ${dueOn}` });
        const late = hz.chance(0.12);
        const rectAt = new Date(
          Date.parse(`${dueOn}T02:00:00Z`) + (late ? hz.int(2, 12) : -hz.int(0, 4)) * DAY + hz.int(0, 8) * 3_600_000,
        );
        if (late && Math.min(rectAt.getTime(), now) > Date.parse(`${dueOn}T16:00:00Z`)) {
          events.push({
            at: new Date(Date.parse(`${dueOn}T16:00:00Z`) + 60_000),
            kind: 'overdue_reminder',
            actor: null,
            note: `期限 ${dueOn}`,
          });
        }
        if (rectAt.getTime() < now && rectAt > at) {
          status = 'rectified';
          rectifiedAt = rectAt;
          events.push({ at: rectAt, kind: 'rectified', actor: officerName, note: '已整改完毕，现场拍照留存' });
          const closeAt = new Date(rectAt.getTime() + hz.float(0.1, 3) * DAY);
          if (closeAt.getTime() < now) {
            status = 'closed';
            closedAt = closeAt;
            events.push({ at: closeAt, kind: 'closed', actor: officerName, note: '复查合格，销号' });
          }
        }
      }
    }
    hazards.push({
      key: `H${String(i + 1).padStart(3, '0')}`,
      category,
      title,
      description: `${team?.name ?? ''}巡逻中发现：${title}`,
      point: [fix.lng, fix.lat],
      gridCode: grid,
      dutyKey: duty.key,
      reporterKey: duty.personKey,
      reportedAt,
      status,
      responsible,
      dueOn,
      assignedAt,
      rectifiedAt,
      closedAt,
      events,
    });
  }
  hazards.sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());

  return {
    profiles,
    vetting,
    statusEvents,
    teams,
    routes,
    courses: [...COURSES],
    sessions,
    certificates,
    shifts,
    duties,
    hazards,
    alarmsPerDistrict: 5,
    partyBranch: PARTY_BRANCH,
  };
}

/** `months` calendar months after an ISO date (clamped to the month's last day). */
export function addMonthsIso(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * One volunteer on one shift: a check-in near the first checkpoint around
 * the start, a walk along the route (back and forth at about 3.5 km/h) with
 * a fix every 10–13 minutes, passes at the checkpoints reached (a few
 * missed), a check-out around the end. A post is a stay at the gate.
 */
function makeDuty(
  rng: Rng,
  key: string,
  shiftKey: string,
  personKey: string,
  route: GenRoute,
  kind: GenShift['kind'],
  startsAt: Date,
  endsAt: Date,
  now: number,
): GenDuty {
  const a = startsAt.getTime();
  const b = endsAt.getTime();
  const claimedAt = new Date(a - rng.int(1, 10) * DAY - rng.int(0, 12) * 3_600_000);
  const base: GenDuty = {
    key,
    shiftKey,
    personKey,
    claimedAt: claimedAt.getTime() > now ? new Date(now - rng.int(1, 48) * 3_600_000) : claimedAt,
    status: 'claimed',
    checkIn: null,
    checkOut: null,
    points: [],
    passes: [],
    flags: [],
    verification: null,
    served: null,
  };
  if (a - 20 * MIN > now) return base;
  // A few volunteers do not turn up: their claim stays, without evidence.
  if (rng.chance(0.015)) return base;
  const path = route.path.length > 0 ? route.path : [route.checkpoints[0]?.point ?? [0, 0]];
  const start = path[0] as Position;
  const inAt = a + rng.int(-12, 6) * MIN;
  // A shift about to start: the volunteer has not checked in yet (never a check-in after the demo's "now").
  if (inAt > now) return base;
  const far = rng.chance(0.01);
  const checkInPos = far ? jitter(rng, [start[0] + 0.004, start[1] + 0.003], 30) : jitter(rng, start, 25);
  base.checkIn = { at: inAt, lng: checkInPos[0], lat: checkInPos[1], accuracyM: rng.int(5, 25) };
  if (far) {
    base.flags = ['far_check_in'];
  }
  base.status = 'checked_in';
  const outAt = Math.min(b + rng.int(-10, 12) * MIN, now);
  const lengths = cumulative(path);
  const total = lengths[lengths.length - 1] ?? 0;
  const speed = 3.5 / 3.6; // m/s
  const posAt = (t: number): Position => {
    if (total === 0) return path[0] as Position;
    const walked = ((t - Math.max(a, inAt)) / 1000) * speed;
    const lap = walked % (2 * total);
    return along(path, lap <= total ? lap : 2 * total - lap);
  };
  // A fix at least every 14 minutes (the hours rule tolerates 15); a post's phone sends fewer than a walker's.
  let t = Math.max(a, inAt) + rng.int(0, 2) * MIN;
  while (t < outAt) {
    const p = jitter(rng, posAt(t), total === 0 ? 20 : 15);
    base.points.push({ at: t, lng: p[0], lat: p[1], accuracyM: rng.int(4, 30) });
    t += rng.int(12, 14) * MIN;
  }
  // Checkpoint passes: the first time the walk reaches each vertex (QR where posted), a few missed.
  route.checkpoints.forEach((cp, i) => {
    if (rng.chance(0.06)) return;
    const vertex = route.path.findIndex((p) => p[0] === cp.point[0] && p[1] === cp.point[1]);
    const d = vertex >= 0 ? (lengths[vertex] ?? 0) : 0;
    const at = Math.max(a, inAt) + (d / speed) * 1000 + rng.int(0, 90) * 1000;
    if (at >= outAt) return;
    const p = jitter(rng, cp.point, 10);
    base.passes.push({ checkpointIndex: i, at: new Date(at), method: cp.qr ? 'qr' : 'proximity', point: p });
    base.points.push({ at, lng: p[0], lat: p[1], accuracyM: rng.int(4, 15) });
  });
  base.points.sort((x, y) => x.at - y.at);
  if (outAt < b + 12 * MIN && outAt <= now && b <= now) {
    const p = jitter(rng, posAt(outAt), 20);
    base.checkOut = { at: outAt, lng: p[0], lat: p[1], accuracyM: rng.int(5, 25) };
    base.status = 'checked_out';
    base.verification = base.flags.length > 0 ? (rng.chance(0.7) ? 'approved' : 'pending') : 'auto';
    if (kind === 'school_post') base.served = rng.int(15, 25);
  }
  return base;
}
