import { DeleteOutlined, EditOutlined, PlusOutlined, SaveOutlined, WarningOutlined } from '@ant-design/icons';
import type { MediatorUpsert } from '@fengqiao/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Divider,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, request } from '../../api/client';
import { useTownMap } from '../../api/queries';
import { useHasPermission } from '../../app/session';
import { applyFieldErrors, ErrorAlert, useErrorText, useFieldText } from '../../shared/errors';
import { useMediationLabels, useWeekdays } from './labels';
import { formatRate, MEDIATOR_KINDS } from './mediation-data';
import { type MediatorView, mkeys } from './queries';

const DAY = 'YYYY-MM-DD';

interface ConflictValues {
  subjectKind: 'person' | 'enterprise';
  name?: string;
  idNumber?: string;
  creditCode?: string;
  relation?: string;
  note?: string;
}

function ProfileForm({ m, onDone }: { m: MediatorView; onDone: (v: MediatorView) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const labels = useMediationLabels();
  const town = useTownMap();
  const [form] = Form.useForm<MediatorUpsert>();
  const [saving, setSaving] = useState(false);
  const submit = async (v: MediatorUpsert) => {
    setSaving(true);
    try {
      const next = await api.put<MediatorView>(`/api/mediation/mediators/${m.id}`, {
        ...v,
        villages: v.villages.map((x) => x.trim()).filter(Boolean),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      message.success(t('mediation.pool.saved', { name: m.name }));
      onDone(next);
    } catch (e) {
      if (!applyFieldErrors(form, e, fieldText)) message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Form<MediatorUpsert>
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(v) => void submit(v)}
      initialValues={{
        kind: m.kind,
        specialties: m.specialties,
        levels: m.levels.filter((l): l is 1 | 2 | 3 => l === 1 || l === 2 || l === 3),
        commercial: m.commercial,
        gridIds: m.gridIds,
        villages: m.villages,
        maxLoad: m.maxLoad,
        weekdays: m.weekdays,
        active: m.active,
        note: m.note ?? undefined,
      }}
      data-testid="mediator-form"
    >
      <Space wrap size={16}>
        <Form.Item name="kind" label={t('mediation.pool.kind')}>
          <Select
            style={{ width: 180 }}
            options={MEDIATOR_KINDS.map((k) => ({ value: k, label: t(`mediation.mediatorKind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="maxLoad" label={t('mediation.pool.maxLoad')}>
          <InputNumber<number> min={0} max={100} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="active" label={t('mediation.pool.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="commercial" label={t('mediation.pool.commercial')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Space>
      <Form.Item name="specialties" label={t('mediation.pool.specialties')}>
        <Select
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          options={labels.categories.map((c) => ({ value: c.code, label: labels.category(c.code) }))}
        />
      </Form.Item>
      <Form.Item name="levels" label={t('mediation.pool.levels')}>
        <Checkbox.Group
          options={([1, 2, 3] as const).map((l) => ({ value: l, label: t(`mediation.levelName.${l}`) }))}
        />
      </Form.Item>
      <Form.Item name="gridIds" label={t('mediation.pool.grids')}>
        <Select
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          options={(town.data?.grids ?? [])
            .slice()
            .sort((a, b) => a.code.localeCompare(b.code))
            .map((g) => ({ value: g.id, label: `${g.code} ${g.name}` }))}
        />
      </Form.Item>
      <Form.Item name="villages" label={t('mediation.pool.villages')}>
        <Select
          mode="tags"
          open={false}
          tokenSeparators={[',', '，', '、']}
          placeholder={t('mediation.pool.villagesPlaceholder')}
        />
      </Form.Item>
      <Form.Item name="weekdays" label={t('mediation.pool.weekdays')}>
        <Checkbox.Group
          options={([1, 2, 3, 4, 5, 6, 7] as const).map((d) => ({ value: d, label: t(`mediation.weekdays.${d}`) }))}
        />
      </Form.Item>
      <Form.Item name="note" label={t('mediation.pool.note')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving} data-testid="mediator-save">
        {t('app.save')}
      </Button>
    </Form>
  );
}

/** One mediator: profile, leave calendar and conflicts of interest; edited by holders of mediators.manage. */
export function MediatorDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const has = useHasPermission();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const labels = useMediationLabels();
  const town = useTownMap();
  const weekdays = useWeekdays();
  const manage = has('mediators.manage');
  const seeConflicts = manage || has('disputes.coordinate');
  const [editing, setEditing] = useState(false);
  const [leaveForm] = Form.useForm<{ range?: [Dayjs, Dayjs]; reason?: string }>();
  const [conflictForm] = Form.useForm<ConflictValues>();
  const conflictKind = Form.useWatch('subjectKind', conflictForm) ?? 'person';
  const mediator = useQuery({
    queryKey: ['mediation', 'mediator', id ?? ''],
    queryFn: () => api.get<MediatorView>(`/api/mediation/mediators/${id ?? ''}`),
    enabled: id !== null,
    staleTime: 0,
  });
  useEffect(() => {
    if (id) setEditing(false);
  }, [id]);
  const m = mediator.data;

  const saved = (next: MediatorView) => {
    qc.setQueryData(['mediation', 'mediator', next.id], next);
    void qc.invalidateQueries({ queryKey: mkeys.mediatorsAll });
    void qc.invalidateQueries({ queryKey: ['mediation', 'suggestions'] });
  };

  const call = async (fn: () => Promise<MediatorView>, ok: string, form?: typeof leaveForm | typeof conflictForm) => {
    try {
      const next = await fn();
      saved(next);
      message.success(ok);
      form?.resetFields();
    } catch (e) {
      if (!form || !applyFieldErrors(form, e, fieldText)) message.error(errorText(e));
    }
  };

  const gridCode = new Map((town.data?.grids ?? []).map((g) => [g.id, `${g.code} ${g.name}`]));

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={720}
      title={m ? `${m.name} · ${t(`mediation.mediatorKind.${m.kind}`)}` : t('mediation.pool.title')}
      extra={
        manage && m && !editing ? (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="mediator-edit">
            {t('mediation.pool.edit')}
          </Button>
        ) : null
      }
      destroyOnHidden
    >
      {mediator.isPending && id ? <Spin /> : null}
      {mediator.isError ? <ErrorAlert error={mediator.error} onRetry={() => void mediator.refetch()} /> : null}
      {m ? (
        <div data-testid="mediator-drawer" data-name={m.name}>
          {editing ? (
            <ProfileForm
              m={m}
              onDone={(next) => {
                saved(next);
                setEditing(false);
              }}
            />
          ) : (
            <Descriptions
              size="small"
              column={2}
              className="fq-med-drawer-meta"
              items={[
                { key: 'title', label: t('mediation.pool.position'), children: m.title ?? '—', span: 2 },
                {
                  key: 'phone',
                  label: t('mediation.party.phone'),
                  children: <span className="fq-mono">{m.phone ?? '—'}</span>,
                },
                {
                  key: 'active',
                  label: t('mediation.pool.active'),
                  children: m.active ? t('app.yes') : t('app.no'),
                },
                {
                  key: 'specialties',
                  label: t('mediation.pool.specialties'),
                  span: 2,
                  children: m.specialties.map((c) => labels.category(c)).join('、') || '—',
                },
                {
                  key: 'levels',
                  label: t('mediation.pool.levels'),
                  children:
                    [
                      ...m.levels.map((l) => t(`mediation.levelShort.${l === 2 ? 2 : l === 3 ? 3 : 1}`)),
                      ...(m.commercial ? [t('mediation.track.commercialShort')] : []),
                    ].join('、') || '—',
                },
                { key: 'weekdays', label: t('mediation.pool.weekdays'), children: weekdays(m.weekdays) || '—' },
                {
                  key: 'grids',
                  label: t('mediation.pool.grids'),
                  span: 2,
                  children: m.gridIds.map((g) => gridCode.get(g) ?? g).join('、') || '—',
                },
                {
                  key: 'villages',
                  label: t('mediation.pool.villages'),
                  span: 2,
                  children: m.villages.join('、') || '—',
                },
                {
                  key: 'load',
                  label: t('mediation.pool.load'),
                  children: t('mediation.pool.loadOf', { load: m.load, max: m.maxLoad }),
                },
                {
                  key: 'record',
                  label: t('mediation.pool.record'),
                  children: `${m.decided > 0 ? formatRate(m.succeeded / m.decided) : '—'} · ${t('mediation.pool.recordOf', { succeeded: m.succeeded, decided: m.decided })}`,
                },
                ...(m.note ? [{ key: 'note', label: t('mediation.pool.note'), span: 2, children: m.note }] : []),
              ]}
            />
          )}

          <Divider titlePlacement="start">{t('mediation.pool.leave')}</Divider>
          {m.unavailable.length === 0 ? (
            <Typography.Text type="secondary">{t('mediation.pool.noLeave')}</Typography.Text>
          ) : (
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={m.unavailable}
              data-testid="mediator-leave"
              columns={[
                { title: t('mediation.pool.from'), dataIndex: 'from', width: 120 },
                { title: t('mediation.pool.to'), dataIndex: 'to', width: 120 },
                { title: t('mediation.pool.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
                ...(manage
                  ? [
                      {
                        title: '',
                        key: 'x',
                        width: 50,
                        render: (_: unknown, u: MediatorView['unavailable'][number]) => (
                          <Popconfirm
                            title={t('mediation.pool.deleteLeave')}
                            okText={t('mediation.views.delete')}
                            cancelText={t('app.cancel')}
                            onConfirm={() =>
                              call(
                                () =>
                                  request<MediatorView>(`/api/mediation/mediators/${m.id}/unavailability/${u.id}`, {
                                    method: 'DELETE',
                                  }),
                                t('mediation.pool.leaveDeleted'),
                              )
                            }
                          >
                            <Button
                              type="text"
                              danger
                              size="small"
                              icon={<DeleteOutlined />}
                              aria-label={t('mediation.views.delete')}
                            />
                          </Popconfirm>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          )}
          {manage ? (
            <Form
              form={leaveForm}
              layout="inline"
              className="fq-med-inline-form"
              onFinish={(v) =>
                void call(
                  () =>
                    api.post<MediatorView>(`/api/mediation/mediators/${m.id}/unavailability`, {
                      from: v.range?.[0].format(DAY),
                      to: v.range?.[1].format(DAY),
                      ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
                    }),
                  t('mediation.pool.leaveAdded'),
                  leaveForm,
                )
              }
            >
              <Form.Item name="range" rules={[{ required: true, message: t('mediation.pool.rangeRequired') }]}>
                <DatePicker.RangePicker />
              </Form.Item>
              <Form.Item name="reason">
                <Input placeholder={t('mediation.pool.reason')} maxLength={200} style={{ width: 180 }} />
              </Form.Item>
              <Button htmlType="submit" icon={<PlusOutlined />}>
                {t('mediation.pool.addLeave')}
              </Button>
            </Form>
          ) : null}

          {seeConflicts ? (
            <>
              <Divider titlePlacement="start">
                <WarningOutlined /> {t('mediation.pool.conflicts')}
              </Divider>
              <Typography.Paragraph type="secondary">{t('mediation.pool.conflictsHint')}</Typography.Paragraph>
              {m.conflicts.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.pool.noConflicts')} />
              ) : (
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={m.conflicts}
                  data-testid="mediator-conflicts"
                  columns={[
                    {
                      title: t('mediation.pool.subject'),
                      key: 'subject',
                      render: (_: unknown, c: MediatorView['conflicts'][number]) => (
                        <span>
                          <Tag>{t(`mediation.party.${c.subjectKind}`)}</Tag>
                          {c.name}
                        </span>
                      ),
                    },
                    {
                      title: t('mediation.party.identifier'),
                      key: 'id',
                      render: (_: unknown, c: MediatorView['conflicts'][number]) => (
                        <span className="fq-mono">{c.idNumber ?? c.creditCode ?? t('mediation.pool.byName')}</span>
                      ),
                    },
                    { title: t('mediation.pool.relation'), dataIndex: 'relation' },
                    ...(manage
                      ? [
                          {
                            title: '',
                            key: 'x',
                            width: 50,
                            render: (_: unknown, c: MediatorView['conflicts'][number]) => (
                              <Popconfirm
                                title={t('mediation.pool.deleteConflict')}
                                okText={t('mediation.views.delete')}
                                cancelText={t('app.cancel')}
                                onConfirm={() =>
                                  call(
                                    () =>
                                      request<MediatorView>(`/api/mediation/mediators/${m.id}/conflicts/${c.id}`, {
                                        method: 'DELETE',
                                      }),
                                    t('mediation.pool.conflictDeleted'),
                                  )
                                }
                              >
                                <Button
                                  type="text"
                                  danger
                                  size="small"
                                  icon={<DeleteOutlined />}
                                  aria-label={t('mediation.views.delete')}
                                />
                              </Popconfirm>
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              )}
              {manage ? (
                <Form<ConflictValues>
                  form={conflictForm}
                  layout="vertical"
                  className="fq-med-conflict-form"
                  initialValues={{ subjectKind: 'person' }}
                  onFinish={(v) =>
                    void call(
                      () =>
                        api.post<MediatorView>(`/api/mediation/mediators/${m.id}/conflicts`, {
                          subjectKind: v.subjectKind,
                          name: v.name?.trim(),
                          relation: v.relation?.trim(),
                          ...(v.subjectKind === 'person'
                            ? v.idNumber?.trim()
                              ? { idNumber: v.idNumber.trim().toUpperCase() }
                              : {}
                            : { creditCode: v.creditCode?.trim().toUpperCase() ?? '' }),
                          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
                        }),
                      t('mediation.pool.conflictAdded'),
                      conflictForm,
                    )
                  }
                >
                  <Form.Item name="subjectKind">
                    <Radio.Group
                      optionType="button"
                      options={[
                        { value: 'person', label: t('mediation.party.person') },
                        { value: 'enterprise', label: t('mediation.party.enterprise') },
                      ]}
                    />
                  </Form.Item>
                  <Space wrap align="start">
                    <Form.Item
                      name="name"
                      label={t('mediation.party.name')}
                      rules={[{ required: true, whitespace: true, message: t('mediation.create.partyNameRequired') }]}
                    >
                      <Input maxLength={100} style={{ width: 160 }} />
                    </Form.Item>
                    {conflictKind === 'person' ? (
                      <Form.Item name="idNumber" label={t('mediation.party.idNumber')}>
                        <Input maxLength={32} style={{ width: 200 }} />
                      </Form.Item>
                    ) : (
                      <Form.Item
                        name="creditCode"
                        label={t('mediation.party.creditCode')}
                        rules={[
                          { required: true, whitespace: true, message: t('mediation.create.creditCodeRequired') },
                        ]}
                      >
                        <Input maxLength={32} style={{ width: 200 }} />
                      </Form.Item>
                    )}
                    <Form.Item
                      name="relation"
                      label={t('mediation.pool.relation')}
                      rules={[{ required: true, whitespace: true, message: t('mediation.pool.relationRequired') }]}
                    >
                      <Input
                        maxLength={64}
                        style={{ width: 140 }}
                        placeholder={t('mediation.pool.relationPlaceholder')}
                      />
                    </Form.Item>
                  </Space>
                  <Button htmlType="submit" icon={<PlusOutlined />}>
                    {t('mediation.pool.addConflict')}
                  </Button>
                </Form>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
    </Drawer>
  );
}
