import { VETTING_CHECKS } from '@fengqiao/domain';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ErrorAlert } from '../../../shared/errors';
import { useVolunteerErrorText } from '../errors';
import { hoursText, mmddHhmm } from '../format';
import { useVolunteer, vkeys } from '../queries';

type Target = 'approved' | 'suspended' | 'exited' | 'rejected';

/**
 * One volunteer's file: identity (masked), vetting with the record-check
 * result, the lifecycle with its history, teams, units, certificates and
 * hours. Managers record checks and move the status here.
 */
export function VolunteerDrawer({
  id,
  onClose,
  canManage,
}: {
  id: string | null;
  onClose: () => void;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useVolunteerErrorText();
  const vol = useVolunteer(id);
  const v = vol.data;
  const [vetForm] = Form.useForm();
  const [statusTo, setStatusTo] = useState<Target | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const done = () => void qc.invalidateQueries({ queryKey: vkeys.all });

  const addVetting = async (b: { check: string; result: string; note?: string }) => {
    if (!v) return;
    setBusy(true);
    try {
      await api.post(`/api/volunteers/${v.personId}/vetting`, { ...b, note: b.note ?? '' });
      void message.success(t('volunteers.common.saved'));
      vetForm.resetFields();
      done();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const changeStatus = async () => {
    if (!v || !statusTo) return;
    setBusy(true);
    try {
      await api.post(`/api/volunteers/${v.personId}/status`, { to: statusTo, reason, version: v.version });
      void message.success(t('volunteers.common.saved'));
      setStatusTo(null);
      setReason('');
      done();
    } catch (err) {
      void message.error(errorText(err), 6);
    } finally {
      setBusy(false);
    }
  };

  const inVetting = v && (v.status === 'applied' || v.status === 'vetting' || v.status === 'approved');
  return (
    <Drawer open={Boolean(id)} onClose={onClose} size={620} title={v ? v.name : ''} data-testid="volunteer-drawer">
      {vol.isLoading ? <Skeleton active /> : null}
      {vol.error ? <ErrorAlert error={vol.error} /> : null}
      {v ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('volunteers.common.status')}>
              <Tag color={v.status === 'approved' ? 'green' : 'default'}>{t(`volunteers.status.${v.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('volunteers.roster.phone')}>{v.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers.roster.idNumber')}>{v.idNumber ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers.roster.occupation')}>{v.occupation ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers.roster.skills')}>{v.skills.join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers.roster.partyBranch')}>
              {v.partyMember ? (v.partyBranch ?? t('volunteers.roster.party')) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('volunteers.roster.teams')} span={2}>
              {v.teams.map((tm) => (
                <Tag key={tm.id} color={tm.leader ? 'gold' : 'blue'}>
                  {tm.name}
                  {tm.leader ? ` · ${t('volunteers.teams.leader')}` : ''}
                </Tag>
              ))}
            </Descriptions.Item>
            {v.units.length > 0 ? (
              <Descriptions.Item label={t('volunteers.roster.units')} span={2}>
                {v.units.map((u) => `${u.code} ${u.name}`).join('、')}
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('volunteers.roster.availability')} span={2}>
              {v.availability
                .map(
                  (a) =>
                    `${t(`volunteers.roster.weekday.${a.weekday}` as 'volunteers.roster.weekday.1')} ${a.from}–${a.to}`,
                )
                .join('，') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('volunteers.points.hours')}>
              {t('volunteers.roster.hoursThisYear', { n: hoursText(v.hoursThisYear) })}
            </Descriptions.Item>
            <Descriptions.Item label={t('volunteers.points.points')}>{Math.round(v.pointsTotal)}</Descriptions.Item>
          </Descriptions>

          {canManage && v.nextStatuses.length > 0 ? (
            <Space wrap>
              {v.nextStatuses
                .filter((s): s is Target => s === 'approved' || s === 'suspended' || s === 'exited' || s === 'rejected')
                .map((s) => (
                  <Button
                    key={s}
                    danger={s !== 'approved'}
                    type={s === 'approved' ? 'primary' : 'default'}
                    onClick={() => setStatusTo(s)}
                    data-testid={`vol-status-${s}`}
                  >
                    {t(`volunteers.roster.to.${s}`)}
                  </Button>
                ))}
            </Space>
          ) : null}
          {v.approvalBlockers.length > 0 && v.nextStatuses.includes('approved') ? (
            <Alert
              type="info"
              showIcon
              title={t('volunteers.roster.blockers', {
                checks: v.approvalBlockers.map((c) => t(`volunteers.check.${c}`)).join('、'),
              })}
            />
          ) : null}

          <div>
            <h4>{t('volunteers.roster.vetting')}</h4>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={v.vetting}
              columns={[
                {
                  title: t('volunteers.roster.checkType'),
                  dataIndex: 'check',
                  render: (c: string) => t(`volunteers.check.${c}` as 'volunteers.check.identity'),
                },
                {
                  title: t('volunteers.roster.checkResult'),
                  dataIndex: 'result',
                  render: (r: 'pass' | 'fail') => (
                    <Tag color={r === 'pass' ? 'green' : 'red'}>{t(`volunteers.roster.result.${r}`)}</Tag>
                  ),
                },
                { title: t('volunteers.common.note'), dataIndex: 'note' },
                {
                  title: t('volunteers.common.time'),
                  render: (_, r) => `${mmddHhmm(r.checkedAt)} ${r.checkedBy ?? ''}`,
                },
              ]}
            />
            {canManage && inVetting ? (
              <Form
                form={vetForm}
                layout="inline"
                style={{ marginTop: 8, rowGap: 8 }}
                onFinish={(b) => void addVetting(b as { check: string; result: string; note?: string })}
              >
                <Form.Item name="check" rules={[{ required: true }]}>
                  <Select
                    style={{ width: 170 }}
                    placeholder={t('volunteers.roster.checkType')}
                    options={VETTING_CHECKS.map((c) => ({ value: c, label: t(`volunteers.check.${c}`) }))}
                  />
                </Form.Item>
                <Form.Item name="result" rules={[{ required: true }]}>
                  <Select
                    style={{ width: 100 }}
                    placeholder={t('volunteers.roster.checkResult')}
                    options={[
                      { value: 'pass', label: t('volunteers.roster.result.pass') },
                      { value: 'fail', label: t('volunteers.roster.result.fail') },
                    ]}
                  />
                </Form.Item>
                <Form.Item name="note">
                  <Input placeholder={t('volunteers.common.note')} maxLength={500} />
                </Form.Item>
                <Button htmlType="submit" loading={busy}>
                  {t('volunteers.roster.addVetting')}
                </Button>
              </Form>
            ) : null}
          </div>

          <div>
            <h4>{t('volunteers.home.certificates')}</h4>
            {v.certificates.map((c) => (
              <Tag key={c.id} color={c.valid ? 'green' : 'default'}>
                {c.courseName} {c.number} {c.expiresOn ? `→ ${c.expiresOn}` : ''}
              </Tag>
            ))}
          </div>

          <div>
            <h4>{t('volunteers.roster.history')}</h4>
            <Timeline
              items={v.history
                .slice()
                .reverse()
                .map((h) => ({
                  key: h.at,
                  content: `${mmddHhmm(h.at)} ${h.from ? t(`volunteers.status.${h.from}`) : ''} → ${t(`volunteers.status.${h.to}`)} ${h.reason ?? ''} ${h.actorName ?? ''}`,
                }))}
            />
          </div>
        </Space>
      ) : null}
      <Modal
        open={statusTo !== null}
        title={statusTo ? t(`volunteers.roster.to.${statusTo}`) : ''}
        onCancel={() => setStatusTo(null)}
        onOk={() => void changeStatus()}
        okButtonProps={{ disabled: reason.trim().length < 2, loading: busy }}
        okText={t('volunteers.common.confirm')}
        cancelText={t('volunteers.common.cancel')}
      >
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('volunteers.common.reason')}
          maxLength={500}
          data-testid="vol-status-reason"
        />
      </Modal>
    </Drawer>
  );
}
