import { CheckCircleFilled, CloudDownloadOutlined } from '@ant-design/icons';
import type { DisputeFilter } from '@fengqiao/contracts';
import { App, Button, Modal, Progress, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert, useErrorText } from '../../shared/errors';
import { cleanFilter, exportPercent } from './mediation-data';
import { type ExportView, useExportJob } from './queries';

/** Starts the browser's download of a URL (the server streams the file; the session cookie goes along). */
function download(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

/**
 * "导出": starts an export job for the current filters, lets the browser
 * download the streamed workbook, and shows the server's progress
 * (`GET /exports/:id`, rows written of the total) until it is done.
 */
export function ExportButton({ filter, total }: { filter: DisputeFilter; total: number | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [job, setJob] = useState<ExportView | null>(null);
  const [starting, setStarting] = useState(false);
  const progress = useExportJob(job?.id ?? null);
  const view = progress.data ?? job;

  useEffect(() => {
    if (progress.data?.status === 'done')
      message.success(t('mediation.export.done', { count: progress.data.rowsWritten }));
  }, [progress.data?.status, progress.data?.rowsWritten, message, t]);

  const start = async () => {
    setStarting(true);
    try {
      const created = await api.post<ExportView>('/api/mediation/exports', { filter: cleanFilter(filter) });
      setJob(created);
      download(created.downloadUrl);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setStarting(false);
    }
  };

  const percent = view ? exportPercent(view.progress, view.status) : 0;
  const done = view?.status === 'done';
  return (
    <>
      <Button
        icon={<CloudDownloadOutlined />}
        loading={starting}
        onClick={() => void start()}
        data-testid="export-start"
      >
        {total !== null ? t('mediation.export.startCount', { count: total }) : t('mediation.export.start')}
      </Button>
      <Modal
        open={job !== null}
        title={t('mediation.export.title')}
        onCancel={() => setJob(null)}
        footer={
          <Button type={done ? 'primary' : 'default'} onClick={() => setJob(null)} data-testid="export-close">
            {done ? t('app.close') : t('mediation.export.hide')}
          </Button>
        }
        destroyOnHidden
      >
        {view ? (
          <div data-testid="export-progress" data-status={view.status} data-percent={percent}>
            <Progress percent={percent} status={view.status === 'failed' ? 'exception' : done ? 'success' : 'active'} />
            <Typography.Paragraph className="fq-med-export-line">
              {done ? <CheckCircleFilled className="fq-med-ok" /> : null} {t(`mediation.export.status.${view.status}`)}{' '}
              · {t('mediation.export.rows', { written: view.rowsWritten, total: view.total })}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('mediation.export.hint')}</Typography.Paragraph>
            {view.status === 'failed' ? (
              <ErrorAlert error={new Error(view.error ?? '')} title={t('mediation.export.failed')} />
            ) : null}
          </div>
        ) : null}
        {progress.isError ? <ErrorAlert error={progress.error} onRetry={() => void progress.refetch()} /> : null}
      </Modal>
    </>
  );
}
