import { FilePdfOutlined, VideoCameraOutlined } from '@ant-design/icons';
import type { AccidentCaseView, AccidentStats } from '@fengqiao/contracts';
import { LIABILITIES, type Liability } from '@fengqiao/domain';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Image,
  Input,
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
import { PageHeader } from '../../../shared/PageHeader';
import { STATUS_COLOUR } from '../resident/status';
import { trafficKeys } from '../traffic-api';
import { useTrafficError } from '../traffic-errors';
import '../traffic.css';

type Filter = 'review' | 'all' | 'documented';

/** `/traffic/accidents`: quick-handling cases, the remote review queue first, and the time to document. */
export default function AccidentsReviewPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('review');
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useQuery({
    queryKey: trafficKeys.accidents(filter),
    queryFn: () =>
      api.get<AccidentCaseView[]>('/api/traffic/accidents', filter === 'all' ? undefined : { status: filter }),
    refetchInterval: 10_000,
  });
  const stats = useQuery({
    queryKey: trafficKeys.accidentStats,
    queryFn: () => api.get<AccidentStats>('/api/traffic/accidents/stats'),
  });
  const s = stats.data;
  return (
    <div>
      <PageHeader
        title={t('traffic.review.title')}
        {...(s
          ? {
              subtitle: t('traffic.review.stats', {
                total: s.total,
                documented: s.documented,
                agreements: s.agreements,
                determinations: s.determinations,
                avg: s.avgMinutesToDocument ?? '—',
                referred: s.referred,
              }),
            }
          : {})}
        extra={
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'review', label: t('traffic.quick.status.review') },
              { value: 'documented', label: t('traffic.quick.status.documented') },
              { value: 'all', label: t('app.all') },
            ]}
          />
        }
      />
      <Table<AccidentCaseView>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        locale={{ emptyText: t('traffic.review.noReview') }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('traffic.review.number'), dataIndex: 'number' },
          {
            title: t('traffic.review.filter'),
            dataIndex: 'status',
            render: (v: AccidentCaseView['status']) => (
              <Tag color={STATUS_COLOUR[v]}>{t(`traffic.quick.status.${v}`)}</Tag>
            ),
          },
          {
            title: t('traffic.review.createdAt'),
            dataIndex: 'createdAt',
            render: (v: string) => new Date(v).toLocaleString(),
          },
          { title: t('traffic.review.place'), dataIndex: 'address' },
          {
            title: t('traffic.review.parties'),
            render: (_: unknown, r) => r.parties.map((p) => `${p.name} ${p.plate}`).join(' / '),
          },
          {
            title: t('traffic.review.minutes'),
            dataIndex: 'minutesToDocument',
            render: (v: number | null) => v ?? '—',
          },
        ]}
      />
      {openId && <CaseDrawer id={openId} onClose={() => setOpenId(null)} />}
    </div>
  );
}

function CaseDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const errorText = useTrafficError();
  const c = useQuery({
    queryKey: ['traffic', 'accident', id],
    queryFn: () => api.get<AccidentCaseView>(`/api/traffic/accidents/${id}`),
  });
  const [form] = Form.useForm<{ liability: Liability; text: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const v = c.data;
  const issue = async () => {
    if (!v) return;
    // Field errors show under the fields; nothing is sent.
    const f = await form.validateFields().catch(() => null);
    if (!f) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<AccidentCaseView>(`/api/traffic/accidents/${id}/determination`, {
        ...f,
        version: v.version,
      });
      qc.setQueryData(['traffic', 'accident', id], r);
      void qc.invalidateQueries({ queryKey: ['traffic'] });
      message.success(t('traffic.review.issued'));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer open size={640} onClose={onClose} title={v?.number ?? ''} destroyOnHidden>
      {v && (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('traffic.quick.occurredAt')}>
              {new Date(v.occurredAt).toLocaleString()}
            </Descriptions.Item>
            <Descriptions.Item label={t('traffic.quick.address')}>{v.address}</Descriptions.Item>
            <Descriptions.Item label={t('traffic.quick.accidentType')}>
              {t(`traffic.accidentType.${v.accidentType}`)} · {t(`traffic.weather.${v.weather}`)}
            </Descriptions.Item>
            {v.parties.map((p) => (
              <Descriptions.Item
                key={p.role}
                label={t(p.role === 'a' ? 'traffic.review.partyA' : 'traffic.review.partyB')}
              >
                {p.name} · {p.licenceMasked} · {p.plate} · {t(`traffic.vehicleType.${p.vehicleType}`)} · {p.insurer}
                <br />
                {t('traffic.review.statements')}：{p.liability ? t(`traffic.liability.${p.liability}`) : '—'}
              </Descriptions.Item>
            ))}
            {v.description && (
              <Descriptions.Item label={t('traffic.quick.description')}>{v.description}</Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5}>{t('traffic.review.photos')}</Typography.Title>
          <Image.PreviewGroup>
            <div className="fq-traffic-evidence">
              {v.photos.map((p) => (
                <figure key={p.id} style={{ margin: 0 }}>
                  <Image
                    src={`/api/traffic/accidents/${v.id}/photos/${p.id}`}
                    width={140}
                    height={105}
                    style={{ objectFit: 'cover' }}
                  />
                  <figcaption style={{ fontSize: 12 }}>{t(`traffic.photoKind.${p.kind}`)}</figcaption>
                </figure>
              ))}
            </div>
          </Image.PreviewGroup>
          {v.videoCallUrl && (
            <Button icon={<VideoCameraOutlined />} href={v.videoCallUrl} target="_blank" rel="noreferrer">
              {t('traffic.quick.videoCall')}
            </Button>
          )}
          {v.status === 'review' && (
            <Form form={form} layout="vertical" requiredMark={false}>
              <Typography.Title level={5}>{t('traffic.review.determine')}</Typography.Title>
              <Form.Item
                name="liability"
                label={t('traffic.quick.statementTitle')}
                rules={[{ required: true, message: t('traffic.errors.required') }]}
              >
                <Select options={LIABILITIES.map((l) => ({ value: l, label: t(`traffic.liability.${l}`) }))} />
              </Form.Item>
              <Form.Item
                name="text"
                label={t('traffic.review.determination')}
                rules={[{ required: true, min: 10, message: t('traffic.errors.required') }]}
              >
                <Input.TextArea rows={4} maxLength={2000} />
              </Form.Item>
              {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
              <Button type="primary" onClick={issue} loading={busy}>
                {t('traffic.review.issue')}
              </Button>
            </Form>
          )}
          {v.status === 'documented' && (
            <Alert
              type="success"
              showIcon
              title={
                v.documentKind === 'determination'
                  ? t('traffic.quick.determinationDoc')
                  : t('traffic.quick.agreementDoc')
              }
              description={
                <>
                  {v.liability && (
                    <div>{t('traffic.quick.liabilityLabel', { text: t(`traffic.liability.${v.liability}`) })}</div>
                  )}
                  {v.minutesToDocument !== null && (
                    <div>{t('traffic.quick.elapsed', { minutes: v.minutesToDocument })}</div>
                  )}
                  <Button
                    type="link"
                    icon={<FilePdfOutlined />}
                    href={`/api/traffic/accidents/${v.id}/document`}
                    target="_blank"
                  >
                    {t('traffic.quick.openPdf')}
                  </Button>
                </>
              }
            />
          )}
        </Space>
      )}
    </Drawer>
  );
}
