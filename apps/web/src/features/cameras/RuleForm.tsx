import type { RuleInput, RuleTemplate, Shape, TemplateView } from '@fengqiao/contracts';
import { App, Button, Checkbox, Form, Input, InputNumber, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, useErrorText, useFieldText } from '../../shared/errors';
import { useSaveRule } from './queries';

interface Values {
  template: RuleTemplate;
  name: string;
  zoneId?: string;
  lineId?: string;
  secondLineId?: string;
  dwellSeconds?: number;
  minCount?: number;
  distanceM?: number;
  speedLimitKmh?: number;
  direction?: 'left_to_right' | 'right_to_left';
  minConfidence: number;
  raiseIncident: boolean;
  violation: boolean;
}

/** A new rule from one of the shipped scene templates, placed on this camera's saved zones and lines. */
export function RuleForm({
  cameraId,
  templates,
  shapes,
}: {
  cameraId: string;
  templates: TemplateView[];
  shapes: Shape[];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveRule(cameraId);
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const chosen = Form.useWatch('template', form);
  const tpl = templates.find((x) => x.id === chosen);
  const zones = shapes.filter((s) => s.kind === 'zone').map((s) => ({ value: s.id, label: s.name }));
  const lines = shapes.filter((s) => s.kind === 'line').map((s) => ({ value: s.id, label: s.name }));
  const needs = new Set(tpl?.needs ?? []);
  const missing =
    (needs.has('zone') && zones.length === 0) ||
    (needs.has('line') && lines.length === 0) ||
    (needs.has('secondLine') && lines.length < 2);

  const pick = (id: RuleTemplate) => {
    const x = templates.find((y) => y.id === id);
    if (!x) return;
    form.setFieldsValue({
      name: t(`cameras.template.${id}`),
      dwellSeconds: x.defaults.dwellSeconds,
      minCount: x.defaults.minCount,
      distanceM: x.defaults.distanceM ?? undefined,
      speedLimitKmh: x.defaults.speedLimitKmh ?? undefined,
      direction: x.defaults.direction === 'any' ? undefined : x.defaults.direction,
      minConfidence: x.defaults.minConfidence,
      raiseIncident: x.raiseIncident,
      violation: x.violation,
      zoneId: zones[0]?.value,
      lineId: lines[0]?.value,
      secondLineId: lines[1]?.value,
    });
  };

  const submit = async (v: Values) => {
    if (!tpl) return;
    const body: RuleInput = {
      name: v.name,
      template: tpl.id,
      categoryCode: tpl.categoryCode,
      raiseIncident: v.raiseIncident,
      violation: v.violation,
      spec: {
        ...tpl.defaults,
        zoneId: needs.has('zone') ? (v.zoneId ?? null) : null,
        lineId: needs.has('line') ? (v.lineId ?? null) : null,
        secondLineId: needs.has('secondLine') ? (v.secondLineId ?? null) : null,
        dwellSeconds: v.dwellSeconds ?? tpl.defaults.dwellSeconds,
        minCount: v.minCount ?? tpl.defaults.minCount,
        distanceM: v.distanceM ?? tpl.defaults.distanceM,
        speedLimitKmh: v.speedLimitKmh ?? tpl.defaults.speedLimitKmh,
        direction: v.direction ?? tpl.defaults.direction,
        minConfidence: v.minConfidence,
      },
    };
    try {
      await save.mutateAsync(body);
      message.success(t('cameras.rule.saved'));
      form.resetFields();
    } catch (e) {
      if (
        !applyFieldErrors(form, e, fieldText, {
          'spec.zoneId': 'zoneId',
          'spec.lineId': 'lineId',
          'spec.secondLineId': 'secondLineId',
        })
      )
        message.error(errorText(e));
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ minConfidence: 0.4, raiseIncident: true, violation: false }}
      data-testid="rule-form"
    >
      <Form.Item name="template" label={t('cameras.rule.template')} rules={[{ required: true }]}>
        <Select
          data-testid="rule-template"
          onChange={pick}
          options={templates.map((x) => ({ value: x.id, label: t(`cameras.template.${x.id}`) }))}
        />
      </Form.Item>
      {tpl ? (
        <>
          <Form.Item name="name" label={t('cameras.rule.name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          {missing ? <p className="ant-form-item-extra">{t('cameras.rule.drawFirst')}</p> : null}
          {needs.has('zone') ? (
            <Form.Item name="zoneId" label={t('cameras.rule.zone')} rules={[{ required: true }]}>
              <Select options={zones} />
            </Form.Item>
          ) : null}
          {needs.has('line') ? (
            <Form.Item name="lineId" label={t('cameras.rule.line')} rules={[{ required: true }]}>
              <Select options={lines} />
            </Form.Item>
          ) : null}
          {needs.has('secondLine') ? (
            <>
              <Form.Item name="secondLineId" label={t('cameras.rule.secondLine')} rules={[{ required: true }]}>
                <Select options={lines} />
              </Form.Item>
              <Form.Item name="distanceM" label={t('cameras.rule.distanceM')} rules={[{ required: true }]}>
                <InputNumber min={1} max={1000} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="speedLimitKmh" label={t('cameras.rule.speedLimitKmh')} rules={[{ required: true }]}>
                <InputNumber min={5} max={300} style={{ width: '100%' }} />
              </Form.Item>
            </>
          ) : null}
          {tpl.kind === 'wrong_way' ? (
            <Form.Item name="direction" label={t('cameras.rule.direction')} rules={[{ required: true }]}>
              <Select
                options={(['left_to_right', 'right_to_left'] as const).map((d) => ({
                  value: d,
                  label: t(`cameras.dir.${d}`),
                }))}
              />
            </Form.Item>
          ) : null}
          {['dwell', 'presence', 'intrusion', 'loiter', 'crowd'].includes(tpl.kind) ? (
            <Form.Item name="dwellSeconds" label={t('cameras.rule.dwellSeconds')}>
              <InputNumber min={0} max={3600} style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
          {tpl.kind === 'crowd' ? (
            <Form.Item name="minCount" label={t('cameras.rule.minCount')}>
              <InputNumber min={1} max={1000} style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
          <Form.Item name="minConfidence" label={t('cameras.rule.minConfidence')}>
            <InputNumber min={0.05} max={0.99} step={0.05} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="raiseIncident" label={t('cameras.rule.raiseIncident')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="violation" valuePropName="checked">
            <Checkbox>{t('cameras.rule.violation')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} disabled={missing} data-testid="save-rule">
            {t('cameras.rule.save')}
          </Button>
        </>
      ) : null}
    </Form>
  );
}
