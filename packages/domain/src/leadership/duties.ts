import { MEASURES, measureOf } from './measures';

/** A core duty (核心职责) with its weight in the monthly total and the measures that evidence it. */
export interface DutyConfig {
  key: string;
  nameZh: string;
  nameEn: string;
  weight: number;
  measures: { key: string; weight: number }[];
}

/**
 * The five core duties of a community police officer as the article's
 * station describes them, each tied to work the modules record. Stations
 * may rename, reweigh and retie them (leadership settings).
 */
export const DEFAULT_DUTIES: readonly DutyConfig[] = [
  {
    key: 'know_people',
    nameZh: '知民情',
    nameEn: 'Know the community',
    weight: 20,
    measures: [
      { key: 'enterprise_visits', weight: 50 },
      { key: 'hazards_reported', weight: 50 },
    ],
  },
  {
    key: 'keep_order',
    nameZh: '保平安',
    nameEn: 'Keep order',
    weight: 25,
    measures: [
      { key: 'orders_on_time_rate', weight: 50 },
      { key: 'orders_resolved', weight: 25 },
      { key: 'hazards_closed', weight: 25 },
    ],
  },
  {
    key: 'resolve_disputes',
    nameZh: '化矛盾',
    nameEn: 'Resolve disputes',
    weight: 20,
    measures: [
      { key: 'disputes_success_rate', weight: 40 },
      { key: 'disputes_decided', weight: 20 },
      { key: 'followups_done', weight: 20 },
      { key: 'grassroots_share', weight: 20 },
    ],
  },
  {
    key: 'serve_people',
    nameZh: '优服务',
    nameEn: 'Serve the people',
    weight: 20,
    measures: [
      { key: 'home_visits', weight: 60 },
      { key: 'applications_on_time', weight: 20 },
      { key: 'suggestions_acted', weight: 20 },
    ],
  },
  {
    key: 'mobilise',
    nameZh: '聚群力',
    nameEn: 'Mobilise the public',
    weight: 15,
    measures: [
      { key: 'patrol_hours', weight: 50 },
      { key: 'patrol_coverage', weight: 50 },
    ],
  },
];

/** Problems with a duty configuration, as [path, code] pairs (empty when valid). */
export function checkDuties(duties: readonly DutyConfig[]): [string, string][] {
  const out: [string, string][] = [];
  if (duties.length < 1 || duties.length > 8) out.push(['duties', 'count']);
  const keys = new Set<string>();
  duties.forEach((d, i) => {
    if (keys.has(d.key)) out.push([`duties.${i}.key`, 'duplicate']);
    keys.add(d.key);
    if (d.measures.length === 0) out.push([`duties.${i}.measures`, 'empty']);
    d.measures.forEach((x, j) => {
      const def = measureOf(x.key);
      if (!def) out.push([`duties.${i}.measures.${j}.key`, 'unknown_measure']);
      else if (!def.available) out.push([`duties.${i}.measures.${j}.key`, 'measure_unavailable']);
    });
  });
  const total = duties.reduce((s, d) => s + d.weight, 0);
  if (total <= 0) out.push(['duties', 'weights_zero']);
  return out;
}

export const MEASURES_AVAILABLE = MEASURES.filter((x) => x.available).map((x) => x.key);
