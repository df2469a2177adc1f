import { addCalendarDays, CN_CALENDAR, createRng, isWorkingDay, type Rng, type WorkCalendar } from '@fengqiao/domain';
import { createIdentityFactory, randomName } from './identity.generator';
import type { DemoTown, Position } from './town.types';

/**
 * A year of the service hall up to yesterday, simulated rather than drawn:
 * residents arrive through the day, windows call them in the hall's order
 * (on-time appointments first, green channel, then first come first
 * served), and waiting follows from arrivals, open windows and handling
 * times. The reform shows as the article describes it: the first quarter is
 * the baseline (3–4 windows, about 14 minutes a visit, no appointments);
 * then fewer materials and steps bring handling to about 7 minutes, online
 * appointments and applications spread and move visits online, and a
 * one-stop window opens — waiting falls by roughly 70%. Nothing about the
 * outcome is typed in: the statistics are computed from the simulated
 * event log. Deterministic: every choice draws from forks of one seed.
 */

export type DemoTicketEventKind =
  | 'ticketed'
  | 'called'
  | 'recalled'
  | 'started'
  | 'transferred'
  | 'no_show'
  | 'finished'
  | 'cancelled';

export interface DemoTicketEvent {
  kind: DemoTicketEventKind;
  at: Date;
  windowNumber: number | null;
  serviceCode: string;
}

export interface DemoTicket {
  key: string;
  day: string;
  number: string;
  serviceCode: string;
  kind: 'walk_in' | 'appointment';
  priority: boolean;
  appointmentKey: string | null;
  appointmentStartsAt: Date | null;
  citizenKey: string | null;
  status: 'finished' | 'no_show' | 'cancelled';
  windowNumber: number | null;
  ticketedAt: Date;
  calledAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  callCount: number;
  outcome: 'done' | 'accepted' | 'materials_missing' | 'referred' | null;
  events: DemoTicketEvent[];
}

export interface DemoAppointment {
  key: string;
  number: string;
  citizenKey: string;
  serviceCode: string;
  windowNumber: number;
  day: string;
  startsAt: Date;
  endsAt: Date;
  status: 'booked' | 'completed' | 'no_show' | 'cancelled';
  createdAt: Date;
  checkedInAt: Date | null;
  cancelledAt: Date | null;
  ticketKey: string | null;
}

export interface DemoCitizen {
  key: string;
  name: string;
  phone: string;
  idNumber: string;
  createdAt: Date;
}

export interface DemoWindow {
  number: number;
  name: string;
  kind: 'general' | 'enterprise';
  serviceCodes: string[];
}

export interface DemoApplication {
  key: string;
  number: string;
  citizenKey: string;
  serviceCode: string;
  status: 'submitted' | 'in_review' | 'needs_correction' | 'approved' | 'rejected' | 'withdrawn';
  round: number;
  submittedAt: Date;
  lastSubmittedAt: Date;
  dueDay: string;
  decidedAt: Date | null;
  decisionReason: string | null;
  correctionReason: string | null;
  correctionMaterials: string[];
  materials: { code: string; round: number; at: Date }[];
  events: { at: Date; kind: string; actor: 'applicant' | 'clerk' | 'system'; note: string | null }[];
  address: string;
}

export interface DemoCase {
  key: string;
  number: string;
  enterpriseKey: string;
  serviceCode: string;
  contactName: string;
  contactPhone: string;
  persons: number;
  receivedAt: Date;
  receivedDay: string;
  dueDay: string;
  limitDays: number;
  status: 'open' | 'done';
  closedAt: Date | null;
  closedDay: string | null;
  outcomeNote: string | null;
  note: string;
}

export interface DemoVisit {
  enterpriseKey: string;
  visitedOn: string;
  officerKeys: string[];
  purpose: string;
  issuesFound: string;
  issueCount: number;
  followUp: string | null;
  followUpDue: string | null;
  followUpDoneAt: Date | null;
  followUpNote: string | null;
}

export interface DemoTraining {
  heldOn: string;
  topic: string;
  location: string;
  trainer: string;
  attendees: number;
  enterpriseKeys: string[];
}

export interface DemoHomeVisit {
  number: string;
  citizenKey: string | null;
  serviceCode: string;
  personName: string;
  reason: 'elderly' | 'disabled' | 'ill' | 'other';
  reasonNote: string;
  phone: string;
  address: string;
  point: Position;
  gridCode: string | null;
  source: 'online' | 'phone' | 'counter' | 'grid_worker';
  preferredDay: string | null;
  requestedAt: Date;
  status: 'requested' | 'scheduled' | 'done';
  officerKey: string | null;
  scheduledDay: string | null;
  doneAt: Date | null;
  outcomeNote: string | null;
}

export interface DemoSuggestionEvent {
  key: string;
  kind: 'meeting' | 'open_day';
  title: string;
  heldOn: string;
  location: string;
  attendees: number;
  note: string;
}

export interface DemoSuggestion {
  key: string;
  number: string;
  eventKey: string | null;
  channel: 'meeting' | 'open_day' | 'online' | 'hall';
  citizenKey: string | null;
  submitterName: string | null;
  category: 'service' | 'security' | 'traffic' | 'community' | 'other';
  content: string;
  status: 'received' | 'declined' | 'accepted' | 'in_progress' | 'done';
  answer: string | null;
  answeredAt: Date | null;
  action: string | null;
  progress: number;
  doneAt: Date | null;
  createdAt: Date;
  progressLog: { at: Date; progress: number; note: string }[];
}

export interface HallDemo {
  windows: DemoWindow[];
  citizens: DemoCitizen[];
  tickets: DemoTicket[];
  appointments: DemoAppointment[];
  applications: DemoApplication[];
  cases: DemoCase[];
  visits: DemoVisit[];
  trainings: DemoTraining[];
  homeVisits: DemoHomeVisit[];
  suggestionEvents: DemoSuggestionEvent[];
  suggestions: DemoSuggestion[];
}

// ------------------------------------------------------------------ the hall

const HOUSEHOLD = [
  'hukou.move_in',
  'hukou.move_out',
  'hukou.birth',
  'hukou.death',
  'hukou.change',
  'hukou.split',
  'hukou.booklet_replace',
  'hukou.certificate',
];
const ID_CARD = ['id.first', 'id.renew', 'id.replace', 'id.temporary'];
const RESIDENCE = ['residence.permit', 'residence.endorse', 'certificate.no_record', 'hukou.certificate'];
const ENTERPRISE = ['hukou.collective', 'enterprise.seal'];

export const DEMO_WINDOWS: DemoWindow[] = [
  { number: 1, name: '户籍业务', kind: 'general', serviceCodes: HOUSEHOLD },
  { number: 2, name: '户籍业务', kind: 'general', serviceCodes: HOUSEHOLD },
  { number: 3, name: '身份证业务', kind: 'general', serviceCodes: ID_CARD },
  { number: 4, name: '身份证业务', kind: 'general', serviceCodes: ID_CARD },
  { number: 5, name: '居住证·证明', kind: 'general', serviceCodes: RESIDENCE },
  { number: 6, name: '企业服务专窗', kind: 'enterprise', serviceCodes: ENTERPRISE },
  {
    number: 7,
    name: '综合受理（一窗通办）',
    kind: 'general',
    serviceCodes: [...new Set([...HOUSEHOLD, ...ID_CARD, ...RESIDENCE])],
  },
];

/** Services residents come for, with their share of visits and relative handling effort. */
const SERVICE_MIX: readonly (readonly [code: string, weight: number, effort: number])[] = [
  ['id.renew', 20, 0.8],
  ['id.first', 6, 0.9],
  ['id.replace', 8, 0.8],
  ['id.temporary', 4, 0.5],
  ['hukou.move_in', 8, 1.6],
  ['hukou.move_out', 5, 1.0],
  ['hukou.birth', 5, 1.3],
  ['hukou.death', 2, 0.8],
  ['hukou.change', 3, 1.7],
  ['hukou.split', 2, 1.4],
  ['hukou.booklet_replace', 3, 0.7],
  ['hukou.certificate', 10, 0.5],
  ['residence.permit', 9, 1.2],
  ['residence.endorse', 5, 0.5],
  ['certificate.no_record', 6, 0.6],
  ['hukou.collective', 2, 1.8],
  ['enterprise.seal', 2, 0.9],
];
const MEAN_EFFORT = SERVICE_MIX.reduce((s, [, w, e]) => s + w * e, 0) / SERVICE_MIX.reduce((s, [, w]) => s + w, 0);
const PREFIX: Record<string, string> = Object.fromEntries(
  SERVICE_MIX.map(([code]) => [
    code,
    code.startsWith('id.')
      ? 'B'
      : ENTERPRISE.includes(code)
        ? 'E'
        : RESIDENCE.includes(code) && !code.startsWith('hukou')
          ? 'C'
          : code === 'hukou.certificate'
            ? 'C'
            : 'A',
  ]),
);
const ONLINE = [
  'hukou.move_in',
  'hukou.move_out',
  'hukou.birth',
  'hukou.change',
  'hukou.split',
  'hukou.certificate',
  'residence.permit',
  'residence.endorse',
  'certificate.no_record',
];
const LIMITS: Record<string, number> = {
  'hukou.move_in': 3,
  'hukou.move_out': 0,
  'hukou.birth': 0,
  'hukou.change': 10,
  'hukou.split': 3,
  'hukou.certificate': 0,
  'residence.permit': 10,
  'residence.endorse': 0,
  'certificate.no_record': 3,
  'hukou.collective': 3,
  'enterprise.seal': 1,
};
const REQUIRED: Record<string, string[]> = {
  'hukou.move_in': ['hukou_booklet', 'id_card', 'basis_proof'],
  'hukou.move_out': ['id_card'],
  'hukou.birth': ['birth_certificate', 'hukou_booklet', 'id_card'],
  'hukou.change': ['hukou_booklet', 'id_card', 'evidence'],
  'hukou.split': ['hukou_booklet', 'property_proof'],
  'hukou.certificate': ['id_card'],
  'residence.permit': ['id_card', 'residence_proof', 'employment_proof'],
  'residence.endorse': ['residence_permit'],
  'certificate.no_record': ['id_card'],
};

/** Arrivals per quarter-hour from 08:30 (index 0) to 16:45 (index 33): a morning peak and an afternoon one. */
const ARRIVAL_PROFILE = [
  2, 4, 6, 7, 7, 7, 6, 6, 5, 5, 4, 3, 2, 1, 1, 1, 1, 1, 3, 5, 6, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 1,
];

const MIN = 60_000;
const at = (day: string, minutes: number) => new Date(new Date(`${day}T00:00:00+08:00`).getTime() + minutes * MIN);
const localDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

interface Phase {
  /** Which windows open (numbers). */
  windows: number[];
  /** Mean handling minutes of an average visit. */
  handleMean: number;
  /** Share of visits by appointment. */
  appointmentShare: number;
  /** Walk-in arrivals per day. */
  arrivals: number;
  /** Online applications per working day. */
  applications: number;
}

/** The reform over the year: f = 0 a year ago, 1 yesterday. */
export function phaseAt(f: number): Phase {
  const ramp = (a: number, b: number, from: number, to: number) =>
    f <= from ? a : f >= to ? b : a + ((b - a) * (f - from)) / (to - from);
  return {
    windows: f < 0.5 ? [1, 2, 3, 5, 6] : [1, 3, 6, 7],
    handleMean: ramp(14, 7, 0.25, 0.75),
    appointmentShare: ramp(0, 0.35, 0.25, 0.65),
    arrivals: ramp(66, 60, 0.25, 0.75),
    applications: f < 0.25 ? 0 : ramp(1.5, 4, 0.25, 0.8),
  };
}

function logNormal(rng: Rng, mean: number, shape = 0.45): number {
  return Math.exp(rng.normal(Math.log(mean) - (shape * shape) / 2, shape));
}

interface Waiting {
  ticket: DemoTicket;
  queuedAt: number;
  dueAt: number | null;
}

/** One working day of the hall, simulated in 15-second steps. */
function simulateDay(
  rng: Rng,
  day: string,
  f: number,
  counters: { tickets: number; appointments: number },
  pickCitizen: (day: string) => string,
  out: { tickets: DemoTicket[]; appointments: DemoAppointment[] },
): void {
  const phase = phaseAt(f);
  const windows = DEMO_WINDOWS.filter((w) => phase.windows.includes(w.number));
  const numbers = new Map<string, number>();
  const nextNumber = (prefix: string) => {
    const n = (numbers.get(prefix) ?? 0) + 1;
    numbers.set(prefix, n);
    return `${prefix}${String(n).padStart(3, '0')}`;
  };
  const dayStart = at(day, 0).getTime();
  // Mondays are busier, Fridays quieter; the weeks before the Spring Festival and the summer holidays too.
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  const month = Number(day.slice(5, 7));
  const load =
    (weekday === 1 ? 1.15 : weekday === 5 ? 0.9 : 1) *
    (month === 1 || month === 2 ? 1.12 : month === 7 || month === 8 ? 1.08 : 1);
  const n = Math.max(10, Math.round(rng.normal(phase.arrivals * load, 6)));
  const arrivals: { t: number; service: string; appointment: boolean }[] = [];
  const profileTotal = ARRIVAL_PROFILE.reduce((s, x) => s + x, 0);
  for (let i = 0; i < n; i++) {
    let r = rng.next() * profileTotal;
    let q = 0;
    for (; q < ARRIVAL_PROFILE.length - 1; q++) {
      r -= ARRIVAL_PROFILE[q] ?? 0;
      if (r < 0) break;
    }
    const service = rng.weighted(SERVICE_MIX.map(([code, w]) => [code, w] as const));
    arrivals.push({
      t: dayStart + (8 * 60 + 30 + q * 15) * MIN + rng.next() * 15 * MIN,
      service,
      appointment: !ENTERPRISE.includes(service) && rng.chance(phase.appointmentShare),
    });
  }
  arrivals.sort((a, b) => a.t - b.t);

  const pending: { t: number; ticket: DemoTicket; dueAt: number | null }[] = [];
  const created: DemoTicket[] = [];
  for (const a of arrivals) {
    let dueAt: number | null = null;
    let appointmentKey: string | null = null;
    let citizenKey: string | null = null;
    let arrival = a.t;
    if (a.appointment) {
      // Appointments sit on the 30-minute slot grid; residents check in within 15 minutes before their slot.
      const mins = (a.t - dayStart) / MIN;
      let slot = Math.round((mins - 5) / 30) * 30;
      slot = Math.min(16 * 60 + 30, Math.max(9 * 60, slot));
      if (slot >= 12 * 60 && slot < 13 * 60 + 30) slot = rng.chance(0.5) ? 11 * 60 + 30 : 13 * 60 + 30;
      dueAt = dayStart + slot * MIN;
      arrival = dueAt - rng.float(0, 15) * MIN;
      citizenKey = pickCitizen(day);
      counters.appointments += 1;
      appointmentKey = `A${counters.appointments}`;
      const window =
        windows.find((w) => w.kind === 'general' && w.serviceCodes.includes(a.service) && w.number !== 7) ?? windows[0];
      const missed = rng.chance(0.05);
      out.appointments.push({
        key: appointmentKey,
        number: `YY${day.replaceAll('-', '')}${String(counters.appointments).padStart(6, '0')}`,
        citizenKey,
        serviceCode: a.service,
        windowNumber: window?.number ?? 1,
        day,
        startsAt: new Date(dueAt),
        endsAt: new Date(dueAt + 30 * MIN),
        status: missed ? 'no_show' : 'completed',
        createdAt: new Date(dayStart - rng.int(1, 7) * 86_400_000 + rng.int(8 * 60, 22 * 60) * MIN),
        checkedInAt: missed ? null : new Date(arrival),
        cancelledAt: null,
        ticketKey: null,
      });
      if (missed) continue;
    }
    counters.tickets += 1;
    const serviceCode = a.service;
    const kind = a.appointment ? 'appointment' : 'walk_in';
    const ticket: DemoTicket = {
      key: `T${counters.tickets}`,
      day,
      number: nextNumber(a.appointment ? 'Y' : (PREFIX[serviceCode] ?? 'A')),
      serviceCode,
      kind,
      priority: !a.appointment && rng.chance(0.03),
      appointmentKey,
      appointmentStartsAt: dueAt === null ? null : new Date(dueAt),
      citizenKey,
      status: 'finished',
      windowNumber: null,
      ticketedAt: new Date(arrival),
      calledAt: null,
      startedAt: null,
      finishedAt: null,
      callCount: 0,
      outcome: null,
      events: [{ kind: 'ticketed', at: new Date(arrival), windowNumber: null, serviceCode }],
    };
    if (appointmentKey) {
      const appt = out.appointments[out.appointments.length - 1];
      if (appt) appt.ticketKey = ticket.key;
    }
    pending.push({ t: arrival, ticket, dueAt });
    created.push(ticket);
  }
  created.sort((a, b) => a.ticketedAt.getTime() - b.ticketedAt.getTime());
  pending.sort((a, b) => a.t - b.t);

  const queue: Waiting[] = [];
  const freeAt = new Map(windows.map((w) => [w.number, dayStart + 9 * 60 * MIN]));
  const STEP = 15_000;
  const open = (t: number) => {
    const m = (t - dayStart) / MIN;
    return (m >= 9 * 60 && m < 12 * 60) || (m >= 13 * 60 + 30 && m < 17 * 60);
  };
  for (let t = dayStart + 8 * 60 * MIN + 30 * MIN; t < dayStart + 19 * 60 * MIN; t += STEP) {
    while (pending.length > 0 && (pending[0]?.t ?? Number.POSITIVE_INFINITY) <= t) {
      const p = pending.shift();
      if (p) queue.push({ ticket: p.ticket, queuedAt: p.t, dueAt: p.dueAt });
    }
    if (queue.length === 0) {
      if (pending.length === 0 && (t - dayStart) / MIN > 17 * 60) break;
      continue;
    }
    // After closing time the clerks finish the queue (up to 18:30), but call nobody at lunch.
    const late = (t - dayStart) / MIN >= 17 * 60 && (t - dayStart) / MIN < 18.5 * 60;
    if (!open(t) && !late) continue;
    for (const w of windows) {
      if ((freeAt.get(w.number) ?? 0) > t) continue;
      const due = (x: Waiting) => x.dueAt !== null && x.dueAt - 15 * MIN <= t;
      let best = -1;
      for (let i = 0; i < queue.length; i++) {
        const x = queue[i];
        if (!x || !w.serviceCodes.includes(x.ticket.serviceCode)) continue;
        if (best < 0) {
          best = i;
          continue;
        }
        const b = queue[best];
        if (!b) continue;
        const key = (y: Waiting) =>
          [due(y) ? 0 : 1, y.ticket.priority ? 0 : 1, due(y) ? (y.dueAt ?? 0) : y.queuedAt] as const;
        const [ka, kb] = [key(x), key(b)];
        if (ka[0] < kb[0] || (ka[0] === kb[0] && (ka[1] < kb[1] || (ka[1] === kb[1] && ka[2] < kb[2])))) best = i;
      }
      if (best < 0) continue;
      const [picked] = queue.splice(best, 1);
      if (!picked) continue;
      const tk = picked.ticket;
      const calledAt = t + rng.float(0, STEP);
      tk.windowNumber = w.number;
      tk.calledAt ??= new Date(calledAt);
      tk.callCount += 1;
      tk.events.push({ kind: 'called', at: new Date(calledAt), windowNumber: w.number, serviceCode: tk.serviceCode });
      if (rng.chance(0.02)) {
        tk.callCount += 1;
        tk.events.push({
          kind: 'recalled',
          at: new Date(calledAt + MIN),
          windowNumber: w.number,
          serviceCode: tk.serviceCode,
        });
        tk.events.push({
          kind: 'no_show',
          at: new Date(calledAt + 3 * MIN),
          windowNumber: w.number,
          serviceCode: tk.serviceCode,
        });
        tk.status = 'no_show';
        tk.finishedAt = new Date(calledAt + 3 * MIN);
        freeAt.set(w.number, calledAt + 3 * MIN);
        continue;
      }
      const started = calledAt + rng.float(20, 90) * 1000;
      const effort = SERVICE_MIX.find(([code]) => code === tk.serviceCode)?.[2] ?? 1;
      const handle = logNormal(rng, (phase.handleMean * effort) / MEAN_EFFORT) * MIN;
      const finished = started + handle;
      tk.startedAt ??= new Date(started);
      tk.events.push({ kind: 'started', at: new Date(started), windowNumber: w.number, serviceCode: tk.serviceCode });
      // A few need another service first (a household certificate for a move): transferred back into the queue.
      if (tk.serviceCode !== 'hukou.certificate' && HOUSEHOLD.includes(tk.serviceCode) && rng.chance(0.03)) {
        tk.events.push({
          kind: 'transferred',
          at: new Date(finished),
          windowNumber: w.number,
          serviceCode: tk.serviceCode,
        });
        tk.serviceCode = 'hukou.certificate';
        pending.push({ t: finished, ticket: tk, dueAt: null });
        pending.sort((a, b) => a.t - b.t);
      } else {
        tk.events.push({
          kind: 'finished',
          at: new Date(finished),
          windowNumber: w.number,
          serviceCode: tk.serviceCode,
        });
        tk.finishedAt = new Date(finished);
        tk.outcome = rng.weighted([
          ['done', 85],
          ['accepted', 8],
          ['materials_missing', 5],
          ['referred', 2],
        ] as const);
      }
      freeAt.set(w.number, finished + rng.float(10, 40) * 1000);
    }
  }
  // Whoever is still waiting at 18:30 went home.
  for (const x of [...queue, ...pending.map((p) => ({ ticket: p.ticket, queuedAt: p.t, dueAt: p.dueAt }))]) {
    x.ticket.status = 'cancelled';
    x.ticket.events.push({
      kind: 'cancelled',
      at: at(day, 18.5 * 60),
      windowNumber: null,
      serviceCode: x.ticket.serviceCode,
    });
  }
  out.tickets.push(...created);
}

// -------------------------------------------------------------- generator

const PURPOSES = [
  '警企恳谈，了解企业安全防范需求',
  '走访检查消防安全和内部治安保卫',
  '宣传防范电信网络诈骗',
  '了解员工矛盾纠纷情况',
  '回访企业反映的问题整改情况',
  '检查危险化学品和易燃物存放',
  '送法进企业，讲解劳动用工法律知识',
];
const ISSUES = [
  '消防通道堆放货物',
  '监控探头损坏未修复',
  '员工宿舍私拉电线',
  '厂区夜间无人值守',
  '外来务工人员登记不全',
  '灭火器过期未更换',
  '仓库门锁损坏',
];
const TOPICS = [
  '企业内部安全防范培训',
  '防范电信网络诈骗知识讲座',
  '消防安全与应急疏散演练',
  '劳动纠纷调解与法律知识培训',
  '企业保安员业务培训',
  '交通安全知识进企业',
  '反诈宣传进车间',
];
const SUGGESTION_TEMPLATES: readonly (readonly [
  category: DemoSuggestion['category'],
  content: string,
  action: string,
])[] = [
  ['service', '希望周末也能办理身份证业务', '每周六上午开设便民服务窗口'],
  ['service', '办理户籍证明要跑好几趟，能否网上开具', '开通户籍证明网上申请和电子证明'],
  ['service', '老人行动不便，希望上门办理身份证', '流动服务站每周两次上门服务'],
  ['service', '大厅等候区座位不够', '增加等候区座椅并设置老年人优先座位'],
  ['security', '村口路灯不亮，夜间不安全', '协调镇政府维修更换路灯'],
  ['security', '商业街夜间电动车被盗多发', '增加夜间巡逻并加装监控探头'],
  ['security', '学校门口上下学时段人车混杂', '增设护学岗，安排义警值守'],
  ['traffic', '工业园区大货车超速严重', '联合交警开展货车超速整治'],
  ['traffic', '路口红绿灯时间太短', '协调交管部门调整信号配时'],
  ['community', '小区外来人员多，希望加强管理', '指导物业落实出入登记'],
  ['community', '希望多开展防诈骗宣传', '每月进社区开展反诈宣传'],
  ['other', '希望公开民警联系方式', '在社区公示栏公示网格民警联系方式'],
];

export interface HallDemoInput {
  town: DemoTown;
  now: Date;
  calendar?: WorkCalendar;
  seed?: string;
}

export function generateHallDemo({ town, now, calendar = CN_CALENDAR, seed = 'hall-demo' }: HallDemoInput): HallDemo {
  const rng = createRng(`${town.seed}:${seed}`);
  const today = localDay(now);
  const first = addCalendarDays(today, -365);
  const days: string[] = [];
  for (let d = first; d < today; d = addCalendarDays(d, 1)) if (isWorkingDay(d, calendar)) days.push(d);

  // Residents who book, apply and follow online.
  const identity = createIdentityFactory(rng.fork('citizens'));
  const citizens: DemoCitizen[] = [];
  for (let i = 0; i < 2400; i++) {
    const p = identity({ minAge: 18, maxAge: 80 });
    citizens.push({
      key: `C${i + 1}`,
      name: p.name,
      phone: p.phone,
      idNumber: p.idNumber,
      createdAt: new Date(at(first, 0).getTime() + rng.int(0, 300) * 86_400_000),
    });
  }
  const booked = new Set<string>();
  const citizenRng = rng.fork('citizen-picks');
  const pickCitizen = (day: string): string => {
    for (;;) {
      const c = citizens[citizenRng.int(0, citizens.length - 1)];
      if (c && !booked.has(`${c.key}:${day}`)) {
        booked.add(`${c.key}:${day}`);
        return c.key;
      }
    }
  };

  const out = { tickets: [] as DemoTicket[], appointments: [] as DemoAppointment[] };
  const counters = { tickets: 0, appointments: 0 };
  const simRng = rng.fork('simulation');
  days.forEach((day, i) => {
    simulateDay(simRng.fork(day), day, i / Math.max(1, days.length - 1), counters, pickCitizen, out);
  });

  // Upcoming bookings over the next week, so the clerks' lists and the slots are not empty.
  const upRng = rng.fork('upcoming');
  const upcoming: string[] = [];
  for (let d = addCalendarDays(today, 1); upcoming.length < 7; d = addCalendarDays(d, 1))
    if (isWorkingDay(d, calendar)) upcoming.push(d);
  for (const day of upcoming) {
    const n = upRng.int(14, 24);
    for (let i = 0; i < n; i++) {
      const service = upRng.weighted(
        SERVICE_MIX.filter(([c]) => !ENTERPRISE.includes(c)).map(([code, w]) => [code, w] as const),
      );
      const window = DEMO_WINDOWS.find(
        (w) => w.kind === 'general' && w.serviceCodes.includes(service) && w.number !== 7,
      );
      const slot = upRng.pick([
        9 * 60,
        9.5 * 60,
        10 * 60,
        10.5 * 60,
        11 * 60,
        11.5 * 60,
        13.5 * 60,
        14 * 60,
        14.5 * 60,
        15 * 60,
        15.5 * 60,
        16 * 60,
        16.5 * 60,
      ]);
      counters.appointments += 1;
      const startsAt = at(day, slot);
      out.appointments.push({
        key: `A${counters.appointments}`,
        number: `YY${day.replaceAll('-', '')}${String(counters.appointments).padStart(6, '0')}`,
        citizenKey: pickCitizen(day),
        serviceCode: service,
        windowNumber: window?.number ?? 1,
        day,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * MIN),
        status: 'booked',
        createdAt: new Date(now.getTime() - upRng.int(1, 72) * 3_600_000),
        checkedInAt: null,
        cancelledAt: null,
        ticketKey: null,
      });
    }
  }

  const applications = makeApplications(rng.fork('applications'), days, today, calendar, citizens);
  const enterprises = town.places.filter((p) => p.kind === 'enterprise');
  const officers = town.people.filter((p) => p.kind === 'officer' && p.team === 'community');
  const staff = town.people.filter((p) => (p.kind === 'officer' || p.kind === 'auxiliary') && p.team === 'community');
  const cases = makeCases(
    rng.fork('cases'),
    days,
    today,
    calendar,
    enterprises.map((e) => e.key),
  );
  const visits = makeVisits(
    rng.fork('visits'),
    days,
    today,
    enterprises.map((e) => e.key),
    officers.map((o) => o.key),
  );
  const trainings = makeTrainings(
    rng.fork('trainings'),
    days,
    enterprises.map((e) => e.key),
    officers.map((o) => o.name),
  );
  const homeVisits = makeHomeVisits(
    rng.fork('home-visits'),
    days,
    today,
    upcoming,
    town,
    staff.map((s) => s.key),
    citizens,
  );
  const { events, suggestions } = makeSuggestions(rng.fork('suggestions'), days, today, citizens);
  return {
    windows: DEMO_WINDOWS,
    citizens,
    tickets: out.tickets,
    appointments: out.appointments,
    applications,
    cases,
    visits,
    trainings,
    homeVisits,
    suggestionEvents: events,
    suggestions,
  };
}

function makeApplications(
  rng: Rng,
  days: string[],
  today: string,
  cal: WorkCalendar,
  citizens: DemoCitizen[],
): DemoApplication[] {
  const out: DemoApplication[] = [];
  let n = 0;
  days.forEach((day, i) => {
    const f = i / Math.max(1, days.length - 1);
    const count = Math.floor(phaseAt(f).applications + rng.next());
    for (let k = 0; k < count; k++) {
      const service = rng.weighted(
        ONLINE.map(
          (c) =>
            [
              c,
              c === 'hukou.certificate' ? 6 : c === 'residence.permit' ? 5 : c === 'certificate.no_record' ? 5 : 2,
            ] as const,
        ),
      );
      const citizen = citizens[rng.int(0, citizens.length - 1)] as DemoCitizen;
      const submittedAt = at(day, rng.int(7 * 60, 23 * 60));
      const limit = LIMITS[service] ?? 3;
      const required = REQUIRED[service] ?? ['id_card'];
      const ageDays = days.length - 1 - i;
      n += 1;
      const a: DemoApplication = {
        key: `P${n}`,
        number: `SQ${day.replaceAll('-', '')}${String(n).padStart(6, '0')}`,
        citizenKey: citizen.key,
        serviceCode: service,
        status: 'submitted',
        round: 1,
        submittedAt,
        lastSubmittedAt: submittedAt,
        dueDay: addWorkingDaysLocal(day, limit, cal),
        decidedAt: null,
        decisionReason: null,
        correctionReason: null,
        correctionMaterials: [],
        materials: required.map((code) => ({ code, round: 1, at: submittedAt })),
        events: [{ at: submittedAt, kind: 'submitted', actor: 'applicant', note: null }],
        address: `清溪镇${rng.pick(['胜利街', '文化路', '新华大街', '建设路'])}${rng.int(1, 200)}号`,
      };
      // Recent ones are still open; older ones decided, mostly within the limit.
      const wdays = (d: number) => addWorkingDaysLocal(day, d, cal);
      const acceptDay = wdays(limit === 0 ? 0 : 1);
      const acceptAt = at(acceptDay, rng.int(9 * 60, 16 * 60));
      if (ageDays < 2 && rng.chance(0.6)) {
        out.push(a);
        continue;
      }
      if (acceptDay > today || acceptAt.getTime() > at(today, 0).getTime()) {
        out.push(a);
        continue;
      }
      a.status = 'in_review';
      a.events.push({ at: acceptAt, kind: 'accepted', actor: 'clerk', note: null });
      if (rng.chance(0.15) && required.length > 0) {
        const code = rng.pick(required);
        a.status = 'needs_correction';
        a.correctionReason = '材料不清晰，请重新上传';
        a.correctionMaterials = [code];
        a.events.push({
          at: new Date(acceptAt.getTime() + 30 * MIN),
          kind: 'correction_requested',
          actor: 'clerk',
          note: a.correctionReason,
        });
        const back = wdays(rng.int(1, 3) + (limit === 0 ? 0 : 1));
        if (back >= today) {
          out.push(a);
          continue;
        }
        const backAt = at(back, rng.int(8 * 60, 21 * 60));
        a.round = 2;
        a.lastSubmittedAt = backAt;
        a.dueDay = addWorkingDaysLocal(back, limit, cal);
        a.materials.push({ code, round: 2, at: backAt });
        a.events.push({ at: backAt, kind: 'resubmitted', actor: 'applicant', note: null });
        a.status = 'submitted';
      }
      const base = localDay(a.lastSubmittedAt);
      const within = rng.chance(0.95);
      const span =
        limit === 0
          ? within
            ? 0
            : 1
          : within
            ? rng.int(Math.max(1, Math.floor(limit / 2)), limit)
            : limit + rng.int(1, 2);
      const decideDay = addWorkingDaysLocal(base, span, cal);
      if (decideDay >= today) {
        a.status = 'in_review';
        out.push(a);
        continue;
      }
      const decidedAt = at(decideDay, rng.int(9 * 60, 17 * 60));
      const r = rng.weighted([
        ['approved', 92],
        ['rejected', 5],
        ['withdrawn', 3],
      ] as const);
      a.status = r;
      if (r === 'withdrawn') {
        a.events.push({ at: decidedAt, kind: 'withdrawn', actor: 'applicant', note: null });
      } else {
        a.decidedAt = decidedAt;
        a.decisionReason = r === 'approved' ? '材料齐全，准予办理' : '不符合办理条件';
        a.events.push({ at: decidedAt, kind: r, actor: 'clerk', note: a.decisionReason });
      }
      out.push(a);
    }
  });
  return out;
}

function addWorkingDaysLocal(day: string, n: number, cal: WorkCalendar): string {
  let d = day;
  if (n === 0) {
    while (!isWorkingDay(d, cal)) d = addCalendarDays(d, 1);
    return d;
  }
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d, cal)) left -= 1;
  }
  return d;
}

function makeCases(rng: Rng, days: string[], today: string, cal: WorkCalendar, enterprises: string[]): DemoCase[] {
  const out: DemoCase[] = [];
  days.forEach((day, i) => {
    if (!rng.chance(0.42)) return;
    const service = rng.chance(0.75) ? 'hukou.collective' : 'enterprise.seal';
    const limit = LIMITS[service] ?? 3;
    const receivedAt = at(day, rng.int(9 * 60, 16 * 60 + 30));
    const due = addWorkingDaysLocal(day, limit, cal);
    const span = rng.chance(0.94) ? rng.int(limit === 1 ? 0 : 1, limit) : limit + rng.int(1, 2);
    const closeDay = addWorkingDaysLocal(day, span, cal);
    const open = closeDay >= today || (days.length - i < 3 && rng.chance(0.5));
    const closedAt = open ? null : at(closeDay, rng.int(9 * 60, 17 * 60));
    out.push({
      key: `Q${out.length + 1}`,
      number: `QY${day.replaceAll('-', '')}${String(out.length + 1).padStart(6, '0')}`,
      enterpriseKey: rng.pick(enterprises),
      serviceCode: service,
      contactName: randomName(rng, rng.chance(0.6) ? 'F' : 'M'),
      contactPhone: `13${rng.int(3, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
      persons: service === 'hukou.collective' ? rng.int(1, 40) : 1,
      receivedAt,
      receivedDay: day,
      dueDay: due,
      limitDays: limit,
      status: open ? 'open' : 'done',
      closedAt,
      closedDay: closedAt ? localDay(closedAt) : null,
      outcomeNote: open ? null : service === 'hukou.collective' ? '集体户落户办结' : '印章备案完成',
      note: service === 'hukou.collective' ? '新入职员工集体户落户' : '新设立企业公章刻制备案',
    });
  });
  return out;
}

function makeVisits(rng: Rng, days: string[], today: string, enterprises: string[], officers: string[]): DemoVisit[] {
  const out: DemoVisit[] = [];
  const target = 315;
  for (let i = 0; i < target; i++) {
    const day = days[Math.min(days.length - 1, Math.floor((i / target) * days.length + rng.next() * 3))] as string;
    const issues = rng.chance(0.4) ? rng.int(1, 3) : 0;
    const found = rng.shuffle(ISSUES).slice(0, issues);
    const due = issues > 0 ? addCalendarDays(day, rng.int(7, 21)) : null;
    const done = due !== null && (due < today ? rng.chance(0.93) : rng.chance(0.3));
    out.push({
      enterpriseKey: rng.pick(enterprises),
      visitedOn: day,
      officerKeys: rng.shuffle(officers).slice(0, rng.int(1, 2)),
      purpose: rng.pick(PURPOSES),
      issuesFound: found.join('；'),
      issueCount: issues,
      followUp: issues > 0 ? `督促整改：${found.join('、')}` : null,
      followUpDue: due,
      followUpDoneAt: done && due ? at(due < today ? due : day, rng.int(9 * 60, 17 * 60)) : null,
      followUpNote: done ? '已复查，整改到位' : null,
    });
  }
  return out;
}

function makeTrainings(rng: Rng, days: string[], enterprises: string[], trainers: string[]): DemoTraining[] {
  const out: DemoTraining[] = [];
  const count = 48;
  for (let i = 0; i < count; i++) {
    const day = days[Math.min(days.length - 1, Math.floor((i / count) * days.length + rng.next() * 4))] as string;
    out.push({
      heldOn: day,
      topic: rng.pick(TOPICS),
      location: rng.chance(0.6) ? '企业会议室' : '派出所警民议事厅',
      trainer: `${rng.pick(trainers)}（社区民警）`,
      attendees: rng.int(60, 190),
      enterpriseKeys: rng.shuffle(enterprises).slice(0, rng.int(1, 8)),
    });
  }
  return out;
}

function makeHomeVisits(
  rng: Rng,
  days: string[],
  today: string,
  upcoming: string[],
  town: DemoTown,
  staff: string[],
  citizens: DemoCitizen[],
): DemoHomeVisit[] {
  const out: DemoHomeVisit[] = [];
  const reasons = [
    ['elderly', 60, '高龄老人，行动不便'],
    ['disabled', 20, '肢体残疾，出行困难'],
    ['ill', 15, '长期卧床'],
    ['other', 5, '重度视力障碍'],
  ] as const;
  const add = (day: string, status: DemoHomeVisit['status'], scheduled: string | null) => {
    const c = town.communities[rng.int(0, town.communities.length - 1)];
    if (!c) return;
    const reason = rng.weighted(reasons.map((r) => [r, r[1]] as const));
    const online = rng.chance(0.35);
    const citizen = online ? citizens[rng.int(0, citizens.length - 1)] : undefined;
    const requestedAt = at(day, rng.int(8 * 60, 18 * 60));
    const officer = scheduled ? rng.pick(staff) : null;
    out.push({
      number: `SM${day.replaceAll('-', '')}${String(out.length + 1).padStart(6, '0')}`,
      citizenKey: citizen?.key ?? null,
      serviceCode: rng.weighted([
        ['id.renew', 70],
        ['id.replace', 20],
        ['id.first', 10],
      ] as const),
      personName: randomName(rng, rng.chance(0.55) ? 'F' : 'M'),
      reason: reason[0],
      reasonNote: reason[2],
      phone: citizen?.phone ?? `13${rng.int(3, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
      address: `${c.name}${rng.int(1, 12)}组${rng.int(1, 60)}号`,
      point: [c.point[0] + rng.float(-0.004, 0.004), c.point[1] + rng.float(-0.003, 0.003)],
      gridCode: c.gridCode,
      source: online
        ? 'online'
        : rng.weighted([
            ['phone', 50],
            ['grid_worker', 35],
            ['counter', 15],
          ] as const),
      preferredDay: null,
      requestedAt,
      status,
      officerKey: officer,
      scheduledDay: scheduled,
      doneAt: status === 'done' && scheduled ? at(scheduled, rng.int(9 * 60, 17 * 60)) : null,
      outcomeNote: status === 'done' ? '已上门采集人像、指纹，证件办好后送达' : null,
    });
  };
  // About 210 done over the year, plus the pending ones of this week.
  for (let i = 0; i < 212; i++) {
    const idx = Math.min(days.length - 4, Math.floor((i / 212) * (days.length - 4)));
    const day = days[idx] as string;
    add(day, 'done', days[idx + rng.int(1, 3)] ?? day);
  }
  for (let i = 0; i < 4; i++) add(days[days.length - 1] ?? today, 'requested', null);
  for (let i = 0; i < 5; i++) add(days[days.length - 2] ?? today, 'scheduled', upcoming[i % 2] ?? today);
  return out;
}

function makeSuggestions(
  rng: Rng,
  days: string[],
  today: string,
  citizens: DemoCitizen[],
): { events: DemoSuggestionEvent[]; suggestions: DemoSuggestion[] } {
  const events: DemoSuggestionEvent[] = [];
  const suggestions: DemoSuggestion[] = [];
  const meetings = 11;
  const openDays = 4;
  for (let i = 0; i < meetings + openDays; i++) {
    const meeting = i < meetings;
    const idx =
      Math.floor(((meeting ? i : i - meetings) / (meeting ? meetings : openDays)) * (days.length - 10)) + rng.int(0, 5);
    const day = days[Math.min(days.length - 10, idx)] as string;
    events.push({
      key: `E${i + 1}`,
      kind: meeting ? 'meeting' : 'open_day',
      title: meeting ? `${rng.pick(['胜利街', '文化路', '工业园区', '北关村', '南王庄'])}警民恳谈会` : '警营开放日',
      heldOn: day,
      location: meeting ? rng.pick(['社区警务室', '村委会议室', '工业园区党群服务中心']) : '清溪派出所',
      attendees: meeting ? rng.int(25, 60) : rng.int(80, 200),
      note: meeting ? '民警通报辖区治安形势，听取群众意见' : '邀请群众参观警营、体验执法装备',
    });
  }
  const add = (createdAt: Date, channel: DemoSuggestion['channel'], eventKey: string | null) => {
    const [category, content, action] = rng.pick(SUGGESTION_TEMPLATES);
    const citizen = channel === 'online' ? citizens[rng.int(0, citizens.length - 1)] : undefined;
    const age = (new Date(`${today}T00:00:00+08:00`).getTime() - createdAt.getTime()) / 86_400_000;
    const s: DemoSuggestion = {
      key: `S${suggestions.length + 1}`,
      number: `JY${localDay(createdAt).replaceAll('-', '')}${String(suggestions.length + 1).padStart(6, '0')}`,
      eventKey,
      channel,
      citizenKey: citizen?.key ?? null,
      submitterName: citizen?.name ?? (channel === 'hall' ? null : randomName(rng, rng.chance(0.5) ? 'M' : 'F')),
      category,
      content,
      status: 'received',
      answer: null,
      answeredAt: null,
      action: null,
      progress: 0,
      doneAt: null,
      createdAt,
      progressLog: [],
    };
    if (age > 3) {
      const answeredAt = new Date(createdAt.getTime() + rng.int(1, 5) * 86_400_000);
      s.answeredAt = answeredAt;
      if (rng.chance(0.06)) {
        s.status = 'declined';
        s.answer = '经研究暂不具备条件，已向群众说明情况';
      } else {
        s.status = 'accepted';
        s.answer = '意见已采纳，正在落实';
        s.action = action;
        const doneAfter = rng.int(7, 40);
        if (age > doneAfter + 5 && rng.chance(0.985)) {
          const mid = new Date(answeredAt.getTime() + Math.floor(doneAfter / 2) * 86_400_000);
          const done = new Date(answeredAt.getTime() + doneAfter * 86_400_000);
          s.progressLog = [
            { at: mid, progress: 50, note: '正在协调落实' },
            { at: done, progress: 100, note: '已整改落实并回访' },
          ];
          s.status = 'done';
          s.progress = 100;
          s.doneAt = done;
        } else if (age > 8) {
          s.progressLog = [{ at: new Date(answeredAt.getTime() + 3 * 86_400_000), progress: 40, note: '已制定方案' }];
          s.status = 'in_progress';
          s.progress = 40;
        }
      }
    }
    suggestions.push(s);
  };
  for (const e of events) {
    const n = e.kind === 'meeting' ? rng.int(7, 10) : rng.int(5, 8);
    for (let i = 0; i < n; i++) add(at(e.heldOn, rng.int(9 * 60, 11 * 60)), e.kind, e.key);
  }
  while (suggestions.length < 152) {
    const day = days[rng.int(0, days.length - 1)] as string;
    add(at(day, rng.int(8 * 60, 22 * 60)), rng.chance(0.75) ? 'online' : 'hall', null);
  }
  suggestions.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return { events, suggestions };
}
