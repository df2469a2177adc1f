import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useCategoryLabel } from '../command/labels';

type Ns =
  | 'severity'
  | 'priority'
  | 'level'
  | 'followup'
  | 'risk'
  | 'ticket'
  | 'application'
  | 'homeVisit'
  | 'channel'
  | 'shift'
  | 'hazard'
  | 'camera'
  | 'decision'
  | 'source'
  | 'accident'
  | 'document'
  | 'grade';

/**
 * What the `dim` of each measure's records is (see the record sets on the
 * server: leadership/sources.ts): an incident category, a priority, a
 * level … The drawer shows it in words, never the code.
 */
const DIM_OF: Record<string, Ns | 'category' | 'capacity'> = {
  incidents_received: 'category',
  business_theft: 'category',
  early_warnings: 'severity',
  orders_resolved: 'priority',
  orders_on_time_rate: 'priority',
  orders_overdue: 'priority',
  disputes_decided: 'level',
  disputes_success_rate: 'level',
  grassroots_share: 'level',
  followups_done: 'followup',
  high_risk_disputes: 'risk',
  hall_handled: 'ticket',
  hall_wait_minutes: 'ticket',
  applications_on_time: 'application',
  home_visits: 'homeVisit',
  suggestions_collected: 'channel',
  suggestions_acted: 'channel',
  patrol_hours: 'shift',
  patrol_coverage: 'shift',
  hazards_reported: 'hazard',
  hazards_closed: 'hazard',
  hazards_overdue: 'hazard',
  shifts_understaffed: 'capacity',
  camera_alerts: 'camera',
  camera_violations: 'camera',
  camera_false_alarm_rate: 'decision',
  traffic_violations: 'source',
  traffic_review_on_time: 'decision',
  traffic_accidents: 'accident',
  accident_document_minutes: 'document',
  fog_warnings: 'grade',
};

/** A record's kind in the UI language, for a measure; the code itself only for a value the labels do not know. */
export function useDimLabel(): (measure: string, dim: string) => string {
  const { t, i18n } = useTranslation();
  const category = useCategoryLabel();
  return useCallback(
    (measure: string, dim: string) => {
      const ns = DIM_OF[measure];
      if (ns === 'category') return category(dim);
      if (ns === 'capacity') return t('leadership.dim.capacity', { count: Number(dim) });
      if (!ns) return dim;
      const key = `leadership.dim.${ns}.${dim}`;
      return i18n.exists(key) ? t(key as 'leadership.dim.grade.red') : dim;
    },
    [t, i18n, category],
  );
}
