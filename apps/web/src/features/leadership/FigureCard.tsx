import type { FigureView } from '@fengqiao/contracts';
import { baselineUnit } from '@fengqiao/domain';
import { Card, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeOf, formatFigure, LOWER_IS_BETTER } from './format';

const VS = {
  day: 'leadership.period.vsYesterday',
  week: 'leadership.period.vsLastWeek',
  month: 'leadership.period.vsLastMonth',
  period: 'leadership.period.vsPrevious',
} as const;

/**
 * One key figure: its value (a button that opens the records behind it),
 * the comparison with the baseline period, or "not yet available" for a
 * module still being built — never an invented number.
 */
export function FigureCard({
  f,
  period,
  onDrill,
  dark,
}: {
  f: FigureView;
  /** The period the figure is for, days inclusive: says what the baseline is (yesterday, last week …). */
  period: { from: string; to: string };
  onDrill?: (f: FigureView) => void;
  dark?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const name = t(`leadership.measure.${f.key}` as 'leadership.measure.incidents_received');
  const unit =
    f.unit === 'percent' || f.unit === 'count' ? '' : t(`leadership.unit.${f.unit}` as 'leadership.unit.hours');
  if (!f.available)
    return (
      <Card
        size="small"
        className={`fq-ld-card fq-ld-card-na${dark ? ' fq-ld-dark' : ''}`}
        data-testid={`figure-${f.key}`}
      >
        <div className="fq-ld-card-label">{name}</div>
        <div className="fq-ld-card-na-text" data-testid="figure-unavailable">
          {t('leadership.dashboard.notAvailable')}
        </div>
        <div className="fq-ld-card-hint">
          {t('leadership.dashboard.notAvailableHint', {
            module: t(`leadership.module.${f.module}` as 'leadership.module.cameras'),
          })}
        </div>
      </Card>
    );
  const change = changeOf(f);
  const bad = change ? change.up === LOWER_IS_BETTER.has(f.key) : false;
  return (
    <Card size="small" className={`fq-ld-card${dark ? ' fq-ld-dark' : ''}`} data-testid={`figure-${f.key}`}>
      <div className="fq-ld-card-label">{name}</div>
      <button
        type="button"
        className="fq-ld-card-value"
        data-testid="figure-value"
        onClick={() => onDrill?.(f)}
        disabled={!onDrill}
        title={t('leadership.dashboard.records', { count: f.n })}
      >
        {formatFigure(f.unit, f.value, i18n.language)}
        {unit && f.value !== null ? <span className="fq-ld-card-unit">{unit}</span> : null}
      </button>
      <div className="fq-ld-card-hint">
        {f.compare ? (
          <Tooltip
            title={`${f.compare.from} ~ ${f.compare.to}: ${formatFigure(f.unit, f.compare.value, i18n.language)}`}
          >
            <span>
              {f.compare.kind === 'last_year'
                ? t('leadership.period.vsLastYear')
                : t(VS[baselineUnit(period.from, period.to)])}{' '}
              {change ? <span className={bad ? 'fq-ld-bad' : 'fq-ld-good'}>{change.text}</span> : '—'}
            </span>
          </Tooltip>
        ) : (
          <span>{t('leadership.dashboard.records', { count: f.n })}</span>
        )}
      </div>
    </Card>
  );
}
