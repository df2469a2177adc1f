import {
  ArrowDownOutlined,
  ArrowLeftOutlined,
  ArrowUpOutlined,
  CheckSquareOutlined,
  LinkOutlined,
  RedoOutlined,
  RollbackOutlined,
  ShopOutlined,
} from '@ant-design/icons';
import { Button, Card, Descriptions, Space, Steps, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useHasPermission } from '../../app/session';
import { DueText, OutcomeTag, RiskTag, StatusTag, useMediationLabels } from './labels';
import { formatAmount } from './mediation-data';
import type { DisputeDetail } from './queries';
import { OutcomeDialog, type TransitionCommand, TransitionDialog } from './WorkflowDialogs';

const COMMAND_ICONS: Record<TransitionCommand, ReactNode> = {
  escalate: <ArrowUpOutlined />,
  deescalate: <ArrowDownOutlined />,
  refer_commercial: <ShopOutlined />,
  return_standard: <RollbackOutlined />,
  reopen: <RedoOutlined />,
};
const COMMANDS: TransitionCommand[] = ['escalate', 'deescalate', 'refer_commercial', 'return_standard', 'reopen'];

/** The dispute's header: number, summary, tags, the level stepper and track, deadlines, and the workflow's buttons. */
export function DisputeHeader({ d }: { d: DisputeDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const has = useHasPermission();
  const labels = useMediationLabels();
  const [params, setParams] = useSearchParams();
  const [command, setCommand] = useState<TransitionCommand | null>(null);
  const [outcomeOpen, setOutcomeOpen] = useState(false);
  const canWrite = has('disputes.write');
  const actions = canWrite ? d.actions : [];
  const commercial = d.track === 'commercial';
  const open = d.status === 'open';

  const openAgreementDraft = () => {
    const next = new URLSearchParams(params);
    next.set('tab', 'agreements');
    next.set('draft', '1');
    setParams(next, { replace: true });
  };

  const items = [
    {
      key: 'registered',
      label: t('mediation.fields.registeredAt'),
      children: dayjs(d.registeredAt).format('YYYY-MM-DD HH:mm'),
    },
    {
      key: 'due',
      label: open ? t('mediation.fields.due') : t('mediation.fields.resolvedAt'),
      children: open ? (
        <DueText dueAt={d.dueAt} overdue={d.overdue} />
      ) : d.resolvedAt ? (
        dayjs(d.resolvedAt).format('YYYY-MM-DD HH:mm')
      ) : (
        '—'
      ),
    },
    {
      key: 'dueAt',
      label: t('mediation.fields.dueAt'),
      children: d.dueAt ? (
        <Tooltip title={t('mediation.dispute.dueHint', { days: labels.resolveDays(d.risk) ?? '—' })}>
          {dayjs(d.dueAt).format('YYYY-MM-DD HH:mm')}
        </Tooltip>
      ) : (
        '—'
      ),
    },
    {
      key: 'grid',
      label: t('mediation.fields.grid'),
      children: d.gridCode ? <span className="fq-mono">{d.gridCode}</span> : '—',
    },
    {
      key: 'responsible',
      label: t('mediation.fields.responsible'),
      children: d.responsible
        ? `${d.responsible.name}${d.responsible.badgeNo ? ` (${d.responsible.badgeNo})` : ''}`
        : '—',
    },
    { key: 'place', label: t('mediation.fields.place'), children: d.place ?? '—' },
    {
      key: 'amount',
      label: t('mediation.fields.amount'),
      children: d.amount === null ? '—' : t('mediation.dispute.yuan', { amount: formatAmount(d.amount) }),
    },
    {
      key: 'source',
      label: t('mediation.fields.source'),
      children: (
        <Space size={4}>
          {t(`mediation.source.${d.source}`)}
          {d.incidentId && has('incidents.read') ? (
            <Link to={`/command?incident=${d.incidentId}`} data-testid="incident-link">
              <LinkOutlined /> {d.sourceRef ?? t('mediation.dispute.incident')}
            </Link>
          ) : d.sourceRef ? (
            <span className="fq-mono">{d.sourceRef}</span>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <Card className="fq-med-header" data-testid="dispute-header">
      <div className="fq-med-header-top">
        <div className="fq-med-header-title">
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate('/mediation')}
            aria-label={t('mediation.dispute.back')}
          />
          <div>
            <Space size={8} wrap>
              <Typography.Title level={4} className="fq-med-title">
                <span className="fq-mono fq-med-title-number" data-testid="dispute-number">
                  {d.number}
                </span>
                {d.summary}
              </Typography.Title>
            </Space>
            <Space size={4} wrap className="fq-med-header-tags">
              <Tag>{labels.category(d.categoryCode)}</Tag>
              <RiskTag risk={d.risk} />
              <StatusTag status={d.status} />
              <OutcomeTag outcome={d.outcome} />
              {d.nextStep ? <Tag color="volcano">{t(`mediation.nextStep.${d.nextStep}`)}</Tag> : null}
              {d.reopenedCount > 0 ? (
                <Tag color="magenta">{t('mediation.dispute.reopened', { count: d.reopenedCount })}</Tag>
              ) : null}
              {d.hasEnterprise ? <Tag icon={<ShopOutlined />}>{t('mediation.dispute.enterpriseParty')}</Tag> : null}
            </Space>
          </div>
        </div>
        <Space wrap className="fq-med-actions" data-testid="dispute-actions">
          {COMMANDS.filter((c) => actions.includes(c)).map((c) => (
            <Button
              key={c}
              icon={COMMAND_ICONS[c]}
              onClick={() => setCommand(c)}
              data-testid={`action-${c}`}
              danger={c === 'reopen'}
            >
              {t(`mediation.workflow.actions.${c}`)}
            </Button>
          ))}
          {actions.includes('record_outcome') ? (
            <Button
              type="primary"
              icon={<CheckSquareOutlined />}
              onClick={() => setOutcomeOpen(true)}
              data-testid="action-outcome"
            >
              {t('mediation.workflow.actions.record_outcome')}
            </Button>
          ) : null}
        </Space>
      </div>

      <div className="fq-med-levels" data-testid="level-stepper" data-level={d.level} data-track={d.track}>
        <Steps
          size="small"
          current={d.level - 1}
          status={open && !commercial ? 'process' : d.status === 'failed' ? 'error' : 'finish'}
          items={([1, 2, 3] as const).map((l) => ({
            title: t(`mediation.levelShort.${l}`),
            content: (
              <span className="fq-med-level-desc">
                {t(`mediation.levelDesc.${l}`)}
                {l === d.initialLevel ? <Tag className="fq-mini-tag">{t('mediation.dispute.initialLevel')}</Tag> : null}
              </span>
            ),
            status: l < d.level ? 'finish' : l === d.level ? undefined : l <= d.maxLevel ? 'finish' : 'wait',
          }))}
        />
        <div className={commercial ? 'fq-med-track fq-med-track-on' : 'fq-med-track'} data-testid="track">
          <ShopOutlined />
          <div>
            <div className="fq-med-track-name">{t('mediation.track.commercial')}</div>
            <div className="fq-med-track-desc">
              {commercial
                ? t('mediation.dispute.onStudio', {
                    level: t(`mediation.levelShort.${d.level === 2 ? 2 : d.level === 3 ? 3 : 1}`),
                  })
                : t('mediation.dispute.studioHint')}
            </div>
          </div>
        </div>
      </div>

      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} items={items} className="fq-med-meta" />

      <TransitionDialog d={d} command={command} onClose={() => setCommand(null)} />
      <OutcomeDialog
        d={d}
        open={outcomeOpen}
        onClose={() => setOutcomeOpen(false)}
        onDraftAgreement={openAgreementDraft}
      />
    </Card>
  );
}
