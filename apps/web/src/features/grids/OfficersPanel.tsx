import { SwapOutlined, UserSwitchOutlined } from '@ant-design/icons';
import type { GridView, PersonView } from '@fengqiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { keys, useOfficers, useTownMap } from '../../api/queries';
import { applyFieldErrors, ErrorAlert, useErrorText, useFieldText } from '../../shared/errors';
import { KIND_COLOURS } from '../map/map-data';

const REASON_MIN = 2;

interface ReassignForm {
  officerPersonId: string;
  reason: string;
}

export function OfficersPanel() {
  const { t } = useTranslation();
  const town = useTownMap();
  const [editing, setEditing] = useState<GridView | null>(null);
  const [filter, setFilter] = useState('');
  const rows = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const grids = town.data?.grids ?? [];
    return q
      ? grids.filter((g) =>
          [g.code, g.name, g.officer?.name ?? '', g.officer?.badgeNo ?? ''].some((s) => s.toLowerCase().includes(q)),
        )
      : grids;
  }, [town.data, filter]);

  return (
    <Card
      title={
        <Space>
          <UserSwitchOutlined />
          {t('grids.officersTitle')}
        </Space>
      }
      extra={
        <Input.Search
          allowClear
          placeholder={t('map.searchPlaceholder')}
          onChange={(e) => setFilter(e.target.value)}
          style={{ width: 280 }}
          data-testid="officer-grid-search"
        />
      }
    >
      {town.isError ? (
        <ErrorAlert error={town.error} onRetry={() => void town.refetch()} />
      ) : (
        <Table<GridView>
          size="small"
          rowKey="id"
          loading={town.isPending}
          dataSource={rows}
          pagination={{ pageSize: 10, showSizeChanger: false, showTotal: (n) => t('app.total', { count: n }) }}
          columns={[
            {
              title: t('map.detail.code'),
              dataIndex: 'code',
              width: 100,
              render: (c: string, g) => (
                <span className="fq-grid-code" style={{ borderColor: KIND_COLOURS[g.kind], display: 'inline-block' }}>
                  {c}
                </span>
              ),
            },
            { title: t('map.detail.name'), dataIndex: 'name' },
            {
              title: t('map.detail.kind'),
              dataIndex: 'kind',
              width: 120,
              render: (k: GridView['kind']) => <Tag color={KIND_COLOURS[k]}>{t(`map.kinds.${k}`)}</Tag>,
            },
            {
              title: t('map.detail.officer'),
              key: 'officer',
              render: (_v, g) =>
                g.officer ? (
                  <span>
                    {g.officer.name}
                    {g.officer.badgeNo ? <span className="fq-muted"> · {g.officer.badgeNo}</span> : null}
                  </span>
                ) : (
                  <Typography.Text type="secondary">{t('map.detail.noOfficer')}</Typography.Text>
                ),
            },
            {
              title: t('app.actions'),
              key: 'actions',
              width: 130,
              render: (_v, g) => (
                <Button
                  size="small"
                  icon={<SwapOutlined />}
                  onClick={() => setEditing(g)}
                  data-testid={`reassign-${g.code}`}
                >
                  {t('grids.reassign')}
                </Button>
              ),
            },
          ]}
        />
      )}
      {editing ? <ReassignModal grid={editing} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}

function ReassignModal({ grid, onClose }: { grid: GridView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const [form] = Form.useForm<ReassignForm>();
  const officers = useOfficers();
  const options = useMemo(
    () =>
      (officers.data?.items ?? []).map((p: PersonView) => ({
        value: p.id,
        label: `${p.name}${p.badgeNo ? ` · ${p.badgeNo}` : ''}${p.team ? ` · ${t(`people.teams.${p.team}`)}` : ''}`,
        search: `${p.name} ${p.badgeNo ?? ''}`.toLowerCase(),
      })),
    [officers.data, t],
  );
  const save = useMutation({
    mutationFn: (v: ReassignForm) =>
      api.patch<GridView>(`/api/grids/${grid.id}/officer`, {
        officerPersonId: v.officerPersonId,
        reason: v.reason.trim(),
      }),
    onSuccess: (updated) => {
      message.success(t('grids.reassigned', { code: updated.code, name: updated.officer?.name ?? '' }));
      void qc.invalidateQueries({ queryKey: keys.map });
      void qc.invalidateQueries({ queryKey: ['grid'] });
      onClose();
    },
    onError: (err) => {
      if (!applyFieldErrors(form, err, fieldText)) message.error(errorText(err));
    },
  });
  return (
    <Modal
      open
      title={t('grids.reassignTitle', { code: grid.code, name: grid.name })}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<ReassignForm> form={form} layout="vertical" requiredMark={false} onFinish={(v) => save.mutate(v)}>
        <Form.Item label={t('grids.currentOfficer')}>
          {grid.officer
            ? `${grid.officer.name}${grid.officer.badgeNo ? ` · ${grid.officer.badgeNo}` : ''}`
            : t('map.detail.noOfficer')}
        </Form.Item>
        <Form.Item
          name="officerPersonId"
          label={t('grids.newOfficer')}
          rules={[{ required: true, message: t('grids.newOfficerRequired') }]}
        >
          <Select
            showSearch={{
              filterOption: (input, option) => (option?.search ?? '').includes(input.trim().toLowerCase()),
            }}
            loading={officers.isPending}
            placeholder={t('grids.officerSearch')}
            options={options}
            data-testid="officer-select"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('grids.reason')}
          rules={[
            { required: true, whitespace: true, message: t('grids.reasonRequired') },
            { min: REASON_MIN, message: t('grids.reasonMin', { min: REASON_MIN }) },
          ]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount placeholder={t('grids.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
