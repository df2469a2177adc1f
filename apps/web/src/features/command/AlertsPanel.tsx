import {
  AlertOutlined,
  CheckOutlined,
  ClockCircleOutlined,
  EnvironmentOutlined,
  RiseOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { AlertView } from '@fengqiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { keys } from '../../api/queries';
import { useCurrentUser } from '../../app/session';
import { useErrorText } from '../../shared/errors';
import { bySeverity, explain } from './command-data';
import { useAlertTitle, useCategoryLabel } from './labels';

const KIND_ICONS: Record<AlertView['kind'], ReactNode> = {
  deadline_breach: <ClockCircleOutlined />,
  escalation: <RiseOutlined />,
  early_warning: <AlertOutlined />,
  outside_jurisdiction: <EnvironmentOutlined />,
};

const SEVERITY_TAG: Record<AlertView['severity'], string> = { critical: 'red', warning: 'orange', info: 'blue' };

/** What triggered an alert, in the user's language: the rule, its threshold and the incidents; or the missed deadline. */
export function AlertExplanation({ alert, onOpen }: { alert: AlertView; onOpen?: (incidentId: string) => void }) {
  const { t } = useTranslation();
  const categoryLabel = useCategoryLabel();
  const e = explain(alert);
  if (e.type === 'breach') {
    const v = e.value;
    return (
      <div className="fq-alert-explain" data-testid="alert-explanation">
        <div>
          {t('alerts.breachExplain', {
            missed: t(`alerts.missed.${v.kind}`),
            due: v.dueAt ? dayjs(v.dueAt).format('HH:mm:ss') : '—',
            assignee: v.assignee,
          })}
        </div>
        {v.escalationLevel >= 2 ? <div>{t('alerts.escalated', { level: v.escalationLevel })}</div> : null}
      </div>
    );
  }
  if (e.type === 'warning') {
    const v = e.value;
    return (
      <div className="fq-alert-explain" data-testid="alert-explanation">
        <div>
          {t('alerts.ruleExplain', {
            kind: t(`alerts.ruleKinds.${v.rule.kind}`),
            days: v.rule.windowDays,
            threshold: v.rule.threshold,
          })}
          {v.categories.length > 0
            ? ` · ${t('alerts.ruleCategories', { categories: v.categories.map((c) => categoryLabel(c)).join('、') })}`
            : ''}
        </div>
        <div>
          <strong>{t('alerts.triggered', { subject: v.subject, count: v.count })}</strong>
        </div>
        <div className="fq-alert-incidents">
          {v.incidents.map((i) =>
            onOpen ? (
              <Button key={i.id} size="small" type="link" className="fq-alert-inc" onClick={() => onOpen(i.id)}>
                {i.number}
              </Button>
            ) : (
              <span key={i.id} className="fq-alert-inc fq-mono">
                {i.number}
              </span>
            ),
          )}
        </div>
      </div>
    );
  }
  if (e.type === 'outside') {
    return (
      <div className="fq-alert-explain" data-testid="alert-explanation">
        {t('alerts.outsideExplain', {
          address: e.value.address ?? '—',
          point: e.value.point ? `${e.value.point[0].toFixed(5)}, ${e.value.point[1].toFixed(5)}` : '—',
        })}
      </div>
    );
  }
  return null;
}

/** The command room's open alerts, critical first, each with its explanation and an acknowledge button. */
export function AlertsPanel({
  alerts,
  onOpenIncident,
}: {
  alerts: readonly AlertView[];
  onOpenIncident: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useCurrentUser();
  const errorText = useErrorText();
  const title = useAlertTitle();
  const canAckAll = me.permissions.includes('incidents.dispatch');
  const ack = useMutation({
    mutationFn: (id: string) => api.post(`/api/alerts/${id}/acknowledge`),
    onSuccess: () => {
      message.success(t('alerts.acknowledged'));
      void qc.invalidateQueries({ queryKey: keys.board });
      void qc.invalidateQueries({ queryKey: ['alerts'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  const sorted = [...alerts].sort(bySeverity);
  if (sorted.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.none')} data-testid="alerts-empty" />;
  return (
    <div className="fq-alerts" data-testid="alerts-panel">
      {sorted.map((a) => (
        <div key={a.id} className={`fq-alert fq-alert-${a.severity}`} data-testid="alert" data-kind={a.kind}>
          <div className="fq-alert-head">
            <span className="fq-alert-icon">
              {a.severity === 'critical' ? <WarningOutlined /> : KIND_ICONS[a.kind]}
            </span>
            <Typography.Text strong className="fq-alert-title">
              {title(a)}
            </Typography.Text>
          </div>
          <div className="fq-alert-tags">
            <Tag color={SEVERITY_TAG[a.severity]} className="fq-mini-tag">
              {t(`alerts.kinds.${a.kind}`)}
            </Tag>
            <span className="fq-muted">{dayjs(a.createdAt).format('MM-DD HH:mm:ss')}</span>
          </div>
          <AlertExplanation alert={a} onOpen={onOpenIncident} />
          <div className="fq-alert-actions">
            {a.incidentId ? (
              <Button size="small" onClick={() => a.incidentId && onOpenIncident(a.incidentId)}>
                {t('alerts.open', { number: a.incidentNumber ?? '' })}
              </Button>
            ) : null}
            {canAckAll || a.targetPersonId === me.personId ? (
              <Button
                size="small"
                type="primary"
                ghost
                icon={<CheckOutlined />}
                loading={ack.isPending && ack.variables === a.id}
                onClick={() => ack.mutate(a.id)}
                data-testid="alert-ack"
              >
                {t('alerts.acknowledge')}
              </Button>
            ) : null}
          </div>
        </div>
      ))}
    </div>
  );
}
