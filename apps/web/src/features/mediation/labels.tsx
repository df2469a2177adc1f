import {
  ClockCircleOutlined,
  ExclamationCircleFilled,
  FireFilled,
  ShopOutlined,
  WarningFilled,
} from '@ant-design/icons';
import type { DisputeSummary } from '@fengqiao/contracts';
import { Tag, Tooltip } from 'antd';
import { type HTMLAttributes, type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../command/clock';
import { deadlineInfo, RISK_TAG, type Risk, weekdayRuns } from './mediation-data';
import { useMediationConfig } from './queries';

/** Names of the configured categories and risk levels in the user's language. */
export function useMediationLabels() {
  const { i18n } = useTranslation();
  const config = useMediationConfig();
  const english = i18n.language === 'en-US';
  return useMemo(() => {
    const categories = [...(config.data?.categories ?? [])].sort((a, b) => a.sort - b.sort);
    const byCode = new Map(categories.map((c) => [c.code, c]));
    const risks = new Map((config.data?.riskLevels ?? []).map((r) => [r.code, r]));
    return {
      categories,
      activeCategories: categories.filter((c) => c.active),
      riskLevels: config.data?.riskLevels ?? [],
      category: (code: string) => {
        const c = byCode.get(code);
        return c ? (english ? c.nameEn : c.nameZh) : code;
      },
      /** The configured meaning of a risk level (worded by the station, shown as configured). */
      riskMeaning: (code: string) => risks.get(code as Risk)?.meaning ?? null,
      resolveDays: (code: string) => risks.get(code as Risk)?.resolveDays ?? null,
      loaded: config.isSuccess,
    };
  }, [config.data, config.isSuccess, english]);
}

const RISK_ICON: Record<Risk, ReactNode> = {
  red: <FireFilled />,
  orange: <WarningFilled />,
  yellow: <ExclamationCircleFilled />,
};

/** The red / orange / yellow risk badge; its tooltip gives the station's meaning for the level. */
export function RiskTag({ risk, size }: { risk: Risk; size?: 'small' }) {
  const { t } = useTranslation();
  const labels = useMediationLabels();
  const meaning = labels.riskMeaning(risk);
  const tag = (
    <Tag
      color={RISK_TAG[risk]}
      icon={RISK_ICON[risk]}
      className={size === 'small' ? 'fq-med-risk fq-med-risk-small' : 'fq-med-risk'}
      data-testid="risk-tag"
      data-risk={risk}
      variant="solid"
    >
      {t(`mediation.risk.${risk}`)}
    </Tag>
  );
  return meaning ? <Tooltip title={meaning}>{tag}</Tooltip> : tag;
}

const STATUS_COLOUR: Record<DisputeSummary['status'], string> = {
  open: 'blue',
  resolved: 'green',
  closed: 'default',
  failed: 'volcano',
  withdrawn: 'default',
};

export function StatusTag({ status }: { status: DisputeSummary['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOUR[status]} data-testid="dispute-status" data-status={status}>
      {t(`mediation.status.${status}`)}
    </Tag>
  );
}

/** The mediation level (一级/二级/三级), or the commercial studio when the dispute is on that track. */
export function LevelTag({ level, track }: { level: number; track: DisputeSummary['track'] }) {
  const { t } = useTranslation();
  if (track === 'commercial')
    return (
      <Tag color="purple" icon={<ShopOutlined />} data-testid="level-tag" data-level={level} data-track={track}>
        {t('mediation.track.commercialShort')}
      </Tag>
    );
  const l = level === 2 ? 2 : level === 3 ? 3 : 1;
  return (
    <Tag
      color={l === 3 ? 'geekblue' : l === 2 ? 'blue' : 'cyan'}
      data-testid="level-tag"
      data-level={l}
      data-track={track}
    >
      {t(`mediation.levelShort.${l}`)}
    </Tag>
  );
}

export function OutcomeTag({ outcome }: { outcome: DisputeSummary['outcome'] }) {
  const { t } = useTranslation();
  if (!outcome) return null;
  const colour =
    outcome === 'success' ? 'green' : outcome === 'partial' ? 'lime' : outcome === 'failed' ? 'volcano' : 'default';
  return (
    <Tag color={colour} data-testid="outcome-tag" data-outcome={outcome}>
      {t(`mediation.outcome.${outcome}`)}
    </Tag>
  );
}

/**
 * Time to the deadline, or how long past it. Each one reads the shared ticking
 * clock itself, so the second-tick re-renders these texts and not the page
 * around them (a whole ledger re-rendered every second starved navigation).
 */
export function DueText({ dueAt, overdue }: { dueAt: string | null; overdue?: boolean }) {
  const { t } = useTranslation();
  const now = useNow();
  if (!dueAt) return <span className="fq-muted">—</span>;
  const d = deadlineInfo(dueAt, now);
  const span =
    d.days > 0
      ? t('mediation.due.daysHours', { days: d.days, hours: d.hours })
      : d.hours > 0
        ? t('mediation.due.hoursMinutes', { hours: d.hours, minutes: d.minutes })
        : t('mediation.due.minutes', { minutes: d.minutes });
  if (d.overdue || overdue)
    return (
      <Tag color="red" icon={<ClockCircleOutlined />} data-testid="overdue-tag">
        {t('mediation.due.overdue', { span })}
      </Tag>
    );
  return (
    <span className={d.soon ? 'fq-med-due-soon' : undefined} data-testid="due-text">
      <ClockCircleOutlined /> {t('mediation.due.left', { span })}
    </span>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The weekdays a mediator serves as runs: "周一至周五", "Mon–Fri", "周一、周三、周五". */
export function useWeekdays(): (days: readonly number[]) => string {
  const { t } = useTranslation();
  return (days) => {
    const name = (d: number) => {
      const w = WEEKDAYS.find((x) => x === d) ?? 1;
      return t(`mediation.weekdays.${w}`);
    };
    return weekdayRuns(days)
      .map((run) => {
        const first = run[0] ?? 1;
        const last = run[run.length - 1] ?? first;
        return run.length > 2
          ? t('mediation.weekdayRange', { from: name(first), to: name(last) })
          : run.map(name).join('、');
      })
      .join('、');
  };
}

/** Data attributes for a table row (`onRow`), which Ant Design types as plain HTML attributes. */
export function rowData(attrs: Record<`data-${string}`, string | number>): HTMLAttributes<HTMLElement> {
  return attrs as HTMLAttributes<HTMLElement>;
}
