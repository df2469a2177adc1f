import type { CitizenView } from '@fengqiao/contracts';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { open } from '../hall/hall-api';
import { useHallErrorText } from '../hall/hall-errors';
import { CitizenFrame } from './CitizenShell';
import { useResetCitizen } from './citizen-session';

interface CodeSent {
  phone: string;
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

/** `/m/login`: mobile number, a six-digit code by SMS, optionally the name used for bookings. */
export default function SignInPage() {
  const { t } = useTranslation();
  const errorText = useHallErrorText();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const reset = useResetCitizen();
  const [form] = Form.useForm<{ phone: string; code: string; name?: string }>();
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [resendIn, setResendIn] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (resendIn <= 0) return;
    const id = setTimeout(() => setResendIn((s) => s - 1), 1000);
    return () => clearTimeout(id);
  }, [resendIn]);

  const sendCode = async () => {
    const { phone } = await form.validateFields(['phone']);
    setBusy(true);
    setError(null);
    try {
      const r = await open<CodeSent>('/api/citizen/auth/code', { body: { phone } });
      setSent(r);
      setResendIn(r.resendAfterSeconds);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const verify = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await open<{ citizen: CitizenView }>('/api/citizen/auth/verify', {
        body: { phone: v.phone, code: v.code, ...(v.name ? { name: v.name } : {}) },
      });
      reset();
      const next = params.get('next');
      navigate(next?.startsWith('/m') ? next : '/m', { replace: true });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <CitizenFrame tabs={false}>
      <div className="fq-m-card">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('citizen.signIn.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('citizen.signIn.intro')}</Typography.Paragraph>
        <Form form={form} layout="vertical" requiredMark={false} onFinish={verify}>
          <Form.Item
            name="phone"
            label={t('citizen.signIn.phone')}
            rules={[
              { required: true, message: t('citizen.signIn.phoneRequired') },
              { pattern: /^\s*(\+?86)?\s*1\d{2}[\s-]?\d{4}[\s-]?\d{4}\s*$/, message: t('hall.err.phone_format') },
            ]}
          >
            <Input size="large" inputMode="tel" autoComplete="tel" data-testid="m-phone" maxLength={20} />
          </Form.Item>
          <Button
            block
            size="large"
            onClick={sendCode}
            loading={busy && !sent}
            disabled={resendIn > 0}
            data-testid="m-send-code"
          >
            {resendIn > 0
              ? t('citizen.signIn.resendIn', { s: resendIn })
              : sent
                ? t('citizen.signIn.resend')
                : t('citizen.signIn.send')}
          </Button>
          {sent ? (
            <>
              <Alert
                style={{ margin: '12px 0' }}
                type="info"
                showIcon
                title={t('citizen.signIn.sent', { phone: sent.phone, min: Math.round(sent.expiresInSeconds / 60) })}
              />
              <Form.Item
                name="code"
                label={t('citizen.signIn.code')}
                rules={[{ required: true, pattern: /^\d{6}$/, message: t('citizen.signIn.codeFormat') }]}
              >
                <Input
                  size="large"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  data-testid="m-code"
                />
              </Form.Item>
              <Form.Item name="name" label={t('citizen.signIn.name')} extra={t('citizen.signIn.nameHint')}>
                <Input size="large" maxLength={64} data-testid="m-name" />
              </Form.Item>
              <Button type="primary" block size="large" htmlType="submit" loading={busy} data-testid="m-verify">
                {t('citizen.signIn.submit')}
              </Button>
            </>
          ) : null}
        </Form>
        {error ? <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-testid="m-error" /> : null}
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, padding: '0 4px' }}>
        {t('citizen.signIn.privacy')}
      </Typography.Paragraph>
    </CitizenFrame>
  );
}
