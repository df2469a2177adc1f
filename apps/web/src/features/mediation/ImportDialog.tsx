import {
  CheckCircleOutlined,
  CloudUploadOutlined,
  DownloadOutlined,
  FileExcelOutlined,
  InboxOutlined,
} from '@ant-design/icons';
import type { ImportResult } from '@fengqiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import { ApiRequestError } from '../../api/errors';
import { translateDynamic } from '../../app/i18n';
import { ErrorAlert, useErrorText } from '../../shared/errors';
import { rowData } from './labels';
import {
  type ImportProblem,
  importProblemsFromFields,
  importProblemsFromResult,
  LEDGER_COLUMNS,
  problemRows,
} from './mediation-data';
import { mkeys } from './queries';

const TEMPLATE_URL = '/api/mediation/import/template';

function humanSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function upload(file: File, dryRun: boolean): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<ImportResult>('/api/mediation/import', {
    method: 'POST',
    form,
    query: { dryRun: dryRun ? 'true' : 'false' },
  });
}

/** The problems of an import as a table: sheet row, column, what is wrong. */
export function ImportProblems({ problems }: { problems: ImportProblem[] }) {
  const { t } = useTranslation();
  const column = (c: string | null) => {
    if (!c) return t('mediation.import.wholeFile');
    const id = LEDGER_COLUMNS[c];
    return id ? translateDynamic(`mediation.import.columns.${id}`, c) : c;
  };
  return (
    <Table<ImportProblem>
      size="small"
      rowKey="key"
      dataSource={problems}
      data-testid="import-problems"
      pagination={problems.length > 12 ? { pageSize: 12, showSizeChanger: false } : false}
      onRow={(r) => rowData({ 'data-testid': 'import-problem', 'data-row': r.row ?? '', 'data-code': r.code })}
      columns={[
        {
          title: t('mediation.import.row'),
          dataIndex: 'row',
          width: 80,
          render: (r: number | null) => (r === null ? '—' : t('mediation.import.rowN', { row: r })),
        },
        { title: t('mediation.import.column'), dataIndex: 'column', width: 200, render: column },
        {
          title: t('mediation.import.problem'),
          key: 'problem',
          render: (_: unknown, p) => (
            <div>
              <div>{translateDynamic(`mediation.import.codes.${p.code}`, p.message)}</div>
              <div className="fq-error-code">
                <Tag>{p.code}</Tag>
                {p.message}
              </div>
            </div>
          ),
        },
      ]}
    />
  );
}

/**
 * "导入台账": an .xlsx in the ledger layout is checked first (a dry run that
 * lists every problem by sheet row and column); only a clean file can be
 * imported, and the server writes all of it or nothing.
 */
export function ImportButton() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const run = useMutation({
    mutationFn: ({ f, dryRun }: { f: File; dryRun: boolean }) => upload(f, dryRun),
    onSuccess: (res) => {
      if (!res.dryRun) void qc.invalidateQueries({ queryKey: mkeys.disputesAll });
    },
  });
  const result = run.data;
  const checking = run.isPending && run.variables.dryRun;
  const importing = run.isPending && !run.variables.dryRun;
  const problems: ImportProblem[] =
    result && result.errors.length > 0
      ? importProblemsFromResult(result.errors)
      : run.error instanceof ApiRequestError && run.error.fields.length > 0
        ? importProblemsFromFields(run.error.fields)
        : [];
  const close = () => {
    setOpen(false);
    setFile(null);
    run.reset();
  };

  return (
    <>
      <Button icon={<CloudUploadOutlined />} onClick={() => setOpen(true)} data-testid="import-open">
        {t('mediation.import.open')}
      </Button>
      <Modal
        open={open}
        width={880}
        title={t('mediation.import.title')}
        onCancel={close}
        footer={<Button onClick={close}>{t('app.close')}</Button>}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('mediation.import.hint')}</Typography.Paragraph>
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          <a href={TEMPLATE_URL} download data-testid="import-template">
            <DownloadOutlined /> {t('mediation.import.template')}
          </a>
          <div data-testid="import-upload">
            <Upload.Dragger
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              multiple={false}
              showUploadList={false}
              beforeUpload={(f) => {
                run.reset();
                setFile(f);
                return false;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('mediation.import.drop')}</p>
              <p className="ant-upload-hint">{t('mediation.import.dropHint')}</p>
            </Upload.Dragger>
          </div>
          {file ? (
            <Space wrap>
              <Typography.Text data-testid="import-file">
                <FileExcelOutlined /> {file.name} · {humanSize(file.size)}
              </Typography.Text>
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                loading={checking}
                onClick={() => run.mutate({ f: file, dryRun: true })}
                data-testid="import-dry-run"
              >
                {t('mediation.import.check')}
              </Button>
            </Space>
          ) : null}

          {result?.dryRun && result.errors.length === 0 ? (
            <Alert
              type="success"
              showIcon
              data-testid="import-ok"
              title={t('mediation.import.okTitle', { rows: result.rows })}
              description={
                <Button
                  type="primary"
                  danger
                  loading={importing}
                  onClick={() => file && run.mutate({ f: file, dryRun: false })}
                  data-testid="import-confirm"
                >
                  {t('mediation.import.confirm', { rows: result.rows })}
                </Button>
              }
            />
          ) : null}
          {result && !result.dryRun ? (
            <Alert
              type="success"
              showIcon
              data-testid="import-done"
              title={t('mediation.import.done', { count: result.imported })}
              description={
                result.numbers.length > 0
                  ? t('mediation.import.numbers', {
                      first: result.numbers[0],
                      last: result.numbers[result.numbers.length - 1],
                    })
                  : undefined
              }
            />
          ) : null}
          {problems.length > 0 ? (
            <div data-testid="import-errors">
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('mediation.import.problemsTitle', { rows: problemRows(problems), count: problems.length })}
                description={t('mediation.import.nothingImported')}
              />
              <ImportProblems problems={problems} />
            </div>
          ) : run.isError ? (
            <ErrorAlert error={run.error} title={errorText(run.error)} />
          ) : null}
        </Space>
      </Modal>
    </>
  );
}
