import { Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** Six digit boxes for a TOTP code; calls onComplete when all six are typed or pasted. */
export function CodeInput({
  value,
  onChange,
  onComplete,
  disabled,
  status,
}: {
  value: string;
  onChange: (v: string) => void;
  onComplete: (code: string) => void;
  disabled?: boolean;
  status?: 'error';
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="fq-otp" aria-label={t('login.code')} data-testid="totp-input">
      <Input.OTP
        length={6}
        size="large"
        autoFocus
        inputMode="numeric"
        autoComplete="one-time-code"
        value={value}
        disabled={disabled}
        {...(status ? { status } : {})}
        formatter={(s) => s.replace(/\D/g, '')}
        onInput={(cells) => onChange(cells.join(''))}
        onChange={(code) => {
          onChange(code);
          if (/^\d{6}$/.test(code)) onComplete(code);
        }}
      />
    </fieldset>
  );
}
