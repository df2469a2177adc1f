import { AlertOutlined } from '@ant-design/icons';
import type { AlarmView } from '@fengqiao/contracts';
import { App, Button, type ButtonProps, Card, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useVolunteerErrorText } from '../errors';
import { newClientId } from '../format';
import { currentFix } from '../geo';
import { sendOrQueue } from '../offline/outbox';

/**
 * A merchant group's one-tap alarm: one tap opens the confirmation (a
 * pocket tap must not call the police), the second sends it with the
 * phone's position when one comes within a few seconds. Offline it waits in
 * the outbox and goes first when the connection returns.
 */
export function AlarmCard({ team }: { team: { id: string; name: string } }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useVolunteerErrorText();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const raise = async () => {
    setBusy(true);
    const clientId = newClientId();
    // The alarm must not wait long for a GPS fix: three seconds, then without a position (the district's is used).
    const fix = await Promise.race([
      currentFix().catch(() => null),
      new Promise<null>((r) => setTimeout(() => r(null), 3000)),
    ]);
    try {
      const res = await sendOrQueue<z.infer<typeof AlarmView>>({
        id: clientId,
        kind: 'alarm',
        path: '/api/me/volunteer/alarms',
        body: {
          clientId,
          teamId: team.id,
          at: new Date().toISOString(),
          ...(fix ? { lng: fix.lng, lat: fix.lat } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      });
      setOpen(false);
      setNote('');
      if (res.queued) void message.warning(t('volunteers.alarm.queued'), 8);
      else
        void message.success(
          res.answer.incidentNumber
            ? t('volunteers.alarm.sent', { n: res.answer.notified, incident: res.answer.incidentNumber })
            : t('volunteers.alarm.sentNoIncident', { n: res.answer.notified }),
          8,
        );
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className="vp-card" data-testid="vp-alarm-card">
      <div className="vp-card-title">{t('volunteers.alarm.title')}</div>
      <div className="vp-row-sub" style={{ marginBottom: 10 }}>
        {team.name} · {t('volunteers.alarm.hint')}
      </div>
      <Button
        danger
        type="primary"
        block
        className="vp-alarm-button"
        icon={<AlertOutlined />}
        onClick={() => setOpen(true)}
        data-testid="vp-alarm"
      >
        {t('volunteers.alarm.button')}
      </Button>
      <Modal
        open={open}
        title={t('volunteers.alarm.confirmTitle', { team: team.name })}
        okText={t('volunteers.alarm.confirm')}
        okButtonProps={{ danger: true, loading: busy, 'data-testid': 'vp-alarm-confirm' } as ButtonProps}
        cancelText={t('volunteers.common.cancel')}
        onOk={() => void raise()}
        onCancel={() => setOpen(false)}
      >
        <p>{t('volunteers.alarm.confirmBody')}</p>
        <Input.TextArea
          rows={2}
          maxLength={200}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('volunteers.alarm.notePlaceholder')}
        />
      </Modal>
    </Card>
  );
}
