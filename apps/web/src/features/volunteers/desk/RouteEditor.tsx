import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useTownMap } from '../../../api/queries';
import { useVolunteerErrorText } from '../errors';
import { type TeamSummary, vkeys } from '../queries';
import { RouteSketch } from '../RouteSketch';

interface Vertex {
  point: [number, number];
  checkpoint: boolean;
  name: string;
  qr: boolean;
  radiusM: number;
}

/**
 * Draws a new patrol route: clicks on the sketch add the path's vertices,
 * ticked vertices become checkpoints (with a name, a radius and optionally a
 * QR plate). The frame starts around the team's grid.
 */
export function RouteEditor({ open, onClose, teams }: { open: boolean; onClose: () => void; teams: TeamSummary[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useVolunteerErrorText();
  const town = useTownMap();
  const [form] = Form.useForm();
  const [teamId, setTeamId] = useState<string | undefined>();
  const [vertices, setVertices] = useState<Vertex[]>([]);
  const team = teams.find((tm) => tm.id === teamId);
  const grid = town.data?.grids.find((g) => g.id === team?.gridId);
  const c = grid?.centroid ?? town.data?.station.center ?? null;
  const frame: [number, number][] = c
    ? [
        [c[0] - 0.004, c[1] - 0.0025],
        [c[0] + 0.004, c[1] + 0.0025],
      ]
    : [];

  const save = async (v: { name: string; corridorM: number }) => {
    try {
      await api.post('/api/patrols/routes', {
        name: v.name,
        teamId,
        corridorM: v.corridorM,
        path: vertices.map((x) => x.point),
        checkpoints: vertices
          .filter((x) => x.checkpoint)
          .map((x, i) => ({
            name: x.name || `${v.name} ${i + 1}`,
            lng: x.point[0],
            lat: x.point[1],
            radiusM: x.radiusM,
            qr: x.qr,
          })),
      });
      void message.success(t('volunteers.patrols.created'));
      void qc.invalidateQueries({ queryKey: vkeys.all });
      setVertices([]);
      form.resetFields();
      onClose();
    } catch (err) {
      void message.error(errorText(err));
    }
  };

  const set = (i: number, patch: Partial<Vertex>) =>
    setVertices((vs) => vs.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <Modal
      open={open}
      width={760}
      title={t('volunteers.patrols.newRoute')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ disabled: !teamId || vertices.length < 1 }}
      okText={t('volunteers.common.save')}
      cancelText={t('volunteers.common.cancel')}
    >
      <Form
        form={form}
        layout="inline"
        onFinish={(v) => void save(v as { name: string; corridorM: number })}
        style={{ rowGap: 8, marginBottom: 8 }}
      >
        <Form.Item name="name" rules={[{ required: true, min: 2 }]}>
          <Input placeholder={t('volunteers.patrols.routeName')} />
        </Form.Item>
        <Form.Item>
          <Select
            style={{ width: 220 }}
            placeholder={t('volunteers.common.team')}
            value={teamId}
            onChange={setTeamId}
            options={teams.map((tm) => ({ value: tm.id, label: tm.name }))}
          />
        </Form.Item>
        <Form.Item name="corridorM" initialValue={200} label="m">
          <InputNumber min={20} max={2000} />
        </Form.Item>
      </Form>
      <div className="fq-muted">{t('volunteers.patrols.checkpointsHelp')}</div>
      <RouteSketch
        path={vertices.map((x) => x.point)}
        checkpoints={vertices.flatMap((x, i) =>
          x.checkpoint ? [{ id: String(i), name: x.name, point: x.point, radiusM: x.radiusM }] : [],
        )}
        extra={frame}
        height={300}
        onPick={(p) =>
          setVertices((vs) => [...vs, { point: p, checkpoint: vs.length === 0, name: '', qr: false, radiusM: 50 }])
        }
      />
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={vertices}
        columns={[
          { title: '#', render: (_, __, i) => i + 1, width: 40 },
          {
            title: t('volunteers.patrols.addCheckpoint'),
            render: (_, x, i) => (
              <Checkbox checked={x.checkpoint} onChange={(e) => set(i, { checkpoint: e.target.checked })} />
            ),
          },
          {
            title: t('volunteers.roster.name'),
            render: (_, x, i) => (
              <Input
                size="small"
                disabled={!x.checkpoint}
                value={x.name}
                onChange={(e) => set(i, { name: e.target.value })}
              />
            ),
          },
          {
            title: t('volunteers.patrols.radius'),
            render: (_, x, i) => (
              <InputNumber
                size="small"
                min={10}
                max={500}
                disabled={!x.checkpoint}
                value={x.radiusM}
                onChange={(v) => set(i, { radiusM: v ?? 50 })}
              />
            ),
          },
          {
            title: t('volunteers.patrols.qrCode'),
            render: (_, x, i) => (
              <Checkbox disabled={!x.checkpoint} checked={x.qr} onChange={(e) => set(i, { qr: e.target.checked })} />
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 8 }}>
        <Button onClick={() => setVertices([])}>{t('volunteers.patrols.clear')}</Button>
      </Space>
    </Modal>
  );
}
