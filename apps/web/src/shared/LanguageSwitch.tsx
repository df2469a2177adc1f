import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { isLanguage, type Language, setLanguage } from '../app/i18n';

/** 中文 / English; the choice is kept in localStorage. */
export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' | 'large' }) {
  const { t, i18n } = useTranslation();
  const value: Language = isLanguage(i18n.language) ? i18n.language : 'zh-CN';
  return (
    <Segmented<Language>
      size={size}
      aria-label={t('header.language')}
      data-testid="language-switch"
      value={value}
      onChange={(v) => setLanguage(v)}
      options={[
        { value: 'zh-CN', label: '中文' },
        { value: 'en-US', label: 'English' },
      ]}
    />
  );
}
