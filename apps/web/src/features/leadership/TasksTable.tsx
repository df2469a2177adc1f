import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useHasPermission } from '../../app/session';
import { useLeadershipErrorText } from './errors';
import { type LeadershipTask, lkeys } from './queries';

const STATUS_COLOUR = { open: 'processing', done: 'success', cancelled: 'default' } as const;

/** Tasks with owner, deadline and status; owners complete theirs, leaders also cancel or reopen. */
export function TasksTable({ tasks, loading, testId }: { tasks: LeadershipTask[]; loading?: boolean; testId: string }) {
  const { t } = useTranslation();
  const has = useHasPermission();
  const leader = has('leadership.manage');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useLeadershipErrorText();
  const [completing, setCompleting] = useState<LeadershipTask | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const update = async (task: LeadershipTask, status: LeadershipTask['status'], outcomeNote = '') => {
    setBusy(true);
    try {
      await api.patch(`/api/leadership/tasks/${task.id}`, { status, outcomeNote, version: task.version });
      message.success(t('leadership.task.updated'));
      // Tasks and agendas only: scorecards do not depend on tasks and are costly to recompute.
      await Promise.all([
        qc.invalidateQueries({ queryKey: lkeys.tasksAll }),
        qc.invalidateQueries({ queryKey: lkeys.agendaAll }),
      ]);
      setCompleting(null);
      setNote('');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Table<LeadershipTask>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={tasks}
        pagination={false}
        data-testid={testId}
        locale={{ emptyText: t('leadership.task.empty') }}
        scroll={{ x: 640 }}
        columns={[
          {
            title: t('leadership.task.title'),
            dataIndex: 'title',
            render: (_v, r) => (
              <div>
                <div>{r.title}</div>
                {r.detail ? <div className="fq-ld-muted">{r.detail}</div> : null}
                {r.outcomeNote ? (
                  <Typography.Text type="success" className="fq-ld-muted">
                    {t('leadership.task.outcome')}：{r.outcomeNote}
                  </Typography.Text>
                ) : null}
              </div>
            ),
          },
          { title: t('leadership.task.owner'), dataIndex: ['owner', 'name'], width: 90 },
          {
            title: t('leadership.task.dueOn'),
            dataIndex: 'dueOn',
            width: 120,
            render: (v: string, r) => (
              <Space size={4}>
                {v}
                {r.overdue ? <Tag color="red">{t('leadership.task.overdue')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('leadership.task.from'),
            dataIndex: 'meetingWeek',
            width: 130,
            responsive: ['lg'],
            render: (w: string | null) =>
              w ? t('leadership.task.fromMeeting', { week: w }) : t('leadership.task.manual'),
          },
          {
            title: t('app.actions'),
            key: 'status',
            width: 190,
            render: (_v, r) => (
              <Space size={4} wrap>
                <Tag color={STATUS_COLOUR[r.status]} data-testid="task-status">
                  {t(`leadership.task.status.${r.status}`)}
                </Tag>
                {r.status === 'open' ? (
                  <Button size="small" type="link" onClick={() => setCompleting(r)} data-testid="task-complete">
                    {t('leadership.task.complete')}
                  </Button>
                ) : null}
                {leader && r.status === 'open' ? (
                  <Button size="small" type="link" danger disabled={busy} onClick={() => void update(r, 'cancelled')}>
                    {t('leadership.task.cancel')}
                  </Button>
                ) : null}
                {leader && r.status !== 'open' ? (
                  <Button size="small" type="link" disabled={busy} onClick={() => void update(r, 'open')}>
                    {t('leadership.task.reopen')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={completing !== null}
        title={completing?.title}
        onCancel={() => setCompleting(null)}
        onOk={() => completing && void update(completing, 'done', note)}
        okButtonProps={{ disabled: note.trim().length < 2, loading: busy }}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('leadership.task.outcome')}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          value={note}
          maxLength={1000}
          placeholder={t('leadership.task.outcomePlaceholder')}
          onChange={(e) => setNote(e.target.value)}
          data-testid="task-outcome"
        />
      </Modal>
    </>
  );
}
