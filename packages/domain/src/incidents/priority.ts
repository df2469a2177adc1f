import { mentions } from './keyword-match';

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const INCIDENT_SOURCES = ['call_110', 'walk_in', 'online', 'volunteer', 'camera', 'patrol'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

/**
 * A configurable rule that raises the suggested priority. Rules only raise:
 * the suggestion is the highest of the category default and every matching
 * rule (the earliest by `sort` among equals), so a rule can never downgrade a
 * fight to "high" just because it happens at night.
 */
export interface PriorityRule {
  id: string;
  name: string;
  categoryPrefix: string | null;
  keywords: string[];
  sources: IncidentSource[];
  /** Only between 22:00 and 06:00 local time. */
  nightOnly: boolean;
  priority: Priority;
  sort: number;
  active: boolean;
}

export interface PriorityInput {
  categoryCode: string;
  categoryDefault: Priority;
  description: string;
  source: IncidentSource;
  /** Local hour 0-23 of the report. */
  hour: number;
}

export interface PrioritySuggestion {
  priority: Priority;
  ruleId: string | null;
  reason: string;
}

const RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

export function suggestPriority(input: PriorityInput, rules: readonly PriorityRule[]): PrioritySuggestion {
  const text = input.description;
  let best: PrioritySuggestion = { priority: input.categoryDefault, ruleId: null, reason: 'category default' };
  for (const r of [...rules].sort((a, b) => a.sort - b.sort)) {
    if (!r.active) continue;
    if (
      r.categoryPrefix &&
      !(input.categoryCode === r.categoryPrefix || input.categoryCode.startsWith(`${r.categoryPrefix}.`))
    )
      continue;
    if (r.sources.length > 0 && !r.sources.includes(input.source)) continue;
    if (r.nightOnly && !(input.hour >= 22 || input.hour < 6)) continue;
    // A negated mention ("暂无人受伤") is not a mention.
    if (r.keywords.length > 0 && !r.keywords.some((k) => mentions(text, k))) continue;
    if (RANK[r.priority] < RANK[best.priority]) best = { priority: r.priority, ruleId: r.id, reason: r.name };
  }
  return best;
}

export interface DeadlineConfig {
  /** Seconds to acknowledge, to arrive (urban grids / other grids), to resolve; null = not watched. */
  ack: number | null;
  arriveUrban: number | null;
  arriveOther: number | null;
  resolve: number | null;
}

export const DEFAULT_DEADLINES: Record<Priority, DeadlineConfig> = {
  urgent: { ack: 60, arriveUrban: 300, arriveOther: 600, resolve: 2 * 3600 },
  high: { ack: 180, arriveUrban: 900, arriveOther: 1200, resolve: 4 * 3600 },
  normal: { ack: 600, arriveUrban: 1800, arriveOther: 2700, resolve: 24 * 3600 },
  low: { ack: 1800, arriveUrban: null, arriveOther: null, resolve: 72 * 3600 },
};

export interface Deadlines {
  ack: Date | null;
  arrive: Date | null;
  resolve: Date | null;
}

export function deadlinesFor(
  priority: Priority,
  urban: boolean,
  issuedAt: Date,
  config = DEFAULT_DEADLINES,
): Deadlines {
  const c = config[priority];
  const at = (s: number | null) => (s === null ? null : new Date(issuedAt.getTime() + s * 1000));
  return { ack: at(c.ack), arrive: at(urban ? c.arriveUrban : c.arriveOther), resolve: at(c.resolve) };
}
