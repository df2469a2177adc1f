import { ClockCircleOutlined, ExclamationCircleFilled } from '@ant-design/icons';
import type { IncidentSummary } from '@fengqiao/contracts';
import { Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useServerNow } from './clock';
import { countdown, PRIORITY_COLOURS, PRIORITY_TAGS } from './command-data';
import { useCategoryLabel } from './labels';
import './command.css';

/** A live countdown to a deadline; red and negative once it has passed. */
export function DeadlineCountdown({ due, compact = false }: { due: string; compact?: boolean }) {
  const { t } = useTranslation();
  const now = useServerNow();
  const c = countdown(due, now);
  const tone = c.overdue ? 'overdue' : c.seconds <= 60 ? 'soon' : 'ok';
  return (
    <Tooltip title={t('board.dueAt', { time: dayjs(due).format('MM-DD HH:mm:ss') })}>
      <span className={`fq-countdown fq-countdown-${tone}`} data-testid="countdown" data-overdue={c.overdue}>
        <ClockCircleOutlined /> {c.overdue && !compact ? t('board.overdueBy', { time: c.text.slice(1) }) : c.text}
      </span>
    </Tooltip>
  );
}

export function PriorityTag({ priority }: { priority: IncidentSummary['priority'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={PRIORITY_TAGS[priority]} className="fq-priority-tag" data-priority={priority}>
      {t(`priority.${priority}`)}
    </Tag>
  );
}

/** One incident in a board queue: priority, number, countdown, summary, category and place. */
export function IncidentCard({
  incident,
  selected,
  onOpen,
}: {
  incident: IncidentSummary;
  selected: boolean;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const categoryLabel = useCategoryLabel();
  return (
    <button
      type="button"
      className={`fq-inc-card${selected ? ' fq-inc-card-selected' : ''}${incident.breached ? ' fq-inc-card-breached' : ''}`}
      style={{ borderInlineStartColor: PRIORITY_COLOURS[incident.priority] }}
      onClick={() => onOpen(incident.id)}
      data-testid="incident-card"
      data-number={incident.number}
      data-status={incident.status}
    >
      <div className="fq-inc-card-top">
        <PriorityTag priority={incident.priority} />
        <span className="fq-inc-number" title={incident.number}>
          {incident.number}
        </span>
        {incident.breached ? (
          <Tooltip title={t('board.breached')}>
            <ExclamationCircleFilled className="fq-breach-mark" data-testid="breach-mark" />
          </Tooltip>
        ) : null}
      </div>
      <div className="fq-inc-summary">{incident.summary}</div>
      <div className="fq-inc-meta">
        <span className="fq-inc-category">{categoryLabel(incident.categoryCode)}</span>
        <span className="fq-inc-place">
          {incident.outsideJurisdiction ? (
            <Tag color="warning" className="fq-mini-tag">
              {t('board.outside')}
            </Tag>
          ) : incident.gridCode ? (
            <strong>{incident.gridCode}</strong>
          ) : null}{' '}
          {incident.address ?? ''}
        </span>
      </div>
      <div className="fq-inc-foot">
        <span className="fq-muted">
          {dayjs(incident.reportedAt).format('HH:mm')} · {t(`source.${incident.source}`)}
        </span>
        {incident.nextDeadline && incident.status !== 'resolved' ? (
          <DeadlineCountdown due={incident.nextDeadline} compact />
        ) : null}
        {incident.duplicateOf ? (
          <Tag className="fq-mini-tag" color="purple">
            {t('board.duplicate')}
          </Tag>
        ) : null}
      </div>
    </button>
  );
}
