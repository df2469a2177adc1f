import {
  CalendarOutlined,
  CheckCircleOutlined,
  CloseCircleOutlined,
  EnvironmentOutlined,
  PlusOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import type { SessionParticipant } from '@fengqiao/contracts';
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../api/client';
import { applyFieldErrors, useErrorText, useFieldText } from '../../shared/errors';
import type { DisputeDetail, SessionView } from './queries';
import { useDisputeUpdate } from './useDisputeUpdate';

type Participant = z.infer<typeof SessionParticipant>;

interface ScheduleValues {
  scheduledAt?: Dayjs;
  durationMinutes: number;
  mode: 'in_person' | 'video';
  place?: string;
  videoLink?: string;
  participants: string[];
  others: string[];
}

/** Everyone who may take part: the parties, the mediators on the dispute, the responsible officer. */
function candidates(d: DisputeDetail): { key: string; p: Participant }[] {
  const out: { key: string; p: Participant }[] = [];
  for (const x of d.parties) out.push({ key: `party:${x.id}`, p: { kind: 'party', partyId: x.id, name: x.name } });
  for (const a of d.assignments.filter((x) => x.releasedAt === null))
    out.push({ key: `mediator:${a.mediatorId}`, p: { kind: 'mediator', personId: a.mediatorId, name: a.name } });
  if (d.responsible)
    out.push({
      key: `staff:${d.responsible.id}`,
      p: { kind: 'staff', personId: d.responsible.id, name: d.responsible.name },
    });
  return out;
}

function ScheduleDialog({ d, open, onClose }: { d: DisputeDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const update = useDisputeUpdate();
  const [form] = Form.useForm<ScheduleValues>();
  const mode = Form.useWatch('mode', form) ?? 'in_person';
  const [saving, setSaving] = useState(false);
  const people = useMemo(() => candidates(d), [d]);
  useEffect(() => {
    if (open)
      form.setFieldsValue({
        scheduledAt: dayjs().add(1, 'day').hour(9).minute(30).second(0).millisecond(0),
        durationMinutes: 60,
        mode: 'in_person',
        place: undefined,
        videoLink: undefined,
        participants: people.map((x) => x.key),
        others: [],
      });
  }, [open, form, people]);

  const submit = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const chosen = people.filter((x) => v.participants.includes(x.key)).map((x) => x.p);
    const others: Participant[] = v.others
      .map((name): Participant => ({ kind: 'other', name: name.trim() }))
      .filter((p) => p.name);
    setSaving(true);
    try {
      await api.post<SessionView>(`/api/mediation/disputes/${d.id}/sessions`, {
        scheduledAt: (v.scheduledAt ?? dayjs()).toISOString(),
        durationMinutes: v.durationMinutes,
        mode: v.mode,
        ...(v.mode === 'in_person' ? { place: v.place?.trim() } : { videoLink: v.videoLink?.trim() }),
        participants: [...chosen, ...others],
      });
      message.success(t('mediation.sessions.scheduled'));
      update(d.id);
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e, fieldText)) message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('mediation.sessions.scheduleTitle', { number: d.number })}
      okText={t('mediation.sessions.schedule')}
      cancelText={t('app.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      width={620}
    >
      <Form form={form} layout="vertical" requiredMark={false} data-testid="session-form">
        <Space size={16} align="start" wrap>
          <Form.Item
            name="scheduledAt"
            label={t('mediation.sessions.when')}
            rules={[{ required: true, message: t('mediation.sessions.whenRequired') }]}
          >
            <DatePicker
              showTime={{ format: 'HH:mm', minuteStep: 5 }}
              format="YYYY-MM-DD HH:mm"
              data-testid="session-when"
            />
          </Form.Item>
          <Form.Item name="durationMinutes" label={t('mediation.sessions.duration')}>
            <InputNumber<number>
              min={10}
              max={600}
              step={15}
              suffix={t('mediation.sessions.minutesUnit')}
              style={{ width: 130 }}
            />
          </Form.Item>
          <Form.Item name="mode" label={t('mediation.sessions.mode')}>
            <Radio.Group optionType="button" data-testid="session-mode">
              <Radio.Button value="in_person">
                <EnvironmentOutlined /> {t('mediation.sessions.modes.in_person')}
              </Radio.Button>
              <Radio.Button value="video">
                <VideoCameraOutlined /> {t('mediation.sessions.modes.video')}
              </Radio.Button>
            </Radio.Group>
          </Form.Item>
        </Space>
        {mode === 'in_person' ? (
          <Form.Item
            name="place"
            label={t('mediation.sessions.place')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('mediation.sessions.placeRequired') }]}
          >
            <Input maxLength={200} placeholder={t('mediation.sessions.placePlaceholder')} data-testid="session-place" />
          </Form.Item>
        ) : (
          <Form.Item
            name="videoLink"
            label={t('mediation.sessions.videoLink')}
            rules={[{ required: true, type: 'url', message: t('mediation.sessions.videoLinkRequired') }]}
          >
            <Input maxLength={500} placeholder="https://" data-testid="session-video" />
          </Form.Item>
        )}
        <Form.Item name="participants" label={t('mediation.sessions.participants')}>
          <Checkbox.Group className="fq-med-participants">
            {people.map((x) => (
              <Checkbox key={x.key} value={x.key}>
                {x.p.name} <span className="fq-muted">· {t(`mediation.sessions.kinds.${x.p.kind}`)}</span>
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="others" label={t('mediation.sessions.others')}>
          <Select
            mode="tags"
            open={false}
            tokenSeparators={[',', '，', '、']}
            placeholder={t('mediation.sessions.othersPlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function HeldDialog({ d, session, onClose }: { d: DisputeDetail; session: SessionView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const update = useDisputeUpdate();
  const [minutes, setMinutes] = useState('');
  const [attended, setAttended] = useState<number[]>([]);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (session) {
      setMinutes('');
      setAttended(session.participants.map((_, i) => i));
    }
  }, [session]);
  if (!session) return null;
  const submit = async () => {
    setSaving(true);
    try {
      await api.patch<SessionView>(`/api/mediation/sessions/${session.id}`, {
        status: 'held',
        minutes: minutes.trim(),
        participants: session.participants.map((p, i) => ({ ...p, attended: attended.includes(i) })),
        version: session.version,
      });
      message.success(t('mediation.sessions.heldDone'));
      update(d.id);
      onClose();
    } catch (e) {
      message.error(errorText(e));
      update(d.id);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('mediation.sessions.heldTitle', { at: dayjs(session.scheduledAt).format('YYYY-MM-DD HH:mm') })}
      okText={t('mediation.sessions.markHeld')}
      cancelText={t('app.cancel')}
      okButtonProps={{ disabled: !minutes.trim() }}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={saving}
      width={620}
    >
      <div data-testid="held-dialog">
        {session.participants.length > 0 ? (
          <>
            <Typography.Text strong>{t('mediation.sessions.attendance')}</Typography.Text>
            <Checkbox.Group
              value={attended}
              onChange={(v) => setAttended(v as number[])}
              className="fq-med-participants"
              options={session.participants.map((p, i) => ({ value: i, label: p.name }))}
            />
          </>
        ) : null}
        <Typography.Text strong>{t('mediation.sessions.minutes')}</Typography.Text>
        <Input.TextArea
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          rows={6}
          maxLength={20000}
          showCount
          placeholder={t('mediation.sessions.minutesPlaceholder')}
          data-testid="session-minutes"
        />
      </div>
    </Modal>
  );
}

/** Mediation sessions: scheduled in person or by video with the participants; held with minutes, or cancelled. */
export function SessionsPanel({ d }: { d: DisputeDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const update = useDisputeUpdate();
  const [scheduling, setScheduling] = useState(false);
  const [holding, setHolding] = useState<SessionView | null>(null);
  const canWrite = d.status === 'open';
  const sessions = [...d.sessions].sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));

  const cancel = async (s: SessionView) => {
    try {
      await api.patch(`/api/mediation/sessions/${s.id}`, { status: 'cancelled', version: s.version });
      message.success(t('mediation.sessions.cancelled'));
      update(d.id);
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <div data-testid="sessions-panel">
      <div className="fq-med-panel-head">
        <Typography.Text type="secondary">{t('mediation.sessions.hint')}</Typography.Text>
        {canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setScheduling(true)} data-testid="session-new">
            {t('mediation.sessions.new')}
          </Button>
        ) : null}
      </div>
      {sessions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.sessions.none')} />
      ) : null}
      {sessions.map((s) => (
        <div
          key={s.id}
          className={`fq-med-session fq-med-session-${s.status}`}
          data-testid="session"
          data-status={s.status}
        >
          <div className="fq-med-session-head">
            <Space wrap>
              <CalendarOutlined />
              <strong>{dayjs(s.scheduledAt).format('YYYY-MM-DD HH:mm')}</strong>
              <span className="fq-muted">{t('mediation.sessions.durationN', { minutes: s.durationMinutes })}</span>
              {s.mode === 'video' ? (
                <Tag icon={<VideoCameraOutlined />} color="blue">
                  {s.videoLink ? (
                    <a href={s.videoLink} target="_blank" rel="noreferrer">
                      {t('mediation.sessions.modes.video')}
                    </a>
                  ) : (
                    t('mediation.sessions.modes.video')
                  )}
                </Tag>
              ) : (
                <Tag icon={<EnvironmentOutlined />}>{s.place}</Tag>
              )}
              <Tag color={s.status === 'held' ? 'green' : s.status === 'cancelled' ? 'default' : 'blue'}>
                {t(`mediation.sessions.status.${s.status}`)}
              </Tag>
            </Space>
            {s.status === 'scheduled' && canWrite ? (
              <Space>
                <Button
                  size="small"
                  type="primary"
                  icon={<CheckCircleOutlined />}
                  onClick={() => setHolding(s)}
                  data-testid="session-held"
                >
                  {t('mediation.sessions.markHeld')}
                </Button>
                <Popconfirm
                  title={t('mediation.sessions.cancelConfirm')}
                  okText={t('mediation.sessions.cancel')}
                  cancelText={t('app.back')}
                  onConfirm={() => cancel(s)}
                >
                  <Button size="small" icon={<CloseCircleOutlined />}>
                    {t('mediation.sessions.cancel')}
                  </Button>
                </Popconfirm>
              </Space>
            ) : null}
          </div>
          {s.participants.length > 0 ? (
            <div className="fq-med-session-people">
              {s.participants.map((p) => (
                <Tag
                  key={p.partyId ?? p.personId ?? `other:${p.name}`}
                  color={
                    p.attended === false
                      ? 'default'
                      : p.kind === 'mediator'
                        ? 'purple'
                        : p.kind === 'party'
                          ? 'blue'
                          : 'cyan'
                  }
                >
                  {p.name}
                  {p.attended === false ? ` · ${t('mediation.sessions.absent')}` : ''}
                </Tag>
              ))}
            </div>
          ) : null}
          {s.minutes ? (
            <div className="fq-med-minutes" data-testid="session-minutes-text">
              <div className="fq-muted">
                {t('mediation.sessions.minutesAt', { at: s.heldAt ? dayjs(s.heldAt).format('YYYY-MM-DD HH:mm') : '' })}
              </div>
              <Typography.Paragraph className="fq-med-prose">{s.minutes}</Typography.Paragraph>
            </div>
          ) : null}
        </div>
      ))}
      <ScheduleDialog d={d} open={scheduling} onClose={() => setScheduling(false)} />
      <HeldDialog d={d} session={holding} onClose={() => setHolding(null)} />
    </div>
  );
}
