import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import type { ViolationCodeView, ViolationPage, ViolationView } from '@fengqiao/contracts';
import { EVIDENCE_FACTS, REJECT_REASONS, VEHICLE_TYPES } from '@fengqiao/domain';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Form,
  Image,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useMe } from '../../../api/queries';
import { PageHeader } from '../../../shared/PageHeader';
import { trafficKeys } from '../traffic-api';
import { useTrafficError } from '../traffic-errors';
import '../traffic.css';

type Filter = 'pending' | 'overdue' | 'confirmed' | 'rejected';
const STATUS_COLOUR = { pending: 'gold', confirmed: 'green', rejected: 'default' } as const;

function useCodes() {
  return useQuery({
    queryKey: trafficKeys.codes,
    queryFn: () => api.get<ViolationCodeView[]>('/api/traffic/violation-codes'),
  });
}

/** `/traffic/violations`: the review queue (5-day deadline), confirmation by code, rejection, export. */
export default function ViolationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useTrafficError();
  const me = useMe();
  const [filter, setFilter] = useState<Filter>('pending');
  const [openId, setOpenId] = useState<string | null>(null);
  const [reporting, setReporting] = useState(false);
  const query = filter === 'overdue' ? { status: 'pending', overdue: 'true' } : { status: filter };
  const list = useQuery({
    queryKey: trafficKeys.violations(JSON.stringify(query)),
    queryFn: () => api.get<ViolationPage>('/api/traffic/violations', { ...query, pageSize: 100 }),
    refetchInterval: 15_000,
  });
  const now = Date.now();

  const exportCsv = async () => {
    try {
      const res = await fetch('/api/traffic/violations/export', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
        credentials: 'same-origin',
      });
      if (!res.ok) throw new Error(String(res.status));
      const blob = await res.blob();
      const batch = res.headers.get('x-export-batch') ?? 'export';
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `violations-${batch}.csv`;
      a.click();
      URL.revokeObjectURL(a.href);
      message.success(t('traffic.violations.exported', { count: res.headers.get('x-export-count') ?? '0', batch }));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <div>
      <PageHeader
        title={t('traffic.violations.title')}
        {...(list.data
          ? { subtitle: t('traffic.violations.queue', { pending: list.data.pending, overdue: list.data.overdue }) }
          : {})}
        extra={
          <Space>
            {me.data?.permissions.includes('violations.report') && (
              <Button icon={<PlusOutlined />} onClick={() => setReporting(true)}>
                {t('traffic.violations.report')}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} onClick={exportCsv}>
              {t('traffic.violations.export')}
            </Button>
          </Space>
        }
      />
      <Segmented<Filter>
        style={{ marginBottom: 12 }}
        value={filter}
        onChange={setFilter}
        options={[
          { value: 'pending', label: t('traffic.violations.status.pending') },
          { value: 'overdue', label: t('traffic.violations.overdue') },
          { value: 'confirmed', label: t('traffic.violations.status.confirmed') },
          { value: 'rejected', label: t('traffic.violations.status.rejected') },
        ]}
      />
      <Table<ViolationView>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('traffic.violations.empty') }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        pagination={false}
        columns={[
          { title: t('traffic.violations.number'), dataIndex: 'number' },
          {
            title: t('traffic.violations.plate'),
            dataIndex: 'plate',
            render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
          },
          {
            title: t('traffic.violations.vehicle'),
            dataIndex: 'vehicleType',
            render: (v: string) => t(`traffic.vehicleType.${v}` as 'traffic.vehicleType.other'),
          },
          { title: t('traffic.violations.act'), dataIndex: 'act', ellipsis: true },
          {
            title: t('traffic.violations.occurredAt'),
            dataIndex: 'occurredAt',
            render: (v: string) => new Date(v).toLocaleString(),
          },
          {
            title: t('traffic.violations.source'),
            dataIndex: 'source',
            render: (v: 'patrol' | 'camera') => t(`traffic.violations.sourceName.${v}`),
          },
          {
            title: t('traffic.violations.due'),
            render: (_: unknown, r) =>
              r.status !== 'pending' ? (
                <Tag color={STATUS_COLOUR[r.status]}>{t(`traffic.violations.status.${r.status}`)}</Tag>
              ) : r.overdue ? (
                <Tag color="red">{t('traffic.violations.overdue')}</Tag>
              ) : (
                <Tag color="gold">
                  {t('traffic.violations.dueIn', { days: Math.ceil((new Date(r.dueAt).getTime() - now) / 86_400_000) })}
                </Tag>
              ),
          },
        ]}
      />
      {openId && <ViolationDrawer id={openId} onClose={() => setOpenId(null)} />}
      {reporting && <ReportModal onClose={() => setReporting(false)} />}
    </div>
  );
}

function ViolationDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const errorText = useTrafficError();
  const codes = useCodes();
  const v = useQuery({
    queryKey: ['traffic', 'violation', id],
    queryFn: () => api.get<ViolationView>(`/api/traffic/violations/${id}`),
  });
  const [facts, setFacts] = useState<string[]>([]);
  const [code, setCode] = useState<string | undefined>(undefined);
  const [reason, setReason] = useState<string | undefined>(undefined);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const r = v.data;
  const zh = i18n.language.startsWith('zh');

  const decide = async (kind: 'confirm' | 'reject') => {
    if (!r) return;
    setBusy(true);
    setError(null);
    try {
      const body =
        kind === 'confirm' ? { code, checkedFacts: facts, version: r.version } : { reason, note, version: r.version };
      const next = await api.post<ViolationView>(`/api/traffic/violations/${id}/${kind}`, body);
      qc.setQueryData(['traffic', 'violation', id], next);
      void qc.invalidateQueries({ queryKey: ['traffic', 'violations'] });
      message.success(kind === 'confirm' ? t('traffic.violations.confirmed') : t('traffic.violations.rejected'));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer open size={680} onClose={onClose} title={r ? `${r.number} · ${r.plate}` : ''} destroyOnHidden>
      {r && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('traffic.violations.plate')}>
              {r.plate}（{t(`traffic.violations.colours.${r.plateColour as 'blue'}`)}）
            </Descriptions.Item>
            <Descriptions.Item label={t('traffic.violations.vehicle')}>
              {t(`traffic.vehicleType.${r.vehicleType}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('traffic.violations.appearance')}>{r.appearance}</Descriptions.Item>
            <Descriptions.Item label={t('traffic.violations.occurredAt')}>
              {new Date(r.occurredAt).toLocaleString()}
            </Descriptions.Item>
            <Descriptions.Item label={t('traffic.violations.place')}>{r.place}</Descriptions.Item>
            <Descriptions.Item label={t('traffic.violations.act')}>{r.act}</Descriptions.Item>
            <Descriptions.Item label={t('traffic.violations.source')}>
              {t(`traffic.violations.sourceName.${r.source}`)} {r.enteredBy ?? ''}
            </Descriptions.Item>
            {r.suggestedCode && (
              <Descriptions.Item label={t('traffic.violations.suggestedCode')}>{r.suggestedCode}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('traffic.violations.due')}>
              {new Date(r.dueAt).toLocaleString()}{' '}
              {r.overdue && <Tag color="red">{t('traffic.violations.overdue')}</Tag>}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('traffic.violations.evidence')}</Typography.Title>
          <Image.PreviewGroup>
            <div className="fq-traffic-evidence">
              {r.evidence.map((e, i) =>
                e.fileId ? (
                  <figure key={e.fileId} style={{ margin: 0 }}>
                    <Image
                      src={`/api/traffic/violations/${r.id}/evidence/${e.fileId}`}
                      width={160}
                      height={120}
                      style={{ objectFit: 'cover' }}
                    />
                    <figcaption style={{ fontSize: 12 }}>{e.caption}</figcaption>
                  </figure>
                ) : (
                  <Tag key={e.ref ?? i}>{e.caption || e.ref}</Tag>
                ),
              )}
            </div>
          </Image.PreviewGroup>
          {r.status === 'pending' ? (
            <>
              <Typography.Title level={5}>{t('traffic.violations.checklist')}</Typography.Title>
              <Checkbox.Group
                value={facts}
                onChange={(x) => setFacts(x as string[])}
                options={EVIDENCE_FACTS.map((f) => ({ value: f, label: t(`traffic.violations.facts.${f}`) }))}
              />
              <Select
                showSearch
                style={{ width: '100%' }}
                placeholder={t('traffic.violations.codePlaceholder')}
                aria-label={t('traffic.violations.code')}
                value={code}
                onChange={setCode}
                optionFilterProp="label"
                options={(codes.data ?? [])
                  .filter((c) => c.active)
                  .map((c) => ({
                    value: c.code,
                    label: `${c.code} ${zh ? c.nameZh : c.nameEn}（${t('traffic.violations.points', {
                      points: c.points,
                      fine: c.fineMin === c.fineMax ? c.fineMin : `${c.fineMin}–${c.fineMax}`,
                    })}）`,
                  }))}
              />
              {error && <Alert type="error" showIcon title={error} />}
              <Space wrap>
                <Button type="primary" onClick={() => decide('confirm')} loading={busy} disabled={!code}>
                  {t('traffic.violations.confirm')}
                </Button>
                <Select
                  style={{ width: 200 }}
                  placeholder={t('traffic.violations.rejectReason')}
                  value={reason}
                  onChange={setReason}
                  options={REJECT_REASONS.map((x) => ({ value: x, label: t(`traffic.violations.reasons.${x}`) }))}
                />
                <Input
                  style={{ width: 200 }}
                  placeholder={t('traffic.violations.rejectNote')}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                />
                <Button danger onClick={() => decide('reject')} loading={busy} disabled={!reason}>
                  {t('traffic.violations.reject')}
                </Button>
              </Space>
            </>
          ) : (
            <Alert
              type={r.status === 'confirmed' ? 'success' : 'warning'}
              showIcon
              title={t(`traffic.violations.status.${r.status}`)}
              description={
                r.status === 'confirmed' && r.code
                  ? `${r.code.code} ${zh ? r.code.nameZh : r.code.nameEn} · ${t('traffic.violations.reviewedBy')} ${r.reviewedBy ?? ''}`
                  : `${r.rejectReason ? t(`traffic.violations.reasons.${r.rejectReason}`) : ''} ${r.rejectNote ?? ''}`
              }
            />
          )}
        </Space>
      )}
    </Drawer>
  );
}

function ReportModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const errorText = useTrafficError();
  const codes = useCodes();
  const [form] = Form.useForm();
  const [files, setFiles] = useState<{ fileId: string; name: string }[]>([]);
  const [clientId] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const uploadFile = async (f: File | undefined) => {
    if (!f) return;
    const fd = new FormData();
    fd.append('file', f);
    try {
      const r = await api.postForm<{ fileId: string }>('/api/traffic/violations/evidence', fd);
      setFiles((x) => [...x, { fileId: r.fileId, name: f.name }]);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const submit = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/traffic/violations', {
        ...v,
        clientId,
        occurredAt: new Date(v.occurredAt).toISOString(),
        evidence: files.map((f) => ({ fileId: f.fileId, caption: f.name })),
      });
      message.success(t('traffic.violations.reported'));
      void qc.invalidateQueries({ queryKey: ['traffic', 'violations'] });
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const req = [{ required: true, message: t('traffic.errors.required') }];
  return (
    <Modal
      open
      title={t('traffic.violations.report')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      destroyOnHidden
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ plateColour: 'blue', vehicleType: 'small_car' }}
      >
        <Space.Compact block>
          <Form.Item name="plate" label={t('traffic.violations.plate')} rules={req} style={{ flex: 1 }}>
            <Input maxLength={12} />
          </Form.Item>
          <Form.Item name="plateColour" label={t('traffic.violations.plateColour')} style={{ width: 120 }}>
            <Select
              options={(['blue', 'yellow', 'green', 'white', 'black'] as const).map((c) => ({
                value: c,
                label: t(`traffic.violations.colours.${c}`),
              }))}
            />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="vehicleType" label={t('traffic.violations.vehicle')}>
          <Select options={VEHICLE_TYPES.map((v) => ({ value: v, label: t(`traffic.vehicleType.${v}`) }))} />
        </Form.Item>
        <Form.Item name="appearance" label={t('traffic.violations.appearance')} rules={req}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="occurredAt" label={t('traffic.violations.occurredAt')} rules={req}>
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item name="place" label={t('traffic.violations.place')} rules={req}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="act" label={t('traffic.violations.act')} rules={req}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="suggestedCode" label={t('traffic.violations.suggestedCode')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={(codes.data ?? []).map((c) => ({ value: c.code, label: `${c.code} ${c.nameZh}` }))}
          />
        </Form.Item>
        <label className="ant-btn ant-btn-default">
          <input type="file" accept="image/*,video/mp4" hidden onChange={(e) => void uploadFile(e.target.files?.[0])} />
          {t('traffic.violations.evidenceUpload')}
        </label>
        <div style={{ marginTop: 8 }}>
          {files.map((f) => (
            <Tag key={f.fileId}>{f.name}</Tag>
          ))}
        </div>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      </Form>
    </Modal>
  );
}
