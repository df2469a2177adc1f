import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { CreateAgreementRequest } from '@fengqiao/contracts';
import {
  App,
  Button,
  Col,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ApiRequestError } from '../../api/errors';
import { useErrorText, useFieldText } from '../../shared/errors';
import type { AgreementView, DisputeDetail } from './queries';
import { useDisputeUpdate } from './useDisputeUpdate';

interface TermValues {
  text?: string;
  obligorPartyId?: string;
  dueOn?: Dayjs | null;
  amount?: number | null;
}

interface Values {
  form: 'written' | 'oral';
  agreedOn?: Dayjs | null;
  facts?: string;
  issues?: string;
  responsibilities: { partyId: string; text?: string }[];
  terms: TermValues[];
  performanceMethod?: string;
  performanceDeadline?: Dayjs | null;
}

const DAY = 'YYYY-MM-DD';

/** Where a server problem belongs: `body.terms.0.text` → ['terms', 0, 'text']. */
function formPath(path: string): (string | number)[] | null {
  const p = path.replace(/^body\./, '');
  const m = /^(terms|responsibilities)\.(\d+)\.(\w+)$/.exec(p);
  if (m?.[1] && m[2] && m[3]) return [m[1], Number(m[2]), m[3] === 'partyId' ? 'text' : m[3]];
  if (/^(facts|issues|performanceMethod|performanceDeadline|agreedOn|form)$/.test(p)) return [p];
  return null;
}

/**
 * Drafting the mediation agreement (调解协议书): facts, issues, each party's
 * responsibility, the terms with obligor, amount and date, and how and by
 * when they are performed. A written agreement prints as a PDF.
 */
export function AgreementForm({ d, open, onClose }: { d: DisputeDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const update = useDisputeUpdate();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('form', form) ?? 'written';

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      form: 'written',
      agreedOn: dayjs(),
      facts: d.facts || d.summary,
      issues: d.claims,
      responsibilities: d.parties.map((p) => ({ partyId: p.id, text: '' })),
      terms: [{ text: '', obligorPartyId: d.parties.find((p) => p.role === 'respondent')?.id }],
      performanceMethod: '',
    });
  }, [open, d, form]);

  const submit = async () => {
    // Field errors show under the fields; nothing is sent.
    if (
      !(await form.validateFields().then(
        () => true,
        () => false,
      ))
    )
      return;
    // All values, including the party of each responsibility (kept in the store, not in a field).
    const v = form.getFieldsValue(true) as Values;
    const body: CreateAgreementRequest = {
      form: v.form,
      facts: v.facts?.trim() ?? '',
      issues: v.issues?.trim() ?? '',
      responsibilities: v.responsibilities
        .filter((r) => r.text?.trim())
        .map((r) => ({ partyId: r.partyId, text: r.text?.trim() ?? '' })),
      terms: v.terms.map((x) => ({
        text: x.text?.trim() ?? '',
        ...(x.obligorPartyId ? { obligorPartyId: x.obligorPartyId } : {}),
        ...(x.dueOn ? { dueOn: x.dueOn.format(DAY) } : {}),
        ...(x.amount !== undefined && x.amount !== null ? { amount: x.amount } : {}),
      })),
      performanceMethod: v.performanceMethod?.trim() ?? '',
      ...(v.performanceDeadline ? { performanceDeadline: v.performanceDeadline.format(DAY) } : {}),
      ...(v.agreedOn ? { agreedOn: v.agreedOn.format(DAY) } : {}),
    };
    setSaving(true);
    try {
      const a = await api.post<AgreementView>(`/api/mediation/disputes/${d.id}/agreements`, body);
      message.success(t('mediation.agreements.created', { number: a.number }));
      update(d.id);
      onClose();
    } catch (e) {
      const placed =
        e instanceof ApiRequestError
          ? e.fields.flatMap((f) => {
              const name = formPath(f.path);
              return name ? [{ name, errors: [fieldText(f)] }] : [];
            })
          : [];
      if (placed.length > 0) form.setFields(placed as Parameters<typeof form.setFields>[0]);
      else message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const partyOptions = d.parties.map((p) => ({ value: p.id, label: p.name }));
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={760}
      title={t('mediation.agreements.draftTitle', { number: d.number })}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('app.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="agreement-submit">
            {kind === 'written' ? t('mediation.agreements.createWritten') : t('mediation.agreements.createOral')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" requiredMark="optional" data-testid="agreement-form">
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item name="form" label={t('mediation.agreements.form')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'written', label: t('mediation.agreements.forms.written') },
                  { value: 'oral', label: t('mediation.agreements.forms.oral') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="agreedOn" label={t('mediation.agreements.agreedOn')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(x) => x.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
        </Row>
        {kind === 'oral' ? (
          <Typography.Paragraph type="secondary">{t('mediation.agreements.oralHint')}</Typography.Paragraph>
        ) : null}
        <Form.Item
          name="facts"
          label={t('mediation.agreements.facts')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('mediation.agreements.factsRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={8000} data-testid="agreement-facts" />
        </Form.Item>
        <Form.Item name="issues" label={t('mediation.agreements.issues')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} data-testid="agreement-issues" />
        </Form.Item>

        <Typography.Title level={5}>{t('mediation.agreements.responsibilities')}</Typography.Title>
        <Form.List name="responsibilities">
          {(fields) =>
            fields.map((field) => {
              const partyId = form.getFieldValue(['responsibilities', field.name, 'partyId']) as string | undefined;
              const party = d.parties.find((p) => p.id === partyId);
              return (
                <Form.Item
                  key={field.key}
                  name={[field.name, 'text']}
                  label={party ? `${t(`mediation.party.roles.${party.role}`)} ${party.name}` : ''}
                >
                  <Input.TextArea
                    autoSize={{ minRows: 1, maxRows: 4 }}
                    maxLength={2000}
                    placeholder={t('mediation.agreements.responsibilityPlaceholder')}
                    data-testid="agreement-responsibility"
                  />
                </Form.Item>
              );
            })
          }
        </Form.List>

        <Typography.Title level={5}>{t('mediation.agreements.terms')}</Typography.Title>
        <Form.List
          name="terms"
          rules={[
            {
              validator: async (_r, list: TermValues[] | undefined) => {
                if (!list || list.length === 0) throw new Error(t('mediation.agreements.termsRequired'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field, i) => (
                <div key={field.key} className="fq-med-term-form" data-testid="agreement-term">
                  <div className="fq-med-term-num">{i + 1}</div>
                  <div className="fq-med-term-fields">
                    <Form.Item
                      name={[field.name, 'text']}
                      rules={[
                        { required: true, whitespace: true, min: 2, message: t('mediation.agreements.termRequired') },
                      ]}
                    >
                      <Input.TextArea
                        autoSize={{ minRows: 1, maxRows: 4 }}
                        maxLength={2000}
                        placeholder={t('mediation.agreements.termPlaceholder')}
                        data-testid="term-text"
                      />
                    </Form.Item>
                    <Space wrap>
                      <Form.Item name={[field.name, 'obligorPartyId']} label={t('mediation.agreements.obligor')}>
                        <Select allowClear style={{ width: 180 }} options={partyOptions} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'amount']} label={t('mediation.agreements.amount')}>
                        <InputNumber<number>
                          min={0}
                          max={1e12}
                          precision={2}
                          style={{ width: 150 }}
                          data-testid="term-amount"
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'dueOn']} label={t('mediation.agreements.dueOn')}>
                        <DatePicker data-testid="term-due" />
                      </Form.Item>
                    </Space>
                  </div>
                  {fields.length > 1 ? (
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={t('mediation.agreements.removeTerm')}
                    />
                  ) : null}
                </div>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ text: '' })}
                block
                data-testid="term-add"
              >
                {t('mediation.agreements.addTerm')}
              </Button>
            </>
          )}
        </Form.List>

        <Row gutter={16} style={{ marginTop: 16 }}>
          <Col span={16}>
            <Form.Item name="performanceMethod" label={t('mediation.agreements.performanceMethod')}>
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 4 }}
                maxLength={2000}
                placeholder={t('mediation.agreements.performanceMethodPlaceholder')}
                data-testid="agreement-method"
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="performanceDeadline" label={t('mediation.agreements.performanceDeadline')}>
              <DatePicker style={{ width: '100%' }} data-testid="agreement-deadline" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
