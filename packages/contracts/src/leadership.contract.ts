import { z } from 'zod';
import { Uuid } from './common.contract';

/** Station leadership: duties, tasks, the weekly dispatch meeting, monthly evaluation, dashboards (docs/leadership.md). */

// Years 2000–2099: the station's records start long after 2000, and date arithmetic stays in range.
export const LeadershipDay = z
  .string()
  .regex(/^20\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected YYYY-MM-DD (2000–2099)');
export const LeadershipMonth = z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM (2000–2099)');

export const DutyMeasureWeight = z.object({ key: z.string().min(1).max(60), weight: z.number().min(0).max(100) });
export const LeadershipDuty = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
  nameZh: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().min(1).max(60),
  weight: z.number().min(0).max(100),
  measures: z.array(DutyMeasureWeight).min(1).max(12),
});
export type LeadershipDuty = z.infer<typeof LeadershipDuty>;

export const LeadershipMeasureInfo = z.object({
  key: z.string(),
  module: z.string(),
  aggregate: z.string(),
  unit: z.string(),
  better: z.enum(['higher', 'lower']),
  attribution: z.enum(['person', 'grid', 'station']),
  available: z.boolean(),
});

export const LeadershipSettingsView = z.object({
  duties: z.array(LeadershipDuty),
  measures: z.array(LeadershipMeasureInfo),
  version: z.number().int(),
});
export const LeadershipSettingsUpdate = z.object({
  duties: z.array(LeadershipDuty).min(1).max(8),
  version: z.number().int(),
});

// ------------------------------------------------------------------ tasks
export const LeadershipTaskStatus = z.enum(['open', 'done', 'cancelled']);
export const LeadershipTask = z.object({
  id: Uuid,
  title: z.string(),
  detail: z.string(),
  dutyKey: z.string().nullable(),
  agendaRef: z.string().nullable(),
  meetingId: z.string().nullable(),
  meetingWeek: z.string().nullable(),
  owner: z.object({ id: z.string(), name: z.string() }),
  dueOn: z.string(),
  overdue: z.boolean(),
  status: LeadershipTaskStatus,
  doneAt: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type LeadershipTask = z.infer<typeof LeadershipTask>;
export const LeadershipTaskCreate = z.object({
  title: z.string().trim().min(2).max(200),
  detail: z.string().trim().max(2000).default(''),
  dutyKey: z.string().max(40).nullable().default(null),
  agendaRef: z.string().max(120).nullable().default(null),
  ownerPersonId: Uuid,
  dueOn: LeadershipDay,
});
export const LeadershipTaskUpdate = z.object({
  status: LeadershipTaskStatus,
  outcomeNote: z.string().trim().max(1000).default(''),
  version: z.number().int(),
});
export const LeadershipTaskQuery = z.object({
  status: LeadershipTaskStatus.optional(),
  mine: z.enum(['true', 'false']).optional(),
});
export const LeadershipTaskList = z.object({ items: z.array(LeadershipTask) });

export const LeadershipStaffOption = z.object({ id: z.string(), name: z.string(), team: z.string().nullable() });

// ------------------------------------------------------------------ records (drill-down)
export const FigureRecord = z.object({
  id: z.string(),
  at: z.string().nullable(),
  gridId: z.string().nullable(),
  gridCode: z.string().nullable(),
  label: z.string(),
  value: z.number().nullable(),
  dim: z.string().nullable(),
});
export type FigureRecord = z.infer<typeof FigureRecord>;

// ------------------------------------------------------------------ weekly dispatch meeting
export const AgendaSection = z.object({
  key: z.enum(['orders_overdue', 'high_risk_disputes', 'hazards_overdue', 'shifts_understaffed', 'early_warnings']),
  measure: z.string(),
  total: z.number().int(),
  items: z.array(FigureRecord),
});
export const AgendaGridMove = z.object({
  gridId: z.string(),
  code: z.string(),
  name: z.string(),
  thisWeek: z.number().int(),
  lastWeek: z.number().int(),
  change: z.number().int(),
});
export const AgendaView = z.object({
  week: z.string(),
  weekEnd: z.string(),
  asOf: z.string(),
  sections: z.array(AgendaSection),
  gridMoves: z.array(AgendaGridMove),
  meeting: z
    .object({ id: z.string(), notes: z.string(), heldAt: z.string().nullable(), version: z.number().int() })
    .nullable(),
  decisions: z.array(LeadershipTask),
  review: z.object({ week: z.string(), decisions: z.array(LeadershipTask) }),
});
export type AgendaView = z.infer<typeof AgendaView>;
export const DispatchMeetingUpdate = z.object({
  notes: z.string().trim().max(5000),
  held: z.boolean(),
});

// ------------------------------------------------------------------ monthly evaluation
export const ScoreSubjectKind = z.enum(['officer', 'team', 'grid']);
export const ScoreAdjustmentView = z.object({
  id: z.string(),
  delta: z.number(),
  reason: z.string(),
  annotation: z.string(),
  by: z.string().nullable(),
  at: z.string(),
});
export const ScoreRow = z.object({
  subjectId: z.string(),
  name: z.string(),
  detail: z.string().nullable(),
  measures: z.record(z.string(), z.object({ value: z.number().nullable(), score: z.number().nullable() })),
  duties: z.record(z.string(), z.number().nullable()),
  base: z.number().nullable(),
  adjustment: z.number(),
  total: z.number().nullable(),
  rank: z.number().int().nullable(),
  adjustments: z.array(ScoreAdjustmentView),
});
export type ScoreRow = z.infer<typeof ScoreRow>;
export const EvaluationView = z.object({
  month: z.string(),
  kind: ScoreSubjectKind,
  duties: z.array(LeadershipDuty),
  rows: z.array(ScoreRow),
});
export type EvaluationView = z.infer<typeof EvaluationView>;
export const EvaluationQuery = z.object({ kind: ScoreSubjectKind.default('officer') });
export const ScoreAdjustmentCreate = z.object({
  subjectKind: ScoreSubjectKind,
  subjectId: z.string().min(1).max(60),
  delta: z
    .number()
    .min(-20)
    .max(20)
    .refine((x) => x !== 0, 'zero'),
  reason: z.string().trim().min(4).max(500),
  annotation: z.string().trim().max(1000).default(''),
});
export const MyEvaluationView = z.object({
  month: z.string(),
  duties: z.array(LeadershipDuty),
  row: ScoreRow.nullable(),
  peers: z.number().int(),
  history: z.array(z.object({ month: z.string(), total: z.number().nullable(), rank: z.number().int().nullable() })),
});

// ------------------------------------------------------------------ dashboards
export const LeadershipPeriodQuery = z.object({
  from: LeadershipDay.optional(),
  to: LeadershipDay.optional(),
  gridId: Uuid.optional(),
  /** County users: one station of their county; without it, the county's stations together. */
  station: Uuid.optional(),
});
/** The wall: county users may pick one station of their county. */
export const WallQuery = z.object({ station: Uuid.optional() });
export const FigureView = z.object({
  key: z.string(),
  unit: z.string(),
  module: z.string(),
  available: z.boolean(),
  value: z.number().nullable(),
  n: z.number().int(),
  compare: z
    .object({ kind: z.enum(['previous', 'last_year']), from: z.string(), to: z.string(), value: z.number().nullable() })
    .nullable(),
});
export type FigureView = z.infer<typeof FigureView>;
export const DashboardView = z.object({
  from: z.string(),
  to: z.string(),
  gridId: z.string().nullable(),
  figures: z.array(FigureView),
  successByLevel: z.array(
    z.object({ level: z.number().int(), decided: z.number().int(), rate: z.number().nullable() }),
  ),
  daily: z.array(z.object({ day: z.string(), incidents: z.number().int(), warnings: z.number().int() })),
  grids: z.array(z.object({ gridId: z.string(), code: z.string(), name: z.string(), incidents: z.number().int() })),
});
export type DashboardView = z.infer<typeof DashboardView>;
export const FigureRecordsQuery = z.object({
  measure: z.string().min(1).max(60),
  from: LeadershipDay.optional(),
  to: LeadershipDay.optional(),
  gridId: Uuid.optional(),
  station: Uuid.optional(),
  dim: z.string().max(40).optional(),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const FigureRecordsView = z.object({
  measure: z.string(),
  from: z.string(),
  to: z.string(),
  total: z.number().int(),
  value: z.number().nullable(),
  rows: z.array(FigureRecord),
});
export type FigureRecordsView = z.infer<typeof FigureRecordsView>;

export const WallView = z.object({
  stationName: z.string(),
  asOf: z.string(),
  today: z.array(FigureView),
  month: z.array(FigureView),
  daily: DashboardView.shape.daily,
  grids: z.array(
    z.object({
      gridId: z.string(),
      code: z.string(),
      name: z.string(),
      incidents: z.number().int(),
      centroid: z.tuple([z.number(), z.number()]),
      geometry: z.unknown(),
    }),
  ),
  openAlerts: z.array(FigureRecord),
});
export type WallView = z.infer<typeof WallView>;

/** Every station of a county side by side, and the county as a whole (recomputed from the pooled records). */
export const CountyStation = z.object({
  id: Uuid,
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  grids: z.number().int(),
  figures: z.array(FigureView),
});
export const CountyOverview = z.object({
  county: z.object({ id: Uuid, name: z.string(), nameEn: z.string().nullable() }),
  from: z.string(),
  to: z.string(),
  stations: z.array(CountyStation),
  total: z.array(FigureView),
});
export type CountyOverview = z.infer<typeof CountyOverview>;
/** The stations a county user may pick, for the dashboard's station selector. */
export const CountyStationRef = CountyStation.pick({ id: true, code: true, name: true, nameEn: true });
export const CountyStations = z.object({
  county: CountyOverview.shape.county,
  stations: z.array(CountyStationRef),
});
export type CountyStations = z.infer<typeof CountyStations>;
export const CountyOverviewQuery = z.object({ from: LeadershipDay.optional(), to: LeadershipDay.optional() });
