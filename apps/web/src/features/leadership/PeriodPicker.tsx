import { DatePicker, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { addDays } from './format';

export type Preset = 'thisMonth' | 'lastMonth' | 'last30' | 'thisYear';

/** A preset period as China days [from, to], `to` inclusive. */
export function presetRange(p: Preset, today: string): [string, string] {
  const month = today.slice(0, 7);
  if (p === 'thisMonth') return [`${month}-01`, today];
  if (p === 'last30') return [addDays(today, -29), today];
  if (p === 'thisYear') return [`${today.slice(0, 4)}-01-01`, today];
  const first = dayjs(`${month}-01`).subtract(1, 'month');
  return [first.format('YYYY-MM-DD'), first.endOf('month').format('YYYY-MM-DD')];
}

/** The leadership pages' period: a preset or any range of days up to today. */
export function PeriodPicker({
  range,
  today,
  onChange,
}: {
  range: [string, string];
  today: string;
  onChange: (r: [string, string]) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Select<Preset>
        style={{ width: 120 }}
        placeholder={t('leadership.period.range')}
        onChange={(p) => onChange(presetRange(p, today))}
        options={(['thisMonth', 'lastMonth', 'last30', 'thisYear'] as const).map((p) => ({
          value: p,
          label: t(`leadership.period.${p}`),
        }))}
      />
      <DatePicker.RangePicker
        allowClear={false}
        value={[dayjs(range[0]), dayjs(range[1])]}
        disabledDate={(d: Dayjs) => d.isAfter(dayjs(today))}
        onChange={(v) => {
          if (v?.[0] && v[1]) onChange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')]);
        }}
      />
    </>
  );
}
