import type { AlertView, CategoryView } from '@fengqiao/contracts';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCategories } from '../../api/queries';
import { translateDynamic } from '../../app/i18n';
import { categoryLabel, explain } from './command-data';

/**
 * The server words a few things for its logs (priority reasons, alert titles,
 * event kinds); these hooks say them in the user's language from the
 * structured data, keeping configured names (rule names) as they are.
 */

const OPERATOR_REASON = /^set by operator \(suggested (urgent|high|normal|low): (.*)\)$/;

export function usePriorityReason(): (reason: string | null) => string {
  const { t } = useTranslation();
  return useCallback(
    (reason: string | null) => {
      if (!reason) return '';
      if (reason === 'category default') return t('call.reasonCategoryDefault');
      const m = OPERATOR_REASON.exec(reason);
      if (m?.[1] && m[2] !== undefined) {
        const inner = m[2] === 'category default' ? t('call.reasonCategoryDefault') : m[2];
        return t('call.reasonOperator', { priority: translateDynamic(`priority.${m[1]}`, m[1]), reason: inner });
      }
      return reason;
    },
    [t],
  );
}

/** Category labels in the UI language; the code itself while categories load or for an unknown one. */
export function useCategoryLabel(): (code: string, withParent?: boolean) => string {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  const categories = useCategories();
  const byCode = useMemo(
    () => new Map<string, CategoryView>((categories.data ?? []).map((c) => [c.code, c])),
    [categories.data],
  );
  return useCallback(
    (code: string, withParent = false) => categoryLabel(code, byCode, english, withParent),
    [byCode, english],
  );
}

/** An alert's headline in the UI language, built from its kind and explanation. */
export function useAlertTitle(): (a: Pick<AlertView, 'kind' | 'explanation' | 'incidentNumber' | 'title'>) => string {
  const { t } = useTranslation();
  return useCallback(
    (a) => {
      const e = explain(a);
      const number = a.incidentNumber ?? '';
      if (e.type === 'breach') {
        const missed = t(`alerts.missed.${e.value.kind}`);
        return a.kind === 'escalation'
          ? t('alerts.escalationTitle', { number, missed })
          : t('alerts.breachTitle', { number, assignee: e.value.assignee, missed });
      }
      if (e.type === 'warning') return e.value.rule.name || a.title;
      if (e.type === 'outside') return t('alerts.outsideTitle', { number });
      return a.title;
    },
    [t],
  );
}
