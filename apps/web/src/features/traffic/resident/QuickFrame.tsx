import { CarOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LanguageSwitch } from '../../../shared/LanguageSwitch';
import '../traffic.css';

/** The residents' phone frame: a header with the service name, one column of content. */
export function QuickFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="fq-tq">
      <header className="fq-tq-head">
        <Link to="/accident" className="fq-tq-brand">
          <CarOutlined /> {t('traffic.quick.title')}
        </Link>
        <LanguageSwitch />
      </header>
      <main className="fq-tq-main">{children}</main>
    </div>
  );
}
