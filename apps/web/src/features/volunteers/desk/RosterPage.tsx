import { PlusOutlined } from '@ant-design/icons';
import { VOLUNTEER_STATUSES } from '@fengqiao/domain';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useTownMap } from '../../../api/queries';
import { useCurrentUser } from '../../../app/session';
import { applyFieldErrors, ErrorAlert, useFieldText } from '../../../shared/errors';
import { PageHeader } from '../../../shared/PageHeader';
import { useVolunteerErrorText } from '../errors';
import { useRoster, useTeams, type VolunteerSummary, vkeys } from '../queries';
import { VolunteerDrawer } from './VolunteerDrawer';
import '../volunteers.css';

/** The real-name roster of volunteers in reach, with the lifecycle from application to exit. */
export default function RosterPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const canManage = me.permissions.includes('volunteers.manage');
  const qc = useQueryClient();
  const errorText = useVolunteerErrorText();
  const fieldText = useFieldText();
  const [status, setStatus] = useState<string | undefined>();
  const [teamId, setTeamId] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const [applying, setApplying] = useState(false);
  const [form] = Form.useForm();
  const roster = useRoster({ status, teamId, q: q.trim() || undefined, page, pageSize: 30 });
  const teams = useTeams();
  const town = useTownMap();

  const apply = async (b: Record<string, unknown>) => {
    try {
      const skills = typeof b.skills === 'string' ? b.skills.split(/[,，、\s]+/).filter(Boolean) : [];
      const v = await api.post<{ personId: string }>('/api/volunteers', { ...b, skills });
      void message.success(t('volunteers.roster.applyOk'));
      setApplying(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: vkeys.all });
      setOpen(v.personId);
    } catch (err) {
      if (!applyFieldErrors(form, err, fieldText)) void message.error(errorText(err));
    }
  };

  return (
    <div className="fq-page">
      <PageHeader
        title={t('volunteers.roster.title')}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setApplying(true)}>
              {t('volunteers.roster.apply')}
            </Button>
          ) : null
        }
      />
      <Space wrap className="fq-filter-bar">
        <Input.Search
          allowClear
          placeholder={t('volunteers.roster.search')}
          style={{ width: 260 }}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
        />
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('volunteers.common.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={VOLUNTEER_STATUSES.map((s) => ({ value: s, label: t(`volunteers.status.${s}`) }))}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 260 }}
          placeholder={t('volunteers.common.team')}
          value={teamId}
          onChange={(v) => {
            setTeamId(v);
            setPage(1);
          }}
          options={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
        />
      </Space>
      {roster.error ? <ErrorAlert error={roster.error} onRetry={() => void roster.refetch()} /> : null}
      <Card>
        <Table<VolunteerSummary>
          size="small"
          rowKey="personId"
          loading={roster.isFetching}
          dataSource={roster.data?.items ?? []}
          pagination={{
            current: page,
            pageSize: 30,
            total: roster.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
          }}
          onRow={(r) => ({ onClick: () => setOpen(r.personId), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('volunteers.roster.name'), dataIndex: 'name' },
            {
              title: t('volunteers.common.status'),
              dataIndex: 'status',
              render: (s: string) => (
                <Tag color={s === 'approved' ? 'green' : s === 'vetting' || s === 'applied' ? 'blue' : 'default'}>
                  {t(`volunteers.status.${s}` as 'volunteers.status.approved')}
                </Tag>
              ),
            },
            { title: t('volunteers.roster.phone'), dataIndex: 'phone' },
            { title: t('volunteers.roster.idNumber'), dataIndex: 'idNumber' },
            { title: t('volunteers.roster.skills'), dataIndex: 'skills', render: (s: string[]) => s.join('、') },
            {
              title: t('volunteers.roster.party'),
              dataIndex: 'partyMember',
              render: (p: boolean, r) =>
                p ? <Tag color="red">{r.partyBranch ?? t('volunteers.roster.party')}</Tag> : null,
            },
            {
              title: t('volunteers.roster.teams'),
              render: (_, r) => r.teams.map((tm) => <Tag key={tm.id}>{tm.name}</Tag>),
            },
            { title: t('volunteers.roster.appliedAt'), dataIndex: 'appliedAt', render: (v: string) => v.slice(0, 10) },
          ]}
        />
      </Card>
      <VolunteerDrawer id={open} onClose={() => setOpen(null)} canManage={canManage} />
      <Modal
        open={applying}
        title={t('volunteers.roster.apply')}
        onCancel={() => setApplying(false)}
        onOk={() => form.submit()}
        okText={t('volunteers.common.save')}
        cancelText={t('volunteers.common.cancel')}
      >
        <Form form={form} layout="vertical" onFinish={(b) => void apply(b as Record<string, unknown>)}>
          <Form.Item name="name" label={t('volunteers.roster.name')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={32} />
          </Form.Item>
          <Form.Item name="gender" label={t('volunteers.roster.gender')}>
            <Select
              options={[
                { value: 'M', label: t('volunteers.roster.male') },
                { value: 'F', label: t('volunteers.roster.female') },
              ]}
            />
          </Form.Item>
          <Form.Item name="idNumber" label={t('volunteers.roster.idNumber')} rules={[{ required: true }]}>
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name="phone" label={t('volunteers.roster.phone')} rules={[{ required: true }]}>
            <Input maxLength={11} />
          </Form.Item>
          <Form.Item name="gridId" label={t('volunteers.roster.gridId')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={(town.data?.grids ?? []).map((g) => ({ value: g.id, label: `${g.code} ${g.name}` }))}
            />
          </Form.Item>
          <Form.Item name="occupation" label={t('volunteers.roster.occupation')}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="skills" label={t('volunteers.roster.skills')}>
            <Input placeholder="巡逻、急救" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
