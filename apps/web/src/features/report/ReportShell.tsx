import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LanguageSwitch } from '../../shared/LanguageSwitch';
import { Logo } from '../../shared/Logo';
import './report.css';

/** The residents' pages: a light header with the language switch, one narrow column. */
export function ReportShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="fq-report">
      <header className="fq-report-head">
        <Link to="/report" className="fq-report-brand">
          <Logo size={28} />
          <span>{t('report.brand')}</span>
        </Link>
        <LanguageSwitch size="small" />
      </header>
      <main className="fq-report-main">{children}</main>
      <footer className="fq-report-foot fq-muted">{t('report.footer')}</footer>
    </div>
  );
}
