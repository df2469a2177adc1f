import { z } from 'zod';
import { Uuid } from './common.contract';
import { CategoryView, IncidentSource, IncidentStatus, Priority, TeamCode } from './incidents.contract';

/** A category code: a top-level code, or `parent.child`, lower-case letters and underscores. */
export const CategoryCode = z
  .string()
  .trim()
  .max(64)
  .regex(/^[a-z_]+(\.[a-z_]+)?$/, 'a category code is letters a-z and _, with at most one dot');

/** A China-local calendar day, `YYYY-MM-DD`. */
export const LocalDate = z.iso.date();

// ---------------------------------------------------------------- analysis

/** `from` and `to` are China-local days, both included; the default is the 30 days ending today. */
export const AnalysisRangeQuery = z.object({
  from: LocalDate.optional(),
  to: LocalDate.optional(),
});

export const HeatmapQuery = AnalysisRangeQuery.extend({
  /** A top-level category (`dispute`) includes its sub-categories; a sub-category (`dispute.neighbour`) only itself. */
  category: CategoryCode.optional(),
});

const HourCounts = z.array(z.number().int()).length(24);

export const HeatmapView = z.object({
  from: LocalDate,
  to: LocalDate,
  category: z.string().nullable(),
  total: z.number().int(),
  /** Reports per local hour of day (0-23) over every grid shown. */
  hours: HourCounts,
  /** Every grid in the caller's jurisdiction, busiest first; `gridId: null` collects reports outside every grid. */
  grids: z.array(
    z.object({
      gridId: Uuid.nullable(),
      gridCode: z.string().nullable(),
      total: z.number().int(),
      hours: HourCounts,
    }),
  ),
});
export type HeatmapView = z.infer<typeof HeatmapView>;

export const TrendGranularity = z.enum(['day', 'week', 'month']);

export const TrendsQuery = AnalysisRangeQuery.extend({
  granularity: TrendGranularity.default('day'),
  category: CategoryCode.optional(),
  gridId: Uuid.optional(),
});

export const TrendBucket = z.object({
  start: LocalDate,
  end: LocalDate,
  previousStart: LocalDate,
  previousEnd: LocalDate,
});

export const TrendPoint = z.object({
  start: LocalDate,
  count: z.number().int(),
  /** The same bucket one year earlier. */
  previous: z.number().int(),
  /** Change against one year earlier in percent, one decimal; null when there was nothing a year earlier. */
  changePct: z.number().nullable(),
});

export const TrendSeries = z.object({
  /** Top-level category code, or `*` for the totals over every category. */
  category: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  total: z.number().int(),
  previousTotal: z.number().int(),
  changePct: z.number().nullable(),
  points: z.array(TrendPoint),
});

export const TrendsView = z.object({
  from: LocalDate,
  to: LocalDate,
  previousFrom: LocalDate,
  previousTo: LocalDate,
  granularity: TrendGranularity,
  category: z.string().nullable(),
  gridId: Uuid.nullable(),
  buckets: z.array(TrendBucket),
  series: z.array(TrendSeries),
  totals: TrendSeries,
});
export type TrendsView = z.infer<typeof TrendsView>;

export const RepeatsQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30),
  min: z.coerce.number().int().min(2).max(1000).default(3),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const CategoryCount = z.object({ code: z.string(), count: z.number().int() });
const IncidentRef = z.object({ id: Uuid, number: z.string(), reportedAt: z.string() });

export const RepeatAddress = z.object({
  addressKey: z.string(),
  /** The address as written in the latest report. */
  address: z.string(),
  count: z.number().int(),
  gridId: Uuid.nullable(),
  gridCode: z.string().nullable(),
  categories: z.array(CategoryCount),
  lastAt: z.string(),
  /** Up to five latest incidents, newest first. */
  latest: z.array(IncidentRef),
});

export const RepeatCaller = z.object({
  /** Masked phone only (138****8000); the number itself never leaves the server. */
  phone: z.string(),
  count: z.number().int(),
  categories: z.array(CategoryCount),
  lastAt: z.string(),
  latest: z.array(IncidentRef),
});

export const RepeatsView = z.object({
  days: z.number().int(),
  min: z.number().int(),
  since: z.string(),
  until: z.string(),
  addresses: z.array(RepeatAddress),
  callers: z.array(RepeatCaller),
});
export type RepeatsView = z.infer<typeof RepeatsView>;

export const SummaryQuery = AnalysisRangeQuery;

export const SummaryView = z.object({
  from: LocalDate,
  to: LocalDate,
  total: z.number().int(),
  bySource: z.record(IncidentSource, z.number().int()),
  byStatus: z.record(IncidentStatus, z.number().int()),
  byPriority: z.record(Priority, z.number().int()),
  byTeam: z.record(TeamCode, z.number().int()),
  orders: z.object({
    /** Orders issued in the period to a person, unit or team (transfers to other agencies are not counted). */
    total: z.number().int(),
    acknowledged: z.number().int(),
    onScene: z.number().int(),
    /** Mean minutes from issue to acknowledgement / on scene over the orders that got there; null when none did. */
    avgAckMinutes: z.number().nullable(),
    avgOnSceneMinutes: z.number().nullable(),
    breached: z.number().int(),
    /** breached / total, 0..1 (three decimals); null without orders. */
    breachedShare: z.number().nullable(),
  }),
});
export type SummaryView = z.infer<typeof SummaryView>;

// ----------------------------------------------------------- configuration

export const PriorityRuleBody = z.object({
  name: z.string().trim().min(2).max(100),
  categoryPrefix: CategoryCode.nullable().default(null),
  keywords: z.array(z.string().trim().min(1).max(32)).max(50).default([]),
  sources: z.array(IncidentSource).max(6).default([]),
  nightOnly: z.boolean().default(false),
  priority: Priority,
  sort: z.number().int().min(0).max(10_000).default(100),
  active: z.boolean().default(true),
});
export type PriorityRuleBody = z.infer<typeof PriorityRuleBody>;

export const WarningRuleBody = z.object({
  name: z.string().trim().min(2).max(100),
  kind: z.enum(['repeat_address', 'repeat_caller', 'grid_surge']),
  categoryPrefixes: z.array(CategoryCode).max(20).default([]),
  threshold: z.number().int().min(2).max(1000),
  windowDays: z.number().int().min(1).max(365),
  target: z.enum(['community_officer', 'command_room']).default('community_officer'),
  active: z.boolean().default(true),
});
export type WarningRuleBody = z.infer<typeof WarningRuleBody>;

export const CategoryConfigView = CategoryView.extend({ sort: z.number().int() });
export type CategoryConfigView = z.infer<typeof CategoryConfigView>;

/** A new sub-category: `parent.child`; the parent must exist. Team and default priority default to the parent's. */
export const CategoryCreateBody = z.object({
  code: CategoryCode,
  nameZh: z.string().trim().min(1).max(32),
  nameEn: z.string().trim().min(1).max(64),
  team: TeamCode.optional(),
  defaultPriority: Priority.optional(),
  open311: z.boolean().default(false),
  active: z.boolean().default(true),
  sort: z.number().int().min(0).max(10_000).optional(),
});
export type CategoryCreateBody = z.infer<typeof CategoryCreateBody>;

export const CategoryUpdateBody = z
  .object({
    nameZh: z.string().trim().min(1).max(32),
    nameEn: z.string().trim().min(1).max(64),
    team: TeamCode,
    defaultPriority: Priority,
    open311: z.boolean(),
    active: z.boolean(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' });
export type CategoryUpdateBody = z.infer<typeof CategoryUpdateBody>;

/** Seconds; null means the step is not watched. */
const DeadlineSeconds = z
  .number()
  .int()
  .min(10)
  .max(30 * 86_400)
  .nullable();
export const DeadlineConfigBody = z.strictObject({
  ack: DeadlineSeconds,
  arriveUrban: DeadlineSeconds,
  arriveOther: DeadlineSeconds,
  resolve: DeadlineSeconds,
});
/** Deadlines for every priority (shaped like the domain's DEFAULT_DEADLINES); unknown priorities are refused. */
export const DeadlinesBody = z.strictObject({
  urgent: DeadlineConfigBody,
  high: DeadlineConfigBody,
  normal: DeadlineConfigBody,
  low: DeadlineConfigBody,
});
export type DeadlinesBody = z.infer<typeof DeadlinesBody>;

export const IntakeSettingsBody = z.strictObject({
  /** Minutes within which a same-category report nearby is linked as a near-duplicate; 0 switches linking off. */
  duplicateWindowMinutes: z.number().int().min(0).max(1440),
  duplicateRadiusM: z.number().int().min(10).max(5000),
});
export type IntakeSettingsBody = z.infer<typeof IntakeSettingsBody>;
