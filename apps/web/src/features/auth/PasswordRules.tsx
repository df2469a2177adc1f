import { CheckCircleFilled, InfoCircleOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { checkPasswordRules, PASSWORD_MIN_LENGTH } from './password-rules';

/** The password rules, ticked off live where the browser can tell. */
export function PasswordRules({ password, username }: { password: string; username: string }) {
  const { t } = useTranslation();
  const state = checkPasswordRules(password, username);
  const typed = password.length > 0;
  const mark = (ok: boolean) =>
    typed && ok ? (
      <CheckCircleFilled style={{ color: '#389e0d' }} aria-hidden />
    ) : (
      <MinusCircleOutlined style={{ color: '#8c8c8c' }} aria-hidden />
    );
  return (
    <div className="fq-rules" data-testid="password-rules">
      <Typography.Text strong>{t('profile.rulesTitle')}</Typography.Text>
      <ul>
        <li>
          {mark(state.length)} {t('profile.ruleLength', { min: PASSWORD_MIN_LENGTH })}
        </li>
        <li>
          <InfoCircleOutlined style={{ color: '#1f4e9c' }} aria-hidden /> {t('profile.ruleCommon')}
        </li>
        <li>
          {mark(state.username)} {t('profile.ruleUsername')}
        </li>
        <li>
          {mark(state.repetitive)} {t('profile.ruleRepetitive')}
        </li>
      </ul>
      <Typography.Text type="secondary">{t('profile.ruleHint')}</Typography.Text>
    </div>
  );
}
