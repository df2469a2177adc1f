import type { Me, MfaEnrolment } from '@fengqiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Flex, Skeleton, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert, useErrorText } from '../../shared/errors';
import { CodeInput } from './CodeInput';

/** "ABCD EFGH …": easier to type from a screen. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/**
 * Sets up an authenticator: asks the server for a new secret, shows it as a
 * QR code and as text, and confirms it with the first code the app shows.
 */
export function EnrolPanel({ onDone }: { onDone: (me: Me) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [code, setCode] = useState('');
  const [qr, setQr] = useState<string | null>(null);

  const start = useMutation({ mutationFn: () => api.post<MfaEnrolment>('/api/auth/mfa/enrol') });
  const confirm = useMutation({
    mutationFn: (c: string) => api.post<Me>('/api/auth/mfa/enrol/confirm', { code: c }),
    onSuccess: onDone,
    onError: () => setCode(''),
  });

  const startEnrolment = start.mutate;
  useEffect(() => {
    startEnrolment();
  }, [startEnrolment]);

  const enrolment = start.data;
  useEffect(() => {
    if (!enrolment) return;
    let cancelled = false;
    void QRCode.toDataURL(enrolment.otpauthUrl, { width: 200, margin: 1, errorCorrectionLevel: 'M' }).then((url) => {
      if (!cancelled) setQr(url);
    });
    return () => {
      cancelled = true;
    };
  }, [enrolment]);

  if (start.isError) return <ErrorAlert error={start.error} onRetry={() => start.mutate()} />;

  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('login.enrolHint')}
      </Typography.Paragraph>
      <Flex justify="center">
        {qr ? (
          <img src={qr} alt={t('login.qrAlt')} width={200} height={200} className="fq-qr" data-testid="enrol-qr" />
        ) : (
          <Skeleton.Node active style={{ width: 200, height: 200 }} />
        )}
      </Flex>
      <div>
        <Typography.Text type="secondary">{t('login.enrolSecret')}</Typography.Text>
        <div className="fq-secret" data-testid="enrol-secret">
          {enrolment ? (
            <Typography.Text code copyable={{ text: enrolment.secret }}>
              {groupSecret(enrolment.secret)}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary">{t('login.enrolStarting')}</Typography.Text>
          )}
        </div>
      </div>
      {confirm.isError ? <Alert type="error" showIcon title={errorText(confirm.error)} role="alert" /> : null}
      <CodeInput
        value={code}
        onChange={setCode}
        disabled={!enrolment || confirm.isPending}
        onComplete={(c) => confirm.mutate(c)}
        {...(confirm.isError ? { status: 'error' as const } : {})}
      />
      <Button
        type="primary"
        size="large"
        block
        disabled={!enrolment || !/^\d{6}$/.test(code)}
        loading={confirm.isPending}
        onClick={() => confirm.mutate(code)}
      >
        {t('login.enrolConfirm')}
      </Button>
    </Flex>
  );
}
