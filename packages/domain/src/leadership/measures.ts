/**
 * The measures the station leadership reads, as a registry. Each measure
 * aggregates one record set owned by another module (its `source`); the
 * server resolves sources to SQL in leadership/sources.ts. `available`
 * stays in the shape so a measure of a module still being built can be
 * registered without a number (dashboards then say "not yet available");
 * every measure below is connected.
 */
export const FIGURE_SOURCES = [
  'incidents.received',
  'incidents.theft_business',
  'alerts.early_warning',
  'alerts.open',
  'orders.resolved',
  'orders.overdue_open',
  'disputes.decided',
  'disputes.grassroots',
  'disputes.followups',
  'disputes.high_risk_open',
  'hall.tickets',
  'hall.applications',
  'hall.home_visits',
  'hall.enterprise_visits',
  'hall.trainings',
  'hall.suggestions',
  'volunteers.patrol_hours',
  'volunteers.hazards_reported',
  'volunteers.hazards_closed',
  'volunteers.hazards_overdue',
  'volunteers.shifts_understaffed',
  'cameras.events',
  'cameras.violations_confirmed',
  'cameras.violations_reviewed',
  'traffic.violations_confirmed',
  'traffic.violations_reviewed',
  'traffic.accidents',
  'traffic.accidents_documented',
  'traffic.fog_warnings',
] as const;
export type FigureSource = (typeof FIGURE_SOURCES)[number];

/**
 * count: records; sum: Σ value; avg: mean value (a rate when value is 0/1);
 * median: the middle value (durations, where a few stuck cases would
 * dominate a mean); coverage: share of the station's grids with at least
 * one record.
 */
export type Aggregate = 'count' | 'sum' | 'avg' | 'median' | 'coverage';
export type MeasureUnit = 'count' | 'percent' | 'hours' | 'minutes' | 'people';
/** Whom a record counts for on a scorecard: the people on it, its grid, or only the station. */
export type Attribution = 'person' | 'grid' | 'station';

export interface MeasureDef {
  key: string;
  module: 'incidents' | 'mediation' | 'hall' | 'volunteers' | 'cameras' | 'traffic';
  source: FigureSource | null;
  aggregate: Aggregate;
  unit: MeasureUnit;
  better: 'higher' | 'lower';
  attribution: Attribution;
  available: boolean;
}

const m = (
  key: string,
  module: MeasureDef['module'],
  source: FigureSource,
  aggregate: Aggregate,
  unit: MeasureUnit,
  attribution: Attribution,
  better: MeasureDef['better'] = 'higher',
): MeasureDef => ({ key, module, source, aggregate, unit, better, attribution, available: true });

export const MEASURES: readonly MeasureDef[] = [
  m('incidents_received', 'incidents', 'incidents.received', 'count', 'count', 'grid', 'lower'),
  m('early_warnings', 'incidents', 'alerts.early_warning', 'count', 'count', 'grid', 'lower'),
  m('orders_resolved', 'incidents', 'orders.resolved', 'count', 'count', 'person'),
  m('orders_on_time_rate', 'incidents', 'orders.resolved', 'avg', 'percent', 'person'),
  m('orders_overdue', 'incidents', 'orders.overdue_open', 'count', 'count', 'person', 'lower'),
  m('business_theft', 'incidents', 'incidents.theft_business', 'count', 'count', 'grid', 'lower'),
  m('disputes_decided', 'mediation', 'disputes.decided', 'count', 'count', 'person'),
  m('disputes_success_rate', 'mediation', 'disputes.decided', 'avg', 'percent', 'person'),
  m('grassroots_share', 'mediation', 'disputes.grassroots', 'avg', 'percent', 'person'),
  m('followups_done', 'mediation', 'disputes.followups', 'count', 'count', 'person'),
  m('high_risk_disputes', 'mediation', 'disputes.high_risk_open', 'count', 'count', 'person', 'lower'),
  m('hall_handled', 'hall', 'hall.tickets', 'count', 'count', 'station'),
  m('hall_wait_minutes', 'hall', 'hall.tickets', 'avg', 'minutes', 'station', 'lower'),
  m('applications_on_time', 'hall', 'hall.applications', 'avg', 'percent', 'station'),
  m('home_visits', 'hall', 'hall.home_visits', 'count', 'count', 'person'),
  m('enterprise_visits', 'hall', 'hall.enterprise_visits', 'count', 'count', 'person'),
  m('trainings_held', 'hall', 'hall.trainings', 'count', 'count', 'station'),
  m('training_attendees', 'hall', 'hall.trainings', 'sum', 'people', 'station'),
  m('suggestions_collected', 'hall', 'hall.suggestions', 'count', 'count', 'station'),
  m('suggestions_acted', 'hall', 'hall.suggestions', 'sum', 'count', 'station'),
  m('patrol_hours', 'volunteers', 'volunteers.patrol_hours', 'sum', 'hours', 'grid'),
  m('patrol_coverage', 'volunteers', 'volunteers.patrol_hours', 'coverage', 'percent', 'grid'),
  m('hazards_reported', 'volunteers', 'volunteers.hazards_reported', 'count', 'count', 'grid'),
  m('hazards_closed', 'volunteers', 'volunteers.hazards_closed', 'count', 'count', 'grid'),
  m('hazards_overdue', 'volunteers', 'volunteers.hazards_overdue', 'count', 'count', 'grid', 'lower'),
  m('shifts_understaffed', 'volunteers', 'volunteers.shifts_understaffed', 'count', 'count', 'grid', 'lower'),
  m('camera_alerts', 'cameras', 'cameras.events', 'count', 'count', 'grid', 'lower'),
  m('camera_violations', 'cameras', 'cameras.violations_confirmed', 'count', 'count', 'grid', 'lower'),
  m('camera_false_alarm_rate', 'cameras', 'cameras.violations_reviewed', 'avg', 'percent', 'station', 'lower'),
  m('traffic_violations', 'traffic', 'traffic.violations_confirmed', 'count', 'count', 'grid', 'lower'),
  m('traffic_review_on_time', 'traffic', 'traffic.violations_reviewed', 'avg', 'percent', 'station'),
  m('traffic_accidents', 'traffic', 'traffic.accidents', 'count', 'count', 'grid', 'lower'),
  m('accident_document_minutes', 'traffic', 'traffic.accidents_documented', 'median', 'minutes', 'station', 'lower'),
  m('fog_warnings', 'traffic', 'traffic.fog_warnings', 'count', 'count', 'station', 'lower'),
];

export const MEASURE_KEYS: readonly string[] = MEASURES.map((x) => x.key);

export function measureOf(key: string): MeasureDef | undefined {
  return MEASURES.find((x) => x.key === key);
}

/** The dashboard's key figures (the article's list), in display order; the compare kind says against what. */
export const DASHBOARD_FIGURES: readonly { key: string; compare: 'previous' | 'last_year' | 'none' }[] = [
  { key: 'incidents_received', compare: 'last_year' },
  { key: 'early_warnings', compare: 'previous' },
  { key: 'orders_on_time_rate', compare: 'previous' },
  { key: 'disputes_decided', compare: 'previous' },
  { key: 'disputes_success_rate', compare: 'previous' },
  { key: 'grassroots_share', compare: 'previous' },
  { key: 'patrol_hours', compare: 'previous' },
  { key: 'hazards_reported', compare: 'previous' },
  { key: 'hazards_closed', compare: 'previous' },
  { key: 'hall_handled', compare: 'previous' },
  { key: 'hall_wait_minutes', compare: 'previous' },
  { key: 'enterprise_visits', compare: 'previous' },
  { key: 'trainings_held', compare: 'previous' },
  { key: 'suggestions_collected', compare: 'previous' },
  { key: 'suggestions_acted', compare: 'previous' },
  { key: 'business_theft', compare: 'last_year' },
  { key: 'camera_alerts', compare: 'previous' },
  { key: 'camera_violations', compare: 'previous' },
  { key: 'camera_false_alarm_rate', compare: 'previous' },
  { key: 'traffic_violations', compare: 'previous' },
  { key: 'traffic_review_on_time', compare: 'previous' },
  { key: 'traffic_accidents', compare: 'previous' },
  { key: 'accident_document_minutes', compare: 'previous' },
  { key: 'fog_warnings', compare: 'previous' },
];
