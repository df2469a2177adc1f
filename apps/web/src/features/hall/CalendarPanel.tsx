import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { HallCalendarView } from '@fengqiao/contracts';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space, Spin, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../api/client';
import { ErrorAlert } from '../../shared/errors';
import { useHallErrorText } from './hall-errors';

type Calendar = z.infer<typeof HallCalendarView>;
interface CalendarForm {
  source: string;
  off: { nameZh: string; name: string; range: [Dayjs, Dayjs] }[];
  workdays: Dayjs[];
}
const FMT = 'YYYY-MM-DD';

/**
 * The working-day calendar of one year: public holidays (放假) and the
 * weekend days worked instead (调休上班), as the State Council's notice says.
 * Every deadline and the booking window count working days from it.
 */
export function CalendarPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useHallErrorText();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<CalendarForm>();
  const cal = useQuery({
    queryKey: ['hall', 'calendar', year],
    queryFn: () => api.get<Calendar>(`/api/hall/calendar/${year}`),
  });

  useEffect(() => {
    if (!cal.data) return;
    form.setFieldsValue({
      source: cal.data.source ?? '',
      off: cal.data.off.map((o) => ({ nameZh: o.nameZh, name: o.name, range: [dayjs(o.from), dayjs(o.to)] })),
      workdays: cal.data.workdays.map((d) => dayjs(d)),
    });
  }, [cal.data, form]);

  const save = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await api.put(`/api/hall/calendar/${year}`, {
        source: v.source,
        off: (v.off ?? []).map((o) => ({
          nameZh: o.nameZh,
          name: o.name ?? '',
          from: o.range[0].format(FMT),
          to: o.range[1].format(FMT),
        })),
        workdays: (v.workdays ?? []).map((d) => d.format(FMT)),
      });
      message.success(t('hall.catalogue.saved'));
      await cal.refetch();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={
        <Space>
          <Select
            value={year}
            onChange={setYear}
            options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: String(y) }))}
          />
          {cal.data ? (
            cal.data.configured ? (
              <Tag color={cal.data.builtIn ? 'blue' : 'green'}>
                {cal.data.builtIn ? t('hall.calendar.builtIn') : t('hall.calendar.edited')}
              </Tag>
            ) : (
              <Tag color="orange">{t('hall.calendar.notConfigured')}</Tag>
            )
          ) : null}
        </Space>
      }
      extra={
        <Button type="primary" loading={busy} onClick={save}>
          {t('hall.common.save')}
        </Button>
      }
    >
      {cal.isPending ? <Spin /> : null}
      {cal.error ? <ErrorAlert error={cal.error} onRetry={() => cal.refetch()} /> : null}
      {cal.data && !cal.data.configured ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('hall.calendar.fallback', { year })} />
      ) : null}
      <Form form={form} layout="vertical">
        <Form.Item
          name="source"
          label={t('hall.calendar.source')}
          rules={[{ required: true, message: t('hall.common.required') }]}
        >
          <Input maxLength={200} placeholder={t('hall.calendar.sourceHint')} />
        </Form.Item>
        <div style={{ fontWeight: 600, marginBottom: 8 }}>{t('hall.calendar.off')}</div>
        <Form.List name="off">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'nameZh']} rules={[{ required: true, message: t('hall.common.required') }]}>
                    <Input placeholder={t('hall.calendar.holidayZh')} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'name']}>
                    <Input placeholder={t('hall.calendar.holidayEn')} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'range']} rules={[{ required: true, message: t('hall.common.required') }]}>
                    <DatePicker.RangePicker />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} style={{ marginBottom: 16 }}>
                {t('hall.calendar.addHoliday')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="workdays" label={t('hall.calendar.workdays')} extra={t('hall.calendar.workdaysHint')}>
          <DatePicker multiple style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Card>
  );
}
