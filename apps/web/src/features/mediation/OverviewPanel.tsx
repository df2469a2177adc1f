import { CommentOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Empty, Input, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { useHasPermission } from '../../app/session';
import { useErrorText } from '../../shared/errors';
import { PartiesTable } from './PartiesTable';
import type { DisputeDetail } from './queries';
import { useDisputeUpdate } from './useDisputeUpdate';

/** Facts and claims, the parties, the consultation decisions, and a note for the timeline. */
export function OverviewPanel({ d }: { d: DisputeDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const has = useHasPermission();
  const errorText = useErrorText();
  const update = useDisputeUpdate();
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);

  const addNote = async () => {
    setSaving(true);
    try {
      await api.post(`/api/mediation/disputes/${d.id}/notes`, { note: note.trim() });
      setNote('');
      message.success(t('mediation.dispute.noteAdded'));
      update(d.id);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="fq-med-overview" data-testid="overview-panel">
      <div className="fq-med-text-grid">
        <div>
          <h4 className="fq-section-title">{t('mediation.fields.facts')}</h4>
          <Typography.Paragraph className="fq-med-prose">
            {d.facts || <span className="fq-muted">—</span>}
          </Typography.Paragraph>
        </div>
        <div>
          <h4 className="fq-section-title">{t('mediation.fields.claims')}</h4>
          <Typography.Paragraph className="fq-med-prose">
            {d.claims || <span className="fq-muted">—</span>}
          </Typography.Paragraph>
        </div>
      </div>
      {d.outcomeNote ? (
        <>
          <h4 className="fq-section-title">{t('mediation.dispute.outcomeNote')}</h4>
          <Typography.Paragraph>{d.outcomeNote}</Typography.Paragraph>
        </>
      ) : null}

      <h4 className="fq-section-title">{t('mediation.dispute.parties', { count: d.parties.length })}</h4>
      <PartiesTable disputeId={d.id} parties={d.parties} />

      <h4 className="fq-section-title">
        <CommentOutlined /> {t('mediation.dispute.consultations')}
      </h4>
      {d.consultations.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.dispute.noConsultations')} />
      ) : (
        <div className="fq-med-list" data-testid="consultations">
          {d.consultations.map((c) => (
            <div key={c.meetingId} className="fq-med-list-item" data-testid="consultation" data-meeting={c.meetingId}>
              <Space>
                <Link to={`/mediation/meetings/${c.meetingId}`}>{c.title}</Link>
                <span className="fq-muted">{dayjs(c.scheduledAt).format('YYYY-MM-DD HH:mm')}</span>
              </Space>
              <div>
                {c.decision ? (
                  <span data-testid="consultation-decision">{c.decision}</span>
                ) : (
                  <span className="fq-muted">{t('mediation.dispute.noDecisionYet')}</span>
                )}
              </div>
            </div>
          ))}
        </div>
      )}

      {has('disputes.write') ? (
        <div className="fq-med-note-box">
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('mediation.dispute.notePlaceholder')}
            autoSize={{ minRows: 2, maxRows: 5 }}
            maxLength={4000}
            data-testid="dispute-note"
          />
          <Button icon={<EditOutlined />} onClick={() => void addNote()} loading={saving} disabled={!note.trim()}>
            {t('mediation.dispute.addNote')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
