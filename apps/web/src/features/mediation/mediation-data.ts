import type { DisputeFilter } from '@fengqiao/contracts';

/**
 * Pure helpers of the mediation pages: the ledger filter in the address
 * bar, the matching score's explanation, deadlines, import problems and
 * rates. The numbers are the server's; nothing here computes an indicator.
 */

export const DISPUTE_STATUSES = ['open', 'resolved', 'closed', 'failed', 'withdrawn'] as const;
export const RISKS = ['red', 'orange', 'yellow'] as const;
export const LEVELS = [1, 2, 3] as const;
export const TRACKS = ['standard', 'commercial'] as const;
export const SOURCES = ['incident', 'walk_in', 'referral', 'online', 'screening'] as const;
export const OUTCOMES = ['success', 'partial', 'failed', 'withdrawn'] as const;
export const NEXT_STEPS = ['litigation', 'arbitration', 'administrative'] as const;
export const MEDIATOR_KINDS = [
  'government',
  'judge',
  'lawyer',
  'village_cadre',
  'volunteer',
  'chamber_of_commerce',
  'trade_association',
] as const;
export const VIEWS = ['all', 'mine', 'overdue', 'at_risk'] as const;
export const SORTS = ['registered_desc', 'registered_asc', 'due_asc'] as const;
export const FACTORS = ['specialty', 'level', 'locality', 'load', 'availability', 'track_record'] as const;
export const EXCLUSIONS = [
  'conflict_of_interest',
  'load_cap',
  'inactive',
  'not_commercial',
  'already_assigned',
] as const;

export type Risk = (typeof RISKS)[number];
export type View = (typeof VIEWS)[number];
export type Sort = (typeof SORTS)[number];
export type Factor = (typeof FACTORS)[number];

/** Tag colours of the risk levels: red / orange / yellow, as the ledger's paper forms mark them. */
export const RISK_TAG: Record<Risk, string> = { red: 'red', orange: 'orange', yellow: 'gold' };

function isOneOf<T extends string>(list: readonly T[], v: string | null): v is T {
  return v !== null && (list as readonly string[]).includes(v);
}

/** The ledger's state in the address bar: filter, view, sort and page. */
export interface LedgerState {
  filter: DisputeFilter;
  sort: Sort;
  page: number;
  pageSize: number;
}

const FILTER_TEXT_KEYS = ['status', 'level', 'risk', 'category', 'gridId', 'mediatorId', 'from', 'to', 'q'] as const;

/** Reads the ledger's state from the URL's search parameters; unknown or malformed values are dropped. */
export function ledgerStateFromParams(params: URLSearchParams): LedgerState {
  const filter: DisputeFilter = {};
  for (const k of FILTER_TEXT_KEYS) {
    const v = params.get(k)?.trim();
    if (v) filter[k] = v;
  }
  const track = params.get('track');
  if (isOneOf(TRACKS, track)) filter.track = track;
  const source = params.get('source');
  if (isOneOf(SOURCES, source)) filter.source = source;
  const view = params.get('view');
  if (isOneOf(VIEWS, view) && view !== 'all') filter.view = view;
  const sortParam = params.get('sort');
  const sort: Sort = isOneOf(SORTS, sortParam) ? sortParam : 'registered_desc';
  const page = Math.max(1, Math.floor(Number(params.get('page') ?? '1')) || 1);
  const size = Math.floor(Number(params.get('pageSize') ?? '20')) || 20;
  return { filter, sort, page, pageSize: Math.min(200, Math.max(10, size)) };
}

/** The search parameters for a ledger state (defaults left out, so links stay short). */
export function paramsFromLedgerState(s: LedgerState): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(s.filter)) {
    if (typeof v === 'string' && v !== '' && !(k === 'view' && v === 'all')) out.set(k, v);
  }
  if (s.sort !== 'registered_desc') out.set('sort', s.sort);
  if (s.page > 1) out.set('page', String(s.page));
  if (s.pageSize !== 20) out.set('pageSize', String(s.pageSize));
  return out;
}

/** A comma-separated filter value as a list (the server's multi-value form), and back. */
export function splitList(v: string | undefined): string[] {
  return v
    ? v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];
}

export function joinList(values: readonly (string | number)[]): string | undefined {
  return values.length > 0 ? values.join(',') : undefined;
}

/** Drops empty values, so a saved view stores only what was chosen. */
export function cleanFilter(f: DisputeFilter): DisputeFilter {
  const out: DisputeFilter = {};
  for (const [k, v] of Object.entries(f) as [keyof DisputeFilter, string | undefined][]) {
    if (typeof v === 'string' && v.trim() !== '' && !(k === 'view' && v === 'all')) Object.assign(out, { [k]: v });
  }
  return out;
}

/** How many filters are set, besides the quick view. */
export function activeFilterCount(f: DisputeFilter): number {
  return Object.entries(cleanFilter(f)).filter(([k]) => k !== 'view').length;
}

// ---------------------------------------------------------------- deadlines

export interface DeadlineInfo {
  overdue: boolean;
  /** Whole days and hours (and minutes under an hour) left, or past when overdue. */
  days: number;
  hours: number;
  minutes: number;
  /** Due within 48 hours and not yet past: the server's "at risk" window. */
  soon: boolean;
}

export function deadlineInfo(dueAt: string, now: number): DeadlineInfo {
  const diff = Date.parse(dueAt) - now;
  const abs = Math.abs(diff);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  return { overdue: diff < 0, days, hours, minutes, soon: diff >= 0 && diff <= 48 * 3_600_000 };
}

// ---------------------------------------------------------------- matching

/**
 * The server explains each factor of the matching score in English for its
 * logs (packages/domain/src/mediation/matching.ts). The UI words its own
 * explanation from the structured parts; unknown notes stay as they are.
 */
export type FactorNote =
  | { key: 'specialtyYes' | 'specialtyNo'; params: { category: string } }
  | { key: 'levelStudio' | 'levelNotStudio' | 'notLocal' | 'localGrid' }
  | { key: 'levelServes'; params: { level: string } }
  | { key: 'levelAdjacent'; params: { levels: string } }
  | { key: 'levelOther'; params: { levels: string; level: string } }
  | { key: 'localVillage'; params: { village: string } }
  | { key: 'load'; params: { load: string; max: string } }
  | { key: 'availableOn' | 'availableFrom' | 'unavailable'; params: { date: string } }
  | { key: 'trackRecord'; params: { succeeded: string; decided: string } };

export function factorNote(factor: string, note: string): FactorNote | null {
  let m: RegExpExecArray | null;
  switch (factor) {
    case 'specialty':
      m = /^specialises in (\S+)$/.exec(note);
      if (m?.[1]) return { key: 'specialtyYes', params: { category: m[1] } };
      m = /^no (\S+) specialty$/.exec(note);
      if (m?.[1]) return { key: 'specialtyNo', params: { category: m[1] } };
      return null;
    case 'level':
      if (note === 'serves the commercial mediation studio') return { key: 'levelStudio' };
      if (note === 'not a studio mediator') return { key: 'levelNotStudio' };
      m = /^serves level (\d)$/.exec(note);
      if (m?.[1]) return { key: 'levelServes', params: { level: m[1] } };
      m = /^serves the adjacent level \(([\d, ]*)\)$/.exec(note);
      if (m?.[1] !== undefined) return { key: 'levelAdjacent', params: { levels: m[1] } };
      m = /^serves levels (.*), not (\d)$/.exec(note);
      if (m?.[1] !== undefined && m[2]) return { key: 'levelOther', params: { levels: m[1], level: m[2] } };
      return null;
    case 'locality':
      if (note === 'not local') return { key: 'notLocal' };
      if (note === 'knows the grid') return { key: 'localGrid' };
      m = /^knows (.+)$/.exec(note);
      if (m?.[1]) return { key: 'localVillage', params: { village: m[1] } };
      return null;
    case 'load':
      m = /^(\d+) of (\d+) open cases$/.exec(note);
      if (m?.[1] && m[2]) return { key: 'load', params: { load: m[1], max: m[2] } };
      return null;
    case 'availability':
      m = /^available on (\S+)$/.exec(note);
      if (m?.[1]) return { key: 'availableOn', params: { date: m[1] } };
      m = /^available from (\S+)$/.exec(note);
      if (m?.[1]) return { key: 'availableFrom', params: { date: m[1] } };
      m = /^not available on (\S+) or the next 3 days$/.exec(note);
      if (m?.[1]) return { key: 'unavailable', params: { date: m[1] } };
      return null;
    case 'track_record':
      m = /^(\d+) of (\d+) mediations successful$/.exec(note);
      if (m?.[1] && m[2]) return { key: 'trackRecord', params: { succeeded: m[1], decided: m[2] } };
      return null;
    default:
      return null;
  }
}

/** The notes of an exclusion worth showing: conflicts name the relation and the party; load names the count. */
export function exclusionNotes(notes: readonly string[]): {
  conflicts: string[];
  load: { load: string; max: string } | null;
} {
  const conflicts: string[] = [];
  let load: { load: string; max: string } | null = null;
  for (const n of notes) {
    const m = /^(\d+) of (\d+) open cases$/.exec(n);
    if (m?.[1] && m[2]) load = { load: m[1], max: m[2] };
    else if (/^[^:]+: .+$/.test(n)) conflicts.push(n);
  }
  return { conflicts, load };
}

// ---------------------------------------------------------------- import

/** One problem of a ledger import: the sheet row and column, with the server's code and text. */
export interface ImportProblem {
  key: string;
  row: number | null;
  column: string | null;
  code: string;
  message: string;
}

/** The ledger's Chinese column labels (as the server names them in problems), by a stable id for translation. */
export const LEDGER_COLUMNS: Record<string, string> = {
  序号: 'seq',
  纠纷编号: 'number',
  登记日期: 'registered',
  纠纷类型: 'category',
  纠纷来源: 'source',
  '当事人/身份': 'partyRole',
  '当事人/姓名（名称）': 'partyName',
  '当事人/身份证号码 / 统一社会信用代码': 'partyId',
  '当事人/联系电话': 'partyPhone',
  纠纷地点: 'place',
  所属网格: 'grid',
  简要情况: 'summary',
  '涉及金额（元）': 'amount',
  风险等级: 'risk',
  调解层级: 'level',
  调解员: 'mediators',
  '调解结果/结果': 'result',
  '调解结果/办结日期': 'resolvedOn',
  '回访情况/回访日期': 'visitOn',
  '回访情况/回访结果': 'visitResult',
  备注: 'remarks',
};

/** The problems of a refused import (400, `fields[].path = file.rows.<row>.<column>` or `file`). */
export function importProblemsFromFields(fields: readonly { path: string; code: string; message: string }[]) {
  return fields.map((f, i): ImportProblem => {
    const m = /^file\.rows\.(\d+)\.(.+)$/.exec(f.path);
    return {
      key: `f${i}`,
      row: m?.[1] ? Number(m[1]) : null,
      column: m?.[2] ?? null,
      code: f.code,
      // The server prefixes the row and column in Chinese ("第5行 纠纷类型：…"); the table has its own columns.
      message: f.message.replace(/^第\d+行 [^：]+：/, ''),
    };
  });
}

/** The problems of a dry run (200 with `errors`). */
export function importProblemsFromResult(
  errors: readonly { row: number; column: string; code: string; message: string }[],
) {
  return errors.map(
    (e, i): ImportProblem => ({ key: `r${i}`, row: e.row, column: e.column, code: e.code, message: e.message }),
  );
}

/** Distinct sheet rows with problems. */
export function problemRows(problems: readonly ImportProblem[]): number {
  return new Set(problems.filter((p) => p.row !== null).map((p) => p.row)).size;
}

// ---------------------------------------------------------------- numbers

/** A rate (0–1) as a percentage with one decimal, or a dash when there is nothing to divide. */
export function formatRate(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return '—';
  return `${(r * 100).toFixed(1)}%`;
}

/** An export's progress (0–1) as a whole percentage for the progress bar. */
export function exportPercent(progress: number, status: string): number {
  if (status === 'done') return 100;
  return Math.max(0, Math.min(99, Math.floor(progress * 100)));
}

/** Yuan with thousands separators; no decimals unless there are fen. */
export function formatAmount(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

/** The ISO weekday (1 = Monday … 7 = Sunday) list as a compact text such as "1–5" or "1, 3, 5". */
export function weekdayRuns(days: readonly number[]): number[][] {
  const sorted = [...new Set(days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const d of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === d - 1) last.push(d);
    else runs.push([d]);
  }
  return runs;
}

/** Whether a mediator is on leave on a date (YYYY-MM-DD). */
export function onLeave(unavailable: readonly { from: string; to: string }[], date: string): boolean {
  return unavailable.some((u) => u.from <= date && date <= u.to);
}

/** The incident categories of the command room that map onto a mediation category, for `?incident=` prefill. */
export const INCIDENT_CATEGORY_MAP: Record<string, string> = {
  'dispute.neighbour': 'neighbour',
  'dispute.family': 'marriage_family',
  'dispute.labour': 'labour',
  'dispute.consumer': 'consumer',
  'dispute.property': 'property_management',
};
