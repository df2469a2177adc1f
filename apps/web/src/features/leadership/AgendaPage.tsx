import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, Checkbox, Empty, Input, Space, Spin, Table, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { useLeadershipErrorText } from './errors';
import { addDays, chinaToday, mondayOf } from './format';
import { type AgendaView, lkeys, useAgenda, useTasks } from './queries';
import { TaskDialog, type TaskDraft } from './TaskDialog';
import { TasksTable } from './TasksTable';
import './leadership.css';

type Section = AgendaView['sections'][number];

/** `/leadership/agenda`: the weekly dispatch meeting (周调度) — generated agenda, decisions as tasks, last week's review. */
export default function AgendaPage() {
  const { t } = useTranslation();
  const current = mondayOf(chinaToday());
  const [week, setWeek] = useState(current);
  const agenda = useAgenda(week);
  const tasks = useTasks({});
  const [draft, setDraft] = useState<TaskDraft | null>(null);
  const a = agenda.data;

  const sectionCard = (s: Section) => (
    <Card
      key={s.key}
      size="small"
      data-testid={`agenda-${s.key}`}
      title={
        <Space>
          {t(`leadership.agenda.section.${s.key}`)}
          <Badge count={s.total} showZero color={s.total > 0 ? '#c8102e' : '#8a94a3'} overflowCount={9999} />
        </Space>
      }
      extra={
        <Button
          size="small"
          icon={<PlusOutlined />}
          data-testid={`decide-${s.key}`}
          onClick={() => setDraft({ week, title: t(`leadership.agenda.section.${s.key}`), agendaRef: s.key })}
        >
          {t('leadership.agenda.decide')}
        </Button>
      }
    >
      {s.items.length === 0 ? (
        <span className="fq-ld-muted">{t('leadership.agenda.sectionEmpty')}</span>
      ) : (
        <ul className="fq-ld-list">
          {s.items.map((it) => (
            <li key={it.id} className="fq-ld-item">
              {it.gridCode ? <Tag>{it.gridCode}</Tag> : null}
              <span className="fq-ld-item-label" title={it.label}>
                {it.label}
              </span>
              <span className="fq-ld-muted">{it.at ? dayjs(it.at).format('MM-DD HH:mm') : ''}</span>
              <Button
                size="small"
                type="link"
                onClick={() => setDraft({ week, title: it.label, agendaRef: `${s.key}:${it.id}` })}
              >
                {t('leadership.agenda.decide')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {s.total > s.items.length ? (
        <div className="fq-ld-muted">{t('leadership.agenda.more', { count: s.total - s.items.length })}</div>
      ) : null}
    </Card>
  );

  return (
    <div className="fq-page fq-ld-page" data-testid="leadership-agenda">
      <PageHeader
        title={t('leadership.agenda.title')}
        subtitle={t('leadership.agenda.subtitle')}
        extra={
          <Space wrap>
            <Button
              icon={<LeftOutlined />}
              onClick={() => setWeek(addDays(week, -7))}
              aria-label={t('leadership.agenda.prev')}
            />
            <span data-testid="agenda-week">{t('leadership.agenda.weekOf', { from: week, to: addDays(week, 6) })}</span>
            <Button
              icon={<RightOutlined />}
              disabled={week >= current}
              onClick={() => setWeek(addDays(week, 7))}
              aria-label={t('leadership.agenda.next')}
            />
            {week !== current ? (
              <Button onClick={() => setWeek(current)}>{t('leadership.agenda.current')}</Button>
            ) : null}
          </Space>
        }
      />
      {agenda.isError ? <ErrorAlert error={agenda.error} onRetry={() => void agenda.refetch()} /> : null}
      <Tabs
        items={[
          {
            key: 'meeting',
            label: t('leadership.agenda.title'),
            children: a ? (
              <div className="fq-ld-agenda">
                <div className="fq-ld-col">
                  <div className="fq-ld-muted">
                    {t('leadership.agenda.asOf', { time: dayjs(a.asOf).format('YYYY-MM-DD HH:mm') })}
                  </div>
                  {a.sections.map(sectionCard)}
                  <Card size="small" title={t('leadership.agenda.gridMoves')} data-testid="agenda-grid-moves">
                    {a.gridMoves.length === 0 ? (
                      <span className="fq-ld-muted">{t('leadership.agenda.gridMovesEmpty')}</span>
                    ) : (
                      <Table
                        size="small"
                        rowKey="gridId"
                        pagination={false}
                        dataSource={a.gridMoves}
                        columns={[
                          { title: t('leadership.period.grid'), render: (_v, g) => `${g.code} ${g.name}` },
                          { title: t('leadership.agenda.lastWeek'), dataIndex: 'lastWeek', align: 'right', width: 80 },
                          { title: t('leadership.agenda.thisWeek'), dataIndex: 'thisWeek', align: 'right', width: 80 },
                          {
                            title: t('leadership.agenda.change'),
                            dataIndex: 'change',
                            align: 'right',
                            width: 80,
                            render: (c: number) => (
                              <span className={c > 0 ? 'fq-ld-bad' : 'fq-ld-good'}>{c > 0 ? `+${c}` : c}</span>
                            ),
                          },
                        ]}
                      />
                    )}
                  </Card>
                </div>
                <div className="fq-ld-col">
                  <MeetingCard agenda={a} />
                  <Card
                    size="small"
                    title={t('leadership.agenda.decisions')}
                    extra={
                      <Button
                        size="small"
                        type="primary"
                        icon={<PlusOutlined />}
                        onClick={() => setDraft({ week })}
                        data-testid="add-decision"
                      >
                        {t('leadership.task.newDecision')}
                      </Button>
                    }
                  >
                    <TasksTable tasks={a.decisions} testId="decisions" />
                  </Card>
                  <Card size="small" title={t('leadership.agenda.review')} data-testid="review">
                    {a.review.decisions.length === 0 ? (
                      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('leadership.agenda.reviewEmpty')} />
                    ) : (
                      <TasksTable tasks={a.review.decisions} testId="review-decisions" />
                    )}
                  </Card>
                </div>
              </div>
            ) : (
              <div className="fq-center">
                <Spin size="large" />
              </div>
            ),
          },
          {
            key: 'tasks',
            label: t('leadership.agenda.tasks'),
            children: (
              <Card
                size="small"
                extra={
                  <Button icon={<PlusOutlined />} onClick={() => setDraft({ week: null })} data-testid="add-task">
                    {t('leadership.task.new')}
                  </Button>
                }
              >
                {tasks.isError ? <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} /> : null}
                <TasksTable tasks={tasks.data?.items ?? []} loading={tasks.isPending} testId="all-tasks" />
              </Card>
            ),
          },
        ]}
      />
      <TaskDialog draft={draft} onClose={() => setDraft(null)} />
    </div>
  );
}

/** The meeting's minutes and whether it was held (holding stamps the agenda's counts). */
function MeetingCard({ agenda }: { agenda: AgendaView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useLeadershipErrorText();
  const [notes, setNotes] = useState(agenda.meeting?.notes ?? '');
  const [held, setHeld] = useState(agenda.meeting?.heldAt != null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    setNotes(agenda.meeting?.notes ?? '');
    setHeld(agenda.meeting?.heldAt != null);
  }, [agenda.meeting?.notes, agenda.meeting?.heldAt]);
  const save = async () => {
    setSaving(true);
    try {
      await api.put(`/api/leadership/meetings/${agenda.week}`, { notes, held });
      message.success(t('leadership.agenda.saved'));
      await qc.invalidateQueries({ queryKey: lkeys.agenda(agenda.week) });
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" title={t('leadership.agenda.notes')} data-testid="meeting">
      <Input.TextArea
        rows={4}
        value={notes}
        maxLength={5000}
        placeholder={t('leadership.agenda.notesPlaceholder')}
        onChange={(e) => setNotes(e.target.value)}
        data-testid="meeting-notes"
      />
      <Space style={{ marginTop: 8 }} wrap>
        <Checkbox checked={held} onChange={(e) => setHeld(e.target.checked)} data-testid="meeting-held">
          {t('leadership.agenda.markHeld')}
        </Checkbox>
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="meeting-save">
          {t('leadership.agenda.saveNotes')}
        </Button>
        <span className="fq-ld-muted" data-testid="meeting-state">
          {agenda.meeting?.heldAt
            ? t('leadership.agenda.held', { time: dayjs(agenda.meeting.heldAt).format('YYYY-MM-DD HH:mm') })
            : t('leadership.agenda.notHeld')}
        </span>
      </Space>
    </Card>
  );
}
