import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { CategoryConfigView, DeadlinesBody, IntakeSettingsBody } from '@fengqiao/contracts';
import { INCIDENT_SOURCES, type IncidentSource, type Priority } from '@fengqiao/domain';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ApiRequestError } from '../../api/errors';
import {
  keys,
  type PriorityRule,
  useCategoryConfig,
  useDeadlines,
  useIntakeSettings,
  usePriorityRules,
  useWarningRules,
  type WarningRule,
} from '../../api/queries';
import { useHasPermission } from '../../app/session';
import { applyFieldErrors, ErrorAlert, useErrorText, useFieldText } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { formatSeconds, PRIORITY_ORDER, PRIORITY_TAGS, TEAMS } from './command-data';
import { useCategoryLabel } from './labels';
import './command.css';

function useSaved() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  return (part: string) => {
    message.success(t('config.saved'));
    void qc.invalidateQueries({ queryKey: keys.commandConfig(part) });
    if (part === 'categories') void qc.invalidateQueries({ queryKey: keys.categories });
  };
}

function useCategoryOptions() {
  const categories = useCategoryConfig();
  const label = useCategoryLabel();
  return useMemo(
    () => (categories.data ?? []).map((c) => ({ value: c.code, label: `${label(c.code, true)} (${c.code})` })),
    [categories.data, label],
  );
}

// ------------------------------------------------------------ priority rules

type PriorityRuleForm = Omit<PriorityRule, 'id'>;

function PriorityRules({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const rules = usePriorityRules();
  const saved = useSaved();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const { message } = App.useApp();
  const categoryOptions = useCategoryOptions();
  const label = useCategoryLabel();
  const [editing, setEditing] = useState<PriorityRule | 'new' | null>(null);
  const [form] = Form.useForm<PriorityRuleForm>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (editing === 'new')
      form.setFieldsValue({
        name: '',
        categoryPrefix: null,
        keywords: [],
        sources: [],
        nightOnly: false,
        priority: 'high',
        sort: 100,
        active: true,
      });
    else if (editing) form.setFieldsValue(editing);
  }, [editing, form]);

  const save = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      const body = { ...v, categoryPrefix: v.categoryPrefix ?? null };
      if (editing === 'new') await api.post('/api/incidents/config/priority-rules', body);
      else if (editing) await api.put(`/api/incidents/config/priority-rules/${editing.id}`, body);
      saved('priority-rules');
      setEditing(null);
    } catch (e) {
      if (!applyFieldErrors(form, e, fieldText)) message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  if (rules.isError) return <ErrorAlert error={rules.error} onRetry={() => void rules.refetch()} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('config.priorityHint')}</Typography.Paragraph>
      {canEdit ? (
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} style={{ marginBottom: 12 }}>
          {t('config.addRule')}
        </Button>
      ) : null}
      <Table<PriorityRule>
        rowKey="id"
        size="small"
        loading={rules.isPending}
        dataSource={[...(rules.data ?? [])].sort((a, b) => a.sort - b.sort)}
        pagination={false}
        columns={[
          { title: t('config.sort'), dataIndex: 'sort', width: 70 },
          { title: t('config.name'), dataIndex: 'name' },
          {
            title: t('config.category'),
            dataIndex: 'categoryPrefix',
            render: (c: string | null) => (c ? label(c, true) : t('config.anyCategory')),
          },
          {
            title: t('config.keywords'),
            dataIndex: 'keywords',
            render: (k: string[]) => (k.length ? k.map((w) => <Tag key={w}>{w}</Tag>) : '—'),
          },
          {
            title: t('config.conditions'),
            key: 'cond',
            render: (_: unknown, r) => (
              <Space size={4} wrap>
                {r.sources.map((s) => (
                  <Tag key={s}>{t(`source.${s}`)}</Tag>
                ))}
                {r.nightOnly ? <Tag color="geekblue">{t('config.nightOnly')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('config.priority'),
            dataIndex: 'priority',
            render: (p: Priority) => <Tag color={PRIORITY_TAGS[p]}>{t(`priority.${p}`)}</Tag>,
          },
          {
            title: t('config.active'),
            dataIndex: 'active',
            render: (a: boolean) => (a ? <Tag color="green">{t('config.on')}</Tag> : <Tag>{t('config.off')}</Tag>),
          },
          ...(canEdit
            ? [
                {
                  title: t('app.actions'),
                  key: 'edit',
                  width: 90,
                  render: (_: unknown, r: PriorityRule) => (
                    <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                      {t('config.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('config.addRule') : t('config.editRule')}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        confirmLoading={saving}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        destroyOnHidden
        width={620}
      >
        <Form<PriorityRuleForm> form={form} layout="vertical" requiredMark={false}>
          <Form.Item name="name" label={t('config.name')} rules={[{ required: true, min: 2, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="categoryPrefix" label={t('config.category')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={categoryOptions}
              placeholder={t('config.anyCategory')}
            />
          </Form.Item>
          <Form.Item name="keywords" label={t('config.keywords')} extra={t('config.keywordsHint')}>
            <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} />
          </Form.Item>
          <Form.Item name="sources" label={t('config.sources')}>
            <Select
              mode="multiple"
              options={INCIDENT_SOURCES.map((s: IncidentSource) => ({ value: s, label: t(`source.${s}`) }))}
            />
          </Form.Item>
          <Space size={24} wrap>
            <Form.Item name="priority" label={t('config.priority')} rules={[{ required: true }]}>
              <Select
                style={{ width: 140 }}
                options={PRIORITY_ORDER.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
              />
            </Form.Item>
            <Form.Item name="sort" label={t('config.sort')}>
              <InputNumber min={0} max={10000} />
            </Form.Item>
            <Form.Item name="nightOnly" label={t('config.nightOnly')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="active" label={t('config.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}

// ------------------------------------------------------------- warning rules

type WarningRuleForm = Omit<WarningRule, 'id'>;
const WARNING_KINDS = ['repeat_address', 'repeat_caller', 'grid_surge'] as const;

function WarningRules({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const rules = useWarningRules();
  const saved = useSaved();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const { message } = App.useApp();
  const categoryOptions = useCategoryOptions();
  const label = useCategoryLabel();
  const [editing, setEditing] = useState<WarningRule | 'new' | null>(null);
  const [form] = Form.useForm<WarningRuleForm>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (editing === 'new')
      form.setFieldsValue({
        name: '',
        kind: 'repeat_address',
        categoryPrefixes: [],
        threshold: 3,
        windowDays: 30,
        target: 'community_officer',
        active: true,
      });
    else if (editing) form.setFieldsValue(editing);
  }, [editing, form]);

  const save = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      if (editing === 'new') await api.post('/api/incidents/config/warning-rules', v);
      else if (editing) await api.put(`/api/incidents/config/warning-rules/${editing.id}`, v);
      saved('warning-rules');
      setEditing(null);
    } catch (e) {
      if (!applyFieldErrors(form, e, fieldText)) message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  if (rules.isError) return <ErrorAlert error={rules.error} onRetry={() => void rules.refetch()} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('config.warningHint')}</Typography.Paragraph>
      {canEdit ? (
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} style={{ marginBottom: 12 }}>
          {t('config.addRule')}
        </Button>
      ) : null}
      <Table<WarningRule>
        rowKey="id"
        size="small"
        loading={rules.isPending}
        dataSource={rules.data ?? []}
        pagination={false}
        columns={[
          { title: t('config.name'), dataIndex: 'name' },
          {
            title: t('config.kind'),
            dataIndex: 'kind',
            render: (k: WarningRule['kind']) => t(`alerts.ruleKinds.${k}`),
          },
          {
            title: t('config.category'),
            dataIndex: 'categoryPrefixes',
            render: (c: string[]) =>
              c.length ? c.map((x) => <Tag key={x}>{label(x, true)}</Tag>) : t('config.anyCategory'),
          },
          {
            title: t('config.thresholdWindow'),
            key: 'tw',
            render: (_: unknown, r) => t('config.thresholdText', { threshold: r.threshold, days: r.windowDays }),
          },
          {
            title: t('config.target'),
            dataIndex: 'target',
            render: (x: WarningRule['target']) => t(`config.targets.${x}`),
          },
          {
            title: t('config.active'),
            dataIndex: 'active',
            render: (a: boolean) => (a ? <Tag color="green">{t('config.on')}</Tag> : <Tag>{t('config.off')}</Tag>),
          },
          ...(canEdit
            ? [
                {
                  title: t('app.actions'),
                  key: 'edit',
                  width: 90,
                  render: (_: unknown, r: WarningRule) => (
                    <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                      {t('config.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('config.addRule') : t('config.editRule')}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        confirmLoading={saving}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        destroyOnHidden
        width={620}
      >
        <Form<WarningRuleForm> form={form} layout="vertical" requiredMark={false}>
          <Form.Item name="name" label={t('config.name')} rules={[{ required: true, min: 2, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label={t('config.kind')}>
            <Select options={WARNING_KINDS.map((k) => ({ value: k, label: t(`alerts.ruleKinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="categoryPrefixes" label={t('config.category')}>
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={categoryOptions}
              placeholder={t('config.anyCategory')}
            />
          </Form.Item>
          <Space size={24} wrap>
            <Form.Item name="threshold" label={t('config.threshold')} rules={[{ required: true }]}>
              <InputNumber min={2} max={1000} />
            </Form.Item>
            <Form.Item name="windowDays" label={t('config.windowDays')} rules={[{ required: true }]}>
              <InputNumber min={1} max={365} />
            </Form.Item>
            <Form.Item name="target" label={t('config.target')}>
              <Select
                style={{ width: 160 }}
                options={(['community_officer', 'command_room'] as const).map((x) => ({
                  value: x,
                  label: t(`config.targets.${x}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="active" label={t('config.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}

// ---------------------------------------------------------------- categories

interface NewCategory {
  parent: string;
  child: string;
  nameZh: string;
  nameEn: string;
  open311: boolean;
}

function Categories({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  const categories = useCategoryConfig();
  const saved = useSaved();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<NewCategory>();
  const [busy, setBusy] = useState<string | null>(null);

  const update = async (code: string, patch: Partial<CategoryConfigView>) => {
    setBusy(code);
    try {
      await api.put(`/api/incidents/config/categories/${code}`, patch);
      saved('categories');
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const create = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      await api.post('/api/incidents/config/categories', {
        code: `${v.parent}.${v.child}`,
        nameZh: v.nameZh,
        nameEn: v.nameEn,
        open311: v.open311,
      });
      saved('categories');
      setAdding(false);
      form.resetFields();
    } catch (e) {
      if (!applyFieldErrors(form, e, fieldText, { code: 'child' })) message.error(errorText(e));
    }
  };

  const rows = useMemo(() => {
    const list = categories.data ?? [];
    const tops = list.filter((c) => !c.parentCode);
    return tops.map((top) => ({ ...top, children: list.filter((c) => c.parentCode === top.code) }));
  }, [categories.data]);

  if (categories.isError) return <ErrorAlert error={categories.error} onRetry={() => void categories.refetch()} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('config.categoriesHint')}</Typography.Paragraph>
      {canEdit ? (
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} style={{ marginBottom: 12 }}>
          {t('config.addCategory')}
        </Button>
      ) : null}
      <Table<CategoryConfigView & { children?: CategoryConfigView[] }>
        rowKey="code"
        size="small"
        loading={categories.isPending}
        dataSource={rows}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        columns={[
          { title: t('config.name'), key: 'name', render: (_: unknown, c) => (english ? c.nameEn : c.nameZh) },
          { title: t('config.code'), dataIndex: 'code', render: (c: string) => <span className="fq-mono">{c}</span> },
          {
            title: t('config.team'),
            dataIndex: 'team',
            render: (v: CategoryConfigView['team'], c) => (
              <Select
                size="small"
                value={v}
                disabled={!canEdit || busy === c.code}
                style={{ width: 130 }}
                onChange={(team) => void update(c.code, { team })}
                options={TEAMS.map((tm) => ({ value: tm, label: t(`team.${tm}`) }))}
              />
            ),
          },
          {
            title: t('config.defaultPriority'),
            dataIndex: 'defaultPriority',
            render: (v: Priority, c) => (
              <Select
                size="small"
                value={v}
                disabled={!canEdit || busy === c.code}
                style={{ width: 96 }}
                onChange={(p) => void update(c.code, { defaultPriority: p })}
                options={PRIORITY_ORDER.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
              />
            ),
          },
          {
            title: t('config.open311'),
            dataIndex: 'open311',
            render: (v: boolean, c) => (
              <Switch
                size="small"
                checked={v}
                disabled={!canEdit || busy === c.code}
                onChange={(x) => void update(c.code, { open311: x })}
              />
            ),
          },
          {
            title: t('config.active'),
            dataIndex: 'active',
            render: (v: boolean, c) => (
              <Switch
                size="small"
                checked={v}
                disabled={!canEdit || busy === c.code}
                onChange={(x) => void update(c.code, { active: x })}
              />
            ),
          },
        ]}
      />
      <Modal
        open={adding}
        title={t('config.addCategory')}
        onCancel={() => setAdding(false)}
        onOk={() => void create()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        destroyOnHidden
      >
        <Form<NewCategory> form={form} layout="vertical" requiredMark={false} initialValues={{ open311: false }}>
          <Form.Item name="parent" label={t('config.parent')} rules={[{ required: true }]}>
            <Select options={rows.map((r) => ({ value: r.code, label: english ? r.nameEn : r.nameZh }))} />
          </Form.Item>
          <Form.Item
            name="child"
            label={t('config.childCode')}
            extra={t('config.childCodeHint')}
            rules={[{ required: true, pattern: /^[a-z_]+$/, message: t('config.childCodeHint') }]}
          >
            <Input className="fq-mono" />
          </Form.Item>
          <Form.Item name="nameZh" label={t('config.nameZh')} rules={[{ required: true, max: 32 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t('config.nameEn')} rules={[{ required: true, max: 64 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="open311" label={t('config.open311')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

// ----------------------------------------------------------------- deadlines

const STEPS = ['ack', 'arriveUrban', 'arriveOther', 'resolve'] as const;
type Step = (typeof STEPS)[number];

function Deadlines({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const deadlines = useDeadlines();
  const saved = useSaved();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const fieldText = useFieldText();
  const [draft, setDraft] = useState<DeadlinesBody | null>(null);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  useEffect(() => {
    if (deadlines.data) setDraft(deadlines.data);
  }, [deadlines.data]);
  if (deadlines.isError) return <ErrorAlert error={deadlines.error} onRetry={() => void deadlines.refetch()} />;
  if (!draft) return null;
  const set = (p: Priority, s: Step, v: number | null) => setDraft({ ...draft, [p]: { ...draft[p], [s]: v } });
  const save = async () => {
    setSaving(true);
    setProblems([]);
    try {
      await api.put('/api/incidents/config/deadlines', draft);
      saved('deadlines');
    } catch (e) {
      // Name each cell at fault: `body.urgent.arriveUrban` → 紧急 · 到场（城区）.
      const cells =
        e instanceof ApiRequestError
          ? e.fields.flatMap((f) => {
              const [, p, step] = f.path.split('.');
              const known = PRIORITY_ORDER.find((x) => x === p) && STEPS.find((x) => x === step);
              return known && p && step
                ? [`${t(`priority.${p as Priority}`)} · ${t(`config.steps.${step as Step}`)}：${fieldText(f)}`]
                : [];
            })
          : [];
      if (cells.length > 0) setProblems(cells);
      else message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <Typography.Paragraph type="secondary">{t('config.deadlinesHint')}</Typography.Paragraph>
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title={t('config.deadlinesInvalid')}
          description={problems.map((p) => <div key={p}>{p}</div>)}
          style={{ marginBottom: 12 }}
          data-testid="deadline-problems"
        />
      ) : null}
      <Table
        rowKey="priority"
        size="small"
        pagination={false}
        dataSource={PRIORITY_ORDER.map((p) => ({ priority: p }))}
        columns={[
          {
            title: t('config.priority'),
            dataIndex: 'priority',
            render: (p: Priority) => <Tag color={PRIORITY_TAGS[p]}>{t(`priority.${p}`)}</Tag>,
          },
          ...STEPS.map((s) => ({
            title: t(`config.steps.${s}`),
            key: s,
            render: (_: unknown, r: { priority: Priority }) => {
              const v = draft[r.priority][s];
              return (
                <Space size={6} data-testid={`deadline-${r.priority}-${s}`}>
                  <InputNumber
                    size="small"
                    min={10}
                    max={30 * 86_400}
                    value={v}
                    disabled={!canEdit || v === null}
                    onChange={(x) => set(r.priority, s, typeof x === 'number' ? x : null)}
                    style={{ width: 100 }}
                    suffix={t('config.secondsShort')}
                  />
                  <span className="fq-muted">{v !== null ? formatSeconds(v) : ''}</span>
                  <Checkbox
                    checked={v === null}
                    disabled={!canEdit}
                    onChange={(e) =>
                      set(r.priority, s, e.target.checked ? null : (deadlines.data?.[r.priority][s] ?? 600))
                    }
                  >
                    {t('config.unwatched')}
                  </Checkbox>
                </Space>
              );
            },
          })),
        ]}
      />
      {canEdit ? (
        <Button type="primary" onClick={() => void save()} loading={saving} style={{ marginTop: 12 }}>
          {t('app.save')}
        </Button>
      ) : null}
    </>
  );
}

function Intake({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const intake = useIntakeSettings();
  const saved = useSaved();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const { message } = App.useApp();
  const [form] = Form.useForm<IntakeSettingsBody>();
  useEffect(() => {
    if (intake.data) form.setFieldsValue(intake.data);
  }, [intake.data, form]);
  if (intake.isError) return <ErrorAlert error={intake.error} onRetry={() => void intake.refetch()} />;
  const save = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      await api.put('/api/incidents/config/intake', v);
      saved('intake');
    } catch (e) {
      if (!applyFieldErrors(form, e, fieldText)) message.error(errorText(e));
    }
  };
  return (
    <Form<IntakeSettingsBody> form={form} layout="vertical" disabled={!canEdit} style={{ maxWidth: 520 }}>
      <Typography.Paragraph type="secondary">{t('config.intakeHint')}</Typography.Paragraph>
      <Form.Item
        name="duplicateWindowMinutes"
        label={t('config.duplicateWindow')}
        extra={t('config.duplicateWindowHint')}
      >
        <InputNumber min={0} max={1440} suffix={t('config.minutesShort')} />
      </Form.Item>
      <Form.Item name="duplicateRadiusM" label={t('config.duplicateRadius')}>
        <InputNumber min={10} max={5000} suffix={t('config.metresShort')} />
      </Form.Item>
      {canEdit ? (
        <Button type="primary" onClick={() => void save()}>
          {t('app.save')}
        </Button>
      ) : null}
    </Form>
  );
}

/** `/command/config`: the command room's configuration for station leaders. */
export default function CommandConfigPage() {
  const { t } = useTranslation();
  const has = useHasPermission();
  const canEdit = has('incidents.configure');
  return (
    <div className="fq-page">
      <PageHeader title={t('config.title')} subtitle={t('config.subtitle')} />
      <Card>
        <Tabs
          items={[
            { key: 'priority', label: t('config.tabs.priority'), children: <PriorityRules canEdit={canEdit} /> },
            { key: 'warning', label: t('config.tabs.warning'), children: <WarningRules canEdit={canEdit} /> },
            { key: 'categories', label: t('config.tabs.categories'), children: <Categories canEdit={canEdit} /> },
            { key: 'deadlines', label: t('config.tabs.deadlines'), children: <Deadlines canEdit={canEdit} /> },
            { key: 'intake', label: t('config.tabs.intake'), children: <Intake canEdit={canEdit} /> },
          ]}
        />
      </Card>
    </div>
  );
}
