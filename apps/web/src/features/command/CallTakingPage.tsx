import { DashboardOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { keys } from '../../api/queries';
import { useHasPermission } from '../../app/session';
import { PageHeader } from '../../shared/PageHeader';
import { CallTakingForm } from './CallTakingForm';

/** `/command/new`: the call-taking form as a page; it stays open for the next call after each one. */
export default function CallTakingPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const has = useHasPermission();
  return (
    <div className="fq-page">
      <PageHeader
        title={t('call.title')}
        subtitle={t('call.subtitle')}
        extra={
          has('incidents.read') ? (
            <Button icon={<DashboardOutlined />} onClick={() => navigate('/command')}>
              {t('nav.command')}
            </Button>
          ) : null
        }
      />
      <Card>
        <CallTakingForm onDone={() => void qc.invalidateQueries({ queryKey: keys.board })} />
      </Card>
    </div>
  );
}
