import type { HallApplicationDetail } from '@fengqiao/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Popconfirm, Result, Spin, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/errors';
import { dayTime, nameOf, open } from '../hall/hall-api';
import { useHallErrorText } from '../hall/hall-errors';
import { APPLICATION_COLORS } from './ApplicationsPage';
import { citizenKeys } from './citizen-session';
import { MaterialUpload, type Uploaded } from './MaterialUpload';

/**
 * `/m/applications/:id`: status, deadline and history of one application;
 * when the clerk asks for corrections, the named materials are uploaded
 * again here and the application resubmitted (the deadline restarts).
 */
export default function ApplicationPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useHallErrorText();
  const [files, setFiles] = useState<Record<string, Uploaded | undefined>>({});
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const q = useQuery({
    queryKey: citizenKeys.application(id),
    queryFn: () => open<HallApplicationDetail>(`/api/citizen/applications/${id}`),
    refetchInterval: 30_000,
  });
  const a = q.data;
  if (q.isPending) return <Spin />;
  if (q.error || !a) return <ErrorAlert error={q.error} onRetry={() => q.refetch()} />;
  const en = i18n.language === 'en-US';
  const correcting = a.status === 'needs_correction';
  const named = new Set(a.correctionMaterials);

  const act = async (what: 'resubmit' | 'withdraw') => {
    setBusy(true);
    setError(null);
    try {
      if (what === 'resubmit') {
        const missing = a.materials.filter((m) => named.has(m.code) && !files[m.code]);
        if (missing.length > 0) {
          setError(t('citizen.apply.missing', { list: missing.map((m) => (en ? m.nameEn : m.nameZh)).join('、') }));
          return;
        }
        await open(`/api/citizen/applications/${id}/resubmit`, {
          body: {
            materials: Object.entries(files).flatMap(([code, f]) => (f ? [{ code, fileId: f.fileId }] : [])),
            ...(note ? { note } : {}),
          },
        });
        setFiles({});
        message.success(t('citizen.application.resubmitted'));
      } else {
        await open(`/api/citizen/applications/${id}/withdraw`, { body: {} });
      }
      await qc.invalidateQueries({ queryKey: citizenKeys.applications });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {params.get('new') ? (
        <Result status="success" title={t('citizen.application.submitted')} style={{ padding: '12px 0' }} />
      ) : (
        <div className="fq-m-title">{t('citizen.application.title')}</div>
      )}
      <div className="fq-m-card">
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
          <strong>{nameOf(a.service, i18n.language)}</strong>
          <Tag color={APPLICATION_COLORS[a.status]} data-testid="m-application-status">
            {t(`hall.appStatus.${a.status}`)}
          </Tag>
        </div>
        <div className="fq-m-row">
          <span>{t('citizen.application.number')}</span>
          <span data-testid="m-application-number">{a.number}</span>
        </div>
        <div className="fq-m-row">
          <span>{t('citizen.application.submittedAt')}</span>
          <span>{dayTime(a.lastSubmittedAt)}</span>
        </div>
        {a.workingDaysLeft !== null ? (
          <div className="fq-m-row">
            <span>{t('citizen.application.due')}</span>
            <span>
              {a.dueDay}
              {a.overdue ? (
                <Tag color="red" style={{ marginLeft: 4 }}>
                  {t('hall.review.overdue')}
                </Tag>
              ) : null}
            </span>
          </div>
        ) : null}
        {a.decisionReason ? (
          <Alert
            style={{ marginTop: 8 }}
            type={a.status === 'approved' ? 'success' : 'error'}
            showIcon
            title={a.decisionReason}
          />
        ) : null}
      </div>
      {correcting ? (
        <div className="fq-m-card" data-testid="m-correction">
          <Alert type="warning" showIcon title={t('citizen.application.correction')} description={a.correctionReason} />
          {a.materials
            .filter((m) => named.has(m.code))
            .map((m) => (
              <MaterialUpload
                key={m.code}
                material={m}
                highlight
                value={files[m.code]}
                onChange={(f) => setFiles((prev) => ({ ...prev, [m.code]: f }))}
              />
            ))}
          <Input.TextArea
            style={{ marginTop: 10 }}
            rows={2}
            maxLength={1000}
            placeholder={t('citizen.application.notePlaceholder')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <Button
            type="primary"
            block
            size="large"
            style={{ marginTop: 10 }}
            loading={busy}
            onClick={() => act('resubmit')}
            data-testid="m-resubmit"
          >
            {t('citizen.application.resubmit')}
          </Button>
        </div>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="m-error" /> : null}
      <div className="fq-m-card">
        <div style={{ fontWeight: 600, marginBottom: 8 }}>{t('citizen.application.materials')}</div>
        {a.materials.map((m) => (
          <div key={m.code} className="fq-m-row">
            <span>{en ? m.nameEn : m.nameZh}</span>
            <span>{m.files.length > 0 ? t('citizen.application.files', { n: m.files.length }) : '—'}</span>
          </div>
        ))}
      </div>
      <div className="fq-m-card">
        <div style={{ fontWeight: 600, marginBottom: 8 }}>{t('citizen.application.history')}</div>
        <Timeline
          items={[...a.events].reverse().map((e) => ({
            key: `${e.at}-${e.kind}`,
            content: (
              <div>
                <div>
                  {i18n.exists(`hall.appEvent.${e.kind}`) ? t(`hall.appEvent.${e.kind as 'submitted'}`) : e.kind}
                </div>
                <div className="fq-muted" style={{ fontSize: 12 }}>
                  {dayTime(e.at)}
                </div>
                {e.note ? <div style={{ fontSize: 13 }}>{e.note}</div> : null}
              </div>
            ),
          }))}
        />
      </div>
      {['submitted', 'in_review', 'needs_correction'].includes(a.status) ? (
        <Popconfirm title={t('citizen.application.withdrawConfirm')} onConfirm={() => act('withdraw')}>
          <Button danger block>
            {t('citizen.application.withdraw')}
          </Button>
        </Popconfirm>
      ) : null}
    </>
  );
}
