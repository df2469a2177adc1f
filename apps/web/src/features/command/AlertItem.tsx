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
import { App, Button, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { keys } from '../../api/queries';
import { useCurrentUser } from '../../app/session';
import { useErrorText } from '../../shared/errors';
import { explain } from './command-data';
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

/** One alert: headline, kind, time, what triggered it, and its actions. */
export function AlertItem({
  alert: a,
  fresh = false,
  onOpenIncident,
}: {
  alert: AlertView;
  fresh?: boolean;
  onOpenIncident: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useCurrentUser();
  const errorText = useErrorText();
  const title = useAlertTitle();
  const canAck =
    a.status === 'open' && (me.permissions.includes('incidents.dispatch') || a.targetPersonId === me.personId);
  const ack = useMutation({
    mutationFn: (id: string) => api.post(`/api/alerts/${id}/acknowledge`),
    onSuccess: () => {
      message.success(t('alerts.acknowledged'));
      void qc.invalidateQueries({ queryKey: keys.board });
      void qc.invalidateQueries({ queryKey: ['alerts'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  const headline = title(a);
  return (
    <div
      className={`fq-alert fq-alert-${a.severity}${fresh ? ' fq-alert-fresh' : ''}`}
      data-testid="alert"
      data-kind={a.kind}
      data-number={a.incidentNumber ?? ''}
      data-status={a.status}
    >
      <div className="fq-alert-head">
        <span className="fq-alert-icon">{a.severity === 'critical' ? <WarningOutlined /> : KIND_ICONS[a.kind]}</span>
        <Typography.Text strong className="fq-alert-title">
          {headline}
        </Typography.Text>
        {fresh ? (
          <Tag color="red" className="fq-mini-tag" data-testid="alert-new">
            {t('commandRoom.alerts.new')}
          </Tag>
        ) : null}
      </div>
      <div className="fq-alert-tags">
        <Tag color={SEVERITY_TAG[a.severity]} className="fq-mini-tag">
          {t(`alerts.kinds.${a.kind}`)}
        </Tag>
        {/* The number, where the headline (a rule's name) does not say it already. */}
        {a.incidentNumber && !headline.includes(a.incidentNumber) ? (
          <span className="fq-mono fq-alert-number">{a.incidentNumber}</span>
        ) : null}
        {a.status !== 'open' ? (
          <Tag className="fq-mini-tag">{t(`commandRoom.alerts.statusLabel.${a.status}`)}</Tag>
        ) : null}
        <span className="fq-muted">{dayjs(a.createdAt).format('MM-DD HH:mm:ss')}</span>
      </div>
      <AlertExplanation alert={a} onOpen={onOpenIncident} />
      <div className="fq-alert-actions">
        {a.incidentId ? (
          <Button size="small" onClick={() => a.incidentId && onOpenIncident(a.incidentId)}>
            {t('alerts.open', { number: a.incidentNumber ?? '' })}
          </Button>
        ) : null}
        {canAck ? (
          <Button
            size="small"
            type="primary"
            ghost
            icon={<CheckOutlined />}
            loading={ack.isPending}
            onClick={() => ack.mutate(a.id)}
            data-testid="alert-ack"
          >
            {t('alerts.acknowledge')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
