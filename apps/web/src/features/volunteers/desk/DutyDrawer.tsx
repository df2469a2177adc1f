import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Image, Input, Skeleton, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ErrorAlert } from '../../../shared/errors';
import { useVolunteerErrorText } from '../errors';
import { duration, hhmm, hoursText, shiftWindow } from '../format';
import { useDuty, vkeys } from '../queries';
import { RouteSketch } from '../RouteSketch';

/** One duty's evidence for an officer: route and track, passes, photos, the hours reckoning, and the review of a flagged duty. */
export function DutyDrawer({ id, onClose, canReview }: { id: string | null; onClose: () => void; canReview: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useVolunteerErrorText();
  const duty = useDuty(id);
  const d = duty.data;
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const review = async (decision: 'approve' | 'reject') => {
    if (!d) return;
    setBusy(true);
    try {
      await api.post(`/api/patrols/duties/${d.id}/review`, { decision, note });
      void message.success(t('volunteers.duties.reviewed'));
      void qc.invalidateQueries({ queryKey: vkeys.all });
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={Boolean(id)}
      onClose={onClose}
      size={560}
      title={d ? `${d.volunteer.name} · ${shiftWindow(d.startsAt, d.endsAt)}` : ''}
      data-testid="duty-drawer"
    >
      {duty.isLoading ? <Skeleton active /> : null}
      {duty.error ? <ErrorAlert error={duty.error} /> : null}
      {d ? (
        <Space orientation="vertical" style={{ width: '100%' }} size={16}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('volunteers.common.team')}>{d.team.name}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers.common.route')}>{d.route.name}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers.common.status')}>
              {t(`volunteers.dutyStatus.${d.status}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('volunteers.duty.hoursTitle')}>
              <span data-testid="duty-drawer-hours">
                {d.hours === null ? '—' : t('volunteers.common.hours', { n: hoursText(d.hours) })}
              </span>{' '}
              {d.verification ? <Tag>{t(`volunteers.verification.${d.verification}`)}</Tag> : null}
            </Descriptions.Item>
            {d.hoursDetail ? (
              <Descriptions.Item label={t('volunteers.duties.hoursDetail')} span={2}>
                {t('volunteers.duty.counted', { d: duration(d.hoursDetail.seconds, i18n.language) })} ·{' '}
                {t('volunteers.duty.gaps', { d: duration(d.hoursDetail.gapSeconds, i18n.language) })} ·{' '}
                {t('volunteers.duty.offRoute', { d: duration(d.hoursDetail.offRouteSeconds, i18n.language) })} ·{' '}
                {t('volunteers.duty.fixes', { used: d.hoursDetail.fixesUsed, ignored: d.hoursDetail.fixesIgnored })}
              </Descriptions.Item>
            ) : null}
            {d.flags.length > 0 ? (
              <Descriptions.Item label={t('volunteers.common.status')} span={2}>
                {d.flags.map((f) => (
                  <Tag key={f} color="orange">
                    {t(`volunteers.flag.${f}` as 'volunteers.flag.far_check_in')}
                  </Tag>
                ))}
                {d.checkInDistanceM !== null ? `${Math.round(d.checkInDistanceM)} m` : null}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <RouteSketch
            path={d.routeShape.path}
            checkpoints={d.routeShape.checkpoints.map((c) => ({
              ...c,
              passed: d.passes.some((p) => p.checkpointId === c.id),
            }))}
            track={d.track.map((p) => [p.lng, p.lat])}
            height={260}
          />
          <Table
            size="small"
            rowKey="checkpointId"
            pagination={false}
            dataSource={[
              ...d.passes.map((p) => ({ ...p, missed: false })),
              ...d.missedCheckpoints.map((m) => ({ ...m, passedAt: '', method: null, distanceM: null, missed: true })),
            ]}
            columns={[
              { title: t('volunteers.duty.checkpoints'), dataIndex: 'name' },
              {
                title: t('volunteers.common.time'),
                dataIndex: 'passedAt',
                render: (v: string, r) =>
                  r.missed ? <Tag color="red">{t('volunteers.coverage.missed')}</Tag> : hhmm(v),
              },
              {
                title: t('volunteers.duties.passes'),
                dataIndex: 'method',
                render: (m: 'qr' | 'proximity' | null) => (m ? t(`volunteers.duties.method.${m}`) : ''),
              },
            ]}
          />
          {d.photos.length > 0 ? (
            <Image.PreviewGroup>
              <Space wrap>
                {d.photos.map((p) => (
                  <Image key={p.id} src={p.url} width={96} height={96} style={{ objectFit: 'cover' }} />
                ))}
              </Space>
            </Image.PreviewGroup>
          ) : null}
          {canReview && d.verification === 'pending' ? (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Input.TextArea
                rows={2}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t('volunteers.common.note')}
              />
              <Space>
                <Button type="primary" loading={busy} onClick={() => void review('approve')} data-testid="duty-approve">
                  {t('volunteers.duties.approve')}
                </Button>
                <Button danger loading={busy} onClick={() => void review('reject')}>
                  {t('volunteers.duties.reject')}
                </Button>
              </Space>
            </Space>
          ) : null}
        </Space>
      ) : null}
    </Drawer>
  );
}
