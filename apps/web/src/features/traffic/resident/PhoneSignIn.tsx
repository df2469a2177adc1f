import { Alert, Button, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { citizenCall } from '../traffic-api';
import { useTrafficError } from '../traffic-errors';

/** Phone number and a six-digit SMS code: the residents' identity (citizens module). */
export function PhoneSignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useTranslation();
  const errorText = useTrafficError();
  const [form] = Form.useForm<{ phone: string; code: string; name?: string }>();
  const [sent, setSent] = useState(false);
  const [resendIn, setResendIn] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (resendIn <= 0) return;
    const id = setTimeout(() => setResendIn((s) => s - 1), 1000);
    return () => clearTimeout(id);
  }, [resendIn]);

  const send = async () => {
    const { phone } = await form.validateFields(['phone']);
    setBusy(true);
    setError(null);
    try {
      const r = await citizenCall<{ resendAfterSeconds: number }>('/api/citizen/auth/code', { body: { phone } });
      setSent(true);
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
      await citizenCall('/api/citizen/auth/verify', { body: { phone: v.phone, code: v.code } });
      onSignedIn();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fq-tq-card">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('traffic.quick.signInTitle')}
      </Typography.Title>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={verify}>
        <Form.Item
          name="phone"
          label={t('traffic.quick.phone')}
          rules={[{ required: true, pattern: /^1\d{10}$/, message: t('errors.field.phone_format') }]}
        >
          <Input inputMode="tel" maxLength={11} autoComplete="tel" data-testid="tq-phone" />
        </Form.Item>
        {sent && (
          <Form.Item
            name="code"
            label={t('traffic.quick.code')}
            rules={[{ required: true, pattern: /^\d{6}$/, message: t('traffic.errors.join_code_format') }]}
          >
            <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" data-testid="tq-code" />
          </Form.Item>
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <div className="fq-tq-actions">
          <Button onClick={send} loading={busy && !sent} disabled={resendIn > 0} data-testid="tq-send-code">
            {resendIn > 0 ? t('traffic.quick.resendIn', { s: resendIn }) : t('traffic.quick.sendCode')}
          </Button>
          {sent && (
            <Button type="primary" htmlType="submit" loading={busy} data-testid="tq-sign-in">
              {t('traffic.quick.signIn')}
            </Button>
          )}
        </div>
      </Form>
    </div>
  );
}
