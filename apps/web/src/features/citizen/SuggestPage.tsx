import type { HallSuggestionSummary, HallSuggestionView } from '@fengqiao/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Progress, Select, Spin, Statistic, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import { dayTime, open } from '../hall/hall-api';
import { useHallErrorText } from '../hall/hall-errors';
import { citizenKeys, useCitizen } from './citizen-session';

type Suggestion = z.infer<typeof HallSuggestionView>;
type Summary = z.infer<typeof HallSuggestionSummary>;
const CATEGORIES = ['service', 'security', 'traffic', 'community', 'other'] as const;

/** `/m/suggest`: the public counts (collected, acted on), a suggestion form, and the resident's own with answers. */
export default function SuggestPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useHallErrorText();
  const me = useCitizen();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ category: string; content: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const summary = useQuery({
    queryKey: ['citizen', 'suggestion-summary'],
    queryFn: () => open<Summary>('/api/hall/public/suggestions/summary'),
  });
  const mine = useQuery({
    queryKey: citizenKeys.suggestions,
    queryFn: () => open<Suggestion[]>('/api/citizen/suggestions'),
    enabled: Boolean(me.data),
  });

  const send = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await open('/api/citizen/suggestions', { body: v });
      form.resetFields();
      message.success(t('citizen.suggest.thanks'));
      await qc.invalidateQueries({ queryKey: citizenKeys.suggestions });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="fq-m-title">{t('citizen.suggest.title')}</div>
      <div className="fq-m-card" style={{ display: 'flex', justifyContent: 'space-around' }}>
        {summary.isPending ? <Spin /> : null}
        {summary.data ? (
          <>
            <Statistic title={t('citizen.suggest.collected')} value={summary.data.collected} />
            <Statistic title={t('citizen.suggest.actedOn')} value={summary.data.actedOn} />
            <Statistic title={t('citizen.suggest.events')} value={summary.data.events} />
          </>
        ) : null}
      </div>
      {me.data ? (
        <div className="fq-m-card">
          <Form form={form} layout="vertical" requiredMark={false} initialValues={{ category: 'service' }}>
            <Form.Item name="category" label={t('citizen.suggest.category')}>
              <Select
                size="large"
                options={CATEGORIES.map((c) => ({ value: c, label: t(`hall.suggestionCategory.${c}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="content"
              label={t('citizen.suggest.content')}
              rules={[{ required: true, min: 4, message: t('citizen.suggest.contentRequired') }]}
            >
              <Input.TextArea rows={4} maxLength={2000} showCount data-testid="m-suggest-content" />
            </Form.Item>
          </Form>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
          <Button type="primary" block size="large" loading={busy} onClick={send} data-testid="m-suggest-submit">
            {t('citizen.suggest.submit')}
          </Button>
        </div>
      ) : (
        <div className="fq-m-card" style={{ textAlign: 'center' }}>
          <div className="fq-muted" style={{ marginBottom: 8 }}>
            {t('citizen.suggest.signInFirst')}
          </div>
          <Button type="primary" onClick={() => navigate('/m/login?next=/m/suggest')}>
            {t('citizen.home.signIn')}
          </Button>
        </div>
      )}
      {mine.data?.map((s) => (
        <div className="fq-m-card" key={s.id}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <span className="fq-muted">
              {s.number} · {dayTime(s.createdAt)}
            </span>
            <Tag>{t(`hall.suggestionStatus.${s.status}`)}</Tag>
          </div>
          <div style={{ margin: '6px 0' }}>{s.content}</div>
          {s.answer ? <Alert type="info" title={t('citizen.suggest.answer')} description={s.answer} /> : null}
          {s.action ? (
            <div style={{ marginTop: 6 }}>
              {s.action}
              <Progress percent={s.progress} size="small" />
            </div>
          ) : null}
        </div>
      ))}
    </>
  );
}
