import { ReloadOutlined } from '@ant-design/icons';
import { Button, Descriptions, Result, Spin, Steps, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiRequestError } from '../../api/errors';
import { useOpen311Request } from '../../api/queries';
import { ErrorAlert } from '../../shared/errors';
import { ReportShell } from './ReportShell';
import './report.css';

/** `/report/:id`: the status and public notes of a resident's report, refreshed every 30 seconds. */
export default function ReportStatusPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const q = useOpen311Request(id, i18n.language);
  const r = q.data;
  return (
    <ReportShell>
      {q.isPending ? (
        <div className="fq-center">
          <Spin size="large" />
        </div>
      ) : q.isError ? (
        q.error instanceof ApiRequestError && q.error.status === 404 ? (
          <Result
            status="404"
            title={t('report.notFound')}
            subTitle={t('report.notFoundHint')}
            extra={
              <Link to="/report">
                <Button type="primary">{t('report.newReport')}</Button>
              </Link>
            }
          />
        ) : (
          <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
        )
      ) : r ? (
        <div className="fq-report-status" data-testid="report-status" data-status={r.status}>
          <Typography.Title level={3} className="fq-report-title">
            {t('report.statusTitle')}
          </Typography.Title>
          <div className="fq-report-status-card">
            <Tag color={r.status === 'open' ? 'processing' : 'success'} className="fq-report-status-tag">
              {t(`report.status.${r.status}`)}
            </Tag>
            <div className="fq-report-notes" data-testid="report-notes">
              {r.status_notes}
            </div>
            <Steps
              size="small"
              orientation="vertical"
              current={r.status === 'closed' ? 2 : 1}
              items={[
                { title: t('report.step.received'), content: dayjs(r.requested_datetime).format('YYYY-MM-DD HH:mm') },
                { title: t('report.step.handling'), content: r.status === 'open' ? r.status_notes : '' },
                {
                  title: t('report.step.closed'),
                  content: r.status === 'closed' ? dayjs(r.updated_datetime).format('YYYY-MM-DD HH:mm') : '',
                },
              ]}
            />
          </div>
          <Descriptions column={1} size="small" className="fq-report-facts">
            <Descriptions.Item label={t('report.requestId')}>
              <span className="fq-mono" data-testid="status-id">
                {r.service_request_id}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('report.category')}>{r.service_name}</Descriptions.Item>
            {r.address ? <Descriptions.Item label={t('report.address')}>{r.address}</Descriptions.Item> : null}
            <Descriptions.Item label={t('report.agency')}>{r.agency_responsible}</Descriptions.Item>
            <Descriptions.Item label={t('report.updated')}>
              {dayjs(r.updated_datetime).format('YYYY-MM-DD HH:mm:ss')}
            </Descriptions.Item>
          </Descriptions>
          <div className="fq-report-status-actions">
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void q.refetch()}
              loading={q.isFetching}
              size="large"
              block
            >
              {t('report.refresh')}
            </Button>
            <Link to="/report">
              <Button type="link" block>
                {t('report.newReport')}
              </Button>
            </Link>
          </div>
        </div>
      ) : null}
    </ReportShell>
  );
}
