import type { AlertView } from '@fengqiao/contracts';
import { Empty, Segmented, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertHistory } from './AlertHistory';
import { AlertItem } from './AlertItem';
import { bySeverity } from './command-data';

export { AlertExplanation } from './AlertItem';

type Kind = AlertView['kind'];
const KINDS: readonly Kind[] = ['deadline_breach', 'escalation', 'early_warning', 'outside_jurisdiction'];

/**
 * The command room's alerts: the open ones from the board, critical first
 * (those just pushed marked new), or every alert page by page from
 * `/api/alerts`; either narrowed to one kind.
 */
export function AlertsPanel({
  alerts,
  fresh,
  onOpenIncident,
}: {
  alerts: readonly AlertView[];
  fresh?: ReadonlySet<string>;
  onOpenIncident: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'current' | 'history'>('current');
  const [kind, setKind] = useState<Kind | 'all'>('all');
  const shown = [...alerts].filter((a) => kind === 'all' || a.kind === kind).sort(bySeverity);
  return (
    <div className="fq-alerts-wrap" data-testid="alerts-panel">
      <div className="fq-alerts-head">
        <Segmented
          size="small"
          value={mode}
          onChange={(v) => setMode(v as 'current' | 'history')}
          options={[
            { value: 'current', label: t('commandRoom.alerts.current') },
            { value: 'history', label: <span data-testid="alerts-history">{t('commandRoom.alerts.history')}</span> },
          ]}
        />
        <Select
          size="small"
          value={kind}
          onChange={(v) => setKind(v)}
          popupMatchSelectWidth={false}
          data-testid="alerts-kind"
          options={[
            { value: 'all', label: t('commandRoom.alerts.kindAll') },
            ...KINDS.map((k) => ({ value: k, label: t(`alerts.kinds.${k}`) })),
          ]}
        />
      </div>
      {mode === 'history' ? (
        <AlertHistory kind={kind === 'all' ? null : kind} onOpenIncident={onOpenIncident} />
      ) : shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.none')} data-testid="alerts-empty" />
      ) : (
        <div className="fq-alerts">
          {shown.map((a) => (
            <AlertItem key={a.id} alert={a} fresh={fresh?.has(a.id) ?? false} onOpenIncident={onOpenIncident} />
          ))}
        </div>
      )}
    </div>
  );
}
