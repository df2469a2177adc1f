import {
  ApartmentOutlined,
  AuditOutlined,
  EnvironmentOutlined,
  LockOutlined,
  SafetyCertificateOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { LoginResponse, Me } from '@fengqiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { fetchMe, keys } from '../../api/queries';
import { homePath, pageFor } from '../../app/nav';
import {
  clearLoginReason,
  type LoginLocationState,
  type LoginReason,
  peekLoginReason,
  useForgetSession,
  useSignedIn,
} from '../../app/session';
import { useErrorText } from '../../shared/errors';
import { LanguageSwitch } from '../../shared/LanguageSwitch';
import { Logo } from '../../shared/Logo';
import { CodeInput } from './CodeInput';
import { EnrolPanel } from './EnrolPanel';

type Step = 'password' | 'mfa' | 'enrol';

/** Where to go after sign-in: back where the user was, if this user may see it. */
function destination(me: Me, from: string | undefined): string {
  if (!from || from === '/' || from.startsWith('/login')) return homePath(me.permissions, me.roles);
  const page = pageFor(from.split('?')[0] ?? from);
  if (page && !me.permissions.includes(page.permission)) return homePath(me.permissions, me.roles);
  return from;
}

export function LoginPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const state = (location.state ?? {}) as LoginLocationState;
  const [reason, setReason] = useState<LoginReason | undefined>(() => peekLoginReason() ?? state.reason);
  useEffect(() => clearLoginReason(), []);
  const dismissNotice = () => setReason(undefined);
  const [step, setStep] = useState<Step>('password');
  const signedIn = useSignedIn();
  const forget = useForgetSession();
  // Only what is already known: asking the server here would log a 401 for every visitor.
  const known = useQueryClient().getQueryData<Me | null>(keys.me);

  // Arriving from a page that needs the second factor: resume at the code step.
  useEffect(() => {
    if (reason !== 'mfa') return;
    void fetchMe().then((m) => {
      if (m) setStep(m.mfaEnabled ? 'mfa' : 'enrol');
    });
  }, [reason]);

  const finish = (m: Me) => {
    signedIn(m);
    navigate(destination(m, state.from), { replace: true });
  };

  const restart = () => {
    void api.post('/api/auth/logout').catch(() => undefined);
    forget();
    dismissNotice();
    setStep('password');
  };

  if (known && !reason && step === 'password') {
    return <Navigate to={destination(known, state.from)} replace />;
  }

  const notice =
    reason === 'expired'
      ? { type: 'warning' as const, text: t('session.expired') }
      : reason === 'loggedOut'
        ? { type: 'success' as const, text: t('header.loggedOut') }
        : null;

  return (
    <div className="fq-login">
      <div className="fq-login-lang">
        <LanguageSwitch size="small" />
      </div>
      <div className="fq-login-grid">
        <section className="fq-login-hero" aria-label={t('login.heroTitle')}>
          <h1>{t('login.heroTitle')}</h1>
          <p className="fq-login-lead">{t('login.heroLead')}</p>
          <ul>
            <li>
              <EnvironmentOutlined /> {t('login.heroGrid')}
            </li>
            <li>
              <AuditOutlined /> {t('login.heroAudit')}
            </li>
            <li>
              <ApartmentOutlined /> {t('login.heroDuties')}
            </li>
          </ul>
        </section>
        <div className="fq-login-inner">
          <Flex align="center" gap={14} className="fq-login-brand">
            <Logo size={48} />
            <div>
              <div className="fq-login-title">{t('app.name')}</div>
              <div className="fq-login-tagline">{t('app.tagline')}</div>
            </div>
          </Flex>
          <Card className="fq-login-card">
            {step === 'password' ? (
              <PasswordStep
                notice={notice}
                onNext={(res) => {
                  dismissNotice();
                  if (res.state === 'authenticated' && res.me) finish(res.me);
                  else setStep(res.state === 'mfa_required' ? 'mfa' : 'enrol');
                }}
              />
            ) : step === 'mfa' ? (
              <MfaStep onDone={finish} onBack={restart} />
            ) : (
              <>
                <StepTitle icon={<SafetyCertificateOutlined />} title={t('login.enrolTitle')} />
                <EnrolPanel onDone={finish} />
                <Button type="link" block onClick={restart} style={{ marginTop: 8 }}>
                  {t('login.useOtherAccount')}
                </Button>
              </>
            )}
          </Card>
          <Typography.Paragraph className="fq-login-footer">{t('login.footer')}</Typography.Paragraph>
        </div>
      </div>
    </div>
  );
}

function StepTitle({ icon, title }: { icon?: ReactNode; title: string }) {
  return (
    <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 16 }}>
      {icon ? <span className="fq-step-icon">{icon}</span> : null}
      {title}
    </Typography.Title>
  );
}

interface LoginForm {
  username: string;
  password: string;
}

function PasswordStep({
  notice,
  onNext,
}: {
  notice: { type: 'warning' | 'success'; text: string } | null;
  onNext: (res: LoginResponse) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<LoginForm>();
  const login = useMutation({
    mutationFn: (v: LoginForm) => api.post<LoginResponse>('/api/auth/login', v),
    onSuccess: onNext,
    onError: () => form.setFieldValue('password', ''),
  });
  return (
    <>
      <StepTitle title={t('login.title')} />
      {notice && !login.isError ? (
        <Alert type={notice.type} showIcon title={notice.text} className="fq-login-alert" data-testid="login-notice" />
      ) : null}
      {login.isError ? (
        <Alert
          type="error"
          showIcon
          title={errorText(login.error)}
          role="alert"
          className="fq-login-alert"
          data-testid="login-error"
        />
      ) : null}
      <Form<LoginForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => login.mutate({ username: v.username.trim(), password: v.password })}
        size="large"
      >
        <Form.Item
          name="username"
          label={t('login.username')}
          rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus autoCapitalize="none" spellCheck={false} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('login.password')}
          rules={[{ required: true, message: t('login.passwordRequired') }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
          {t('login.submit')}
        </Button>
      </Form>
    </>
  );
}

function MfaStep({ onDone, onBack }: { onDone: (me: Me) => void; onBack: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [code, setCode] = useState('');
  const verify = useMutation({
    mutationFn: (c: string) => api.post<Me>('/api/auth/mfa/verify', { code: c }),
    onSuccess: onDone,
    onError: () => setCode(''),
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (/^\d{6}$/.test(code)) verify.mutate(code);
      }}
    >
      <StepTitle icon={<SafetyCertificateOutlined />} title={t('login.mfaTitle')} />
      <Typography.Paragraph type="secondary">{t('login.mfaHint')}</Typography.Paragraph>
      {verify.isError ? (
        <Alert
          type="error"
          showIcon
          title={errorText(verify.error)}
          role="alert"
          className="fq-login-alert"
          data-testid="login-error"
        />
      ) : null}
      <Flex vertical gap={16}>
        <CodeInput
          value={code}
          onChange={setCode}
          onComplete={(c) => verify.mutate(c)}
          disabled={verify.isPending}
          {...(verify.isError ? { status: 'error' as const } : {})}
        />
        <Button
          type="primary"
          size="large"
          htmlType="submit"
          block
          loading={verify.isPending}
          disabled={!/^\d{6}$/.test(code)}
          data-testid="mfa-submit"
        >
          {t('login.verify')}
        </Button>
        <Button type="link" block onClick={onBack}>
          {t('login.useOtherAccount')}
        </Button>
      </Flex>
    </form>
  );
}
