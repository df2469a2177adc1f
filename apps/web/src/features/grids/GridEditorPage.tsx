import { DownloadOutlined } from '@ant-design/icons';
import { Button, Flex, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../shared/PageHeader';
import { ImportPanel } from './ImportPanel';
import { OfficersPanel } from './OfficersPanel';

/** Station leaders (grids.edit): import/export grid boundaries and reassign grid officers. */
export default function GridEditorPage() {
  const { t } = useTranslation();
  return (
    <div className="fq-page">
      <PageHeader
        title={t('grids.title')}
        subtitle={t('grids.subtitle')}
        extra={
          <Tooltip title={t('grids.exportHint')}>
            <Button
              icon={<DownloadOutlined />}
              href="/api/grids/export"
              download="grids.geojson"
              data-testid="grid-export"
            >
              {t('grids.export')}
            </Button>
          </Tooltip>
        }
      />
      <Flex vertical gap={16}>
        <ImportPanel />
        <OfficersPanel />
      </Flex>
    </div>
  );
}
