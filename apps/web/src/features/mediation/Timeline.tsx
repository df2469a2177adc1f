import type { DisputeDetail } from '@fengqiao/contracts';
import { Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { translateDynamic } from '../../app/i18n';

type Event = DisputeDetail['events'][number];

function colourOf(kind: string): string {
  if (kind === 'escalate' || kind === 'deadline.reminder') return 'orange';
  if (kind === 'deescalate' || kind === 'refer_commercial' || kind === 'return_standard') return 'purple';
  if (kind === 'outcome.success' || kind === 'close' || kind === 'agreement.performed' || kind === 'judicial.confirmed')
    return 'green';
  if (
    kind === 'reopen' ||
    kind === 'deadline.overdue' ||
    kind === 'outcome.failed' ||
    kind.startsWith('term.breached') ||
    kind === 'judicial.rejected'
  )
    return 'red';
  if (kind === 'note' || kind === 'updated') return 'gray';
  return 'blue';
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

/** The dispute's timeline: every change with who made it, why, and the level, status or track before and after. */
export function DisputeTimeline({ events }: { events: Event[] }) {
  const { t } = useTranslation();
  const level = (l: number | null) => (l === null ? '—' : t(`mediation.levelShort.${l === 2 ? 2 : l === 3 ? 3 : 1}`));
  const status = (s: string | null) => (s ? translateDynamic(`mediation.status.${s}`, s) : '—');
  const track = (s: string | null) => (s ? translateDynamic(`mediation.track.${s}`, s) : '—');
  const sorted = [...events].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
  return (
    <Timeline
      className="fq-med-timeline"
      data-testid="timeline"
      items={sorted.map((e) => {
        const changes: string[] = [];
        if (e.from.level !== null && e.to.level !== null && e.from.level !== e.to.level)
          changes.push(`${level(e.from.level)} → ${level(e.to.level)}`);
        if (e.from.track !== null && e.to.track !== null && e.from.track !== e.to.track)
          changes.push(`${track(e.from.track)} → ${track(e.to.track)}`);
        if (e.to.status !== null && e.from.status !== e.to.status)
          changes.push(e.from.status ? `${status(e.from.status)} → ${status(e.to.status)}` : status(e.to.status));
        const mediators = Array.isArray(e.details.mediators)
          ? (e.details.mediators as unknown[])
              .map((m) =>
                typeof m === 'object' && m !== null && 'name' in m ? str((m as { name: unknown }).name) : null,
              )
              .filter((x): x is string => x !== null)
          : [];
        const nextStep = str(e.details.nextStep);
        const title = str(e.details.title);
        const scheduledAt = str(e.details.scheduledAt);
        return {
          key: e.id,
          color: colourOf(e.kind),
          content: (
            <div data-testid="timeline-event" data-kind={e.kind}>
              <div className="fq-med-event-at">{dayjs(e.at).format('YYYY-MM-DD HH:mm')}</div>
              <strong>{translateDynamic(`mediation.events.${e.kind}`, e.kind)}</strong>
              {e.actorName ? <span className="fq-muted"> · {e.actorName}</span> : null}
              {changes.length > 0 ? <div className="fq-med-event-change">{changes.join('；')}</div> : null}
              {mediators.length > 0 ? <div>{mediators.join('、')}</div> : null}
              {nextStep ? <div>{translateDynamic(`mediation.nextStep.${nextStep}`, nextStep)}</div> : null}
              {title ? <div className="fq-muted">{title}</div> : null}
              {scheduledAt ? <div className="fq-muted">{dayjs(scheduledAt).format('YYYY-MM-DD HH:mm')}</div> : null}
              {e.reason ? (
                <Typography.Paragraph
                  className="fq-med-event-reason"
                  ellipsis={{ rows: 3, expandable: true, symbol: t('mediation.timeline.more') }}
                >
                  {e.reason}
                </Typography.Paragraph>
              ) : null}
            </div>
          ),
        };
      })}
    />
  );
}
