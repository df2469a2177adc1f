import { CheckCircleOutlined, CloudUploadOutlined, FileTextOutlined, InboxOutlined } from '@ant-design/icons';
import type { Crs, GridImportResult } from '@fengqiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Select, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ApiRequestError, featureIndexOf } from '../../api/errors';
import { keys } from '../../api/queries';
import { ErrorAlert, useErrorText, useFieldText } from '../../shared/errors';

const CRS_VALUES: readonly Crs[] = ['WGS84', 'GCJ02', 'BD09'];

interface Chosen {
  name: string;
  size: number;
  json: unknown;
}

interface ProblemRow {
  key: number;
  index: number | null;
  gridCode: string | null;
  code: string;
  text: string;
  message: string;
  path: string;
}

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The grid code the uploaded file gives feature `index`, so a problem names the grid the leader knows. */
function codeInFile(json: unknown, index: number | null): string | null {
  if (index === null || typeof json !== 'object' || json === null || !('features' in json)) return null;
  const features = (json as { features: unknown }).features;
  if (!Array.isArray(features)) return null;
  const f: unknown = features[index];
  if (typeof f !== 'object' || f === null || !('properties' in f)) return null;
  const props = (f as { properties: unknown }).properties;
  if (typeof props !== 'object' || props === null) return null;
  const code = (props as Record<string, unknown>).code;
  const name = (props as Record<string, unknown>).name;
  if (typeof code !== 'string' && typeof name !== 'string') return null;
  return [code, name].filter((s) => typeof s === 'string').join(' ');
}

/**
 * Upload → dry run → either the full list of problems, or the counts and
 * an explicit confirmation that imports for real.
 */
export function ImportPanel() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const [crs, setCrs] = useState<Crs>('WGS84');
  const [file, setFile] = useState<Chosen | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);

  const run = useMutation({
    mutationFn: ({ json, dryRun }: { json: unknown; dryRun: boolean }) =>
      // Only ever send dryRun=true: the server coerces the string "false" to true (see apps/web/README.md).
      api.post<GridImportResult>('/api/grids/import', json, { crs, dryRun: dryRun ? true : undefined }),
    onSuccess: (res) => {
      if (!res.dryRun) {
        message.success(t('grids.imported', { created: res.created, updated: res.updated, unchanged: res.unchanged }));
        void qc.invalidateQueries({ queryKey: keys.map });
        void qc.invalidateQueries({ queryKey: ['grid'] });
      }
    },
  });

  const choose = async (f: File) => {
    run.reset();
    setParseError(null);
    setFile(null);
    const text = await f.text();
    try {
      setFile({ name: f.name, size: f.size, json: JSON.parse(text) });
    } catch (e) {
      setParseError(t('grids.notJson', { detail: e instanceof Error ? e.message : String(e) }));
    }
  };

  const problems: ProblemRow[] =
    run.error instanceof ApiRequestError && run.error.fields.length > 0
      ? run.error.fields.map((f, i) => {
          const index = featureIndexOf(f.path);
          return {
            key: i,
            index,
            gridCode: codeInFile(file?.json, index),
            code: f.code,
            text: fieldText(f),
            message: f.message,
            path: f.path,
          };
        })
      : [];

  const result = run.data;
  const confirm = () => {
    if (!file) return;
    modal.confirm({
      title: t('grids.confirmImportTitle'),
      content: t('grids.confirmImportBody'),
      okText: t('grids.confirmImport'),
      cancelText: t('app.cancel'),
      onOk: () => run.mutateAsync({ json: file.json, dryRun: false }).catch(() => undefined),
    });
  };

  return (
    <Card
      title={
        <Space>
          <CloudUploadOutlined />
          {t('grids.importTitle')}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('grids.importHint')}</Typography.Paragraph>
      <Flex gap={16} wrap align="flex-start">
        <div style={{ flex: '1 1 360px' }} data-testid="grid-upload">
          <Upload.Dragger
            accept=".geojson,.json,application/geo+json,application/json"
            multiple={false}
            showUploadList={false}
            beforeUpload={(f) => {
              void choose(f);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('grids.dropTitle')}</p>
            <p className="ant-upload-hint">{t('grids.dropHint')}</p>
          </Upload.Dragger>
        </div>
        <Flex vertical gap={12} style={{ flex: '1 1 280px' }}>
          <div>
            <Typography.Text strong>{t('grids.crs')}</Typography.Text>
            <Select<Crs>
              value={crs}
              onChange={(v) => {
                setCrs(v);
                run.reset();
              }}
              style={{ width: '100%', marginTop: 6 }}
              aria-label={t('grids.crs')}
              data-testid="crs-select"
              options={CRS_VALUES.map((c) => ({ value: c, label: t(`grids.crsOptions.${c}`) }))}
            />
          </div>
          {file ? (
            <Typography.Text data-testid="chosen-file">
              <FileTextOutlined /> {t('grids.chosenFile', { name: file.name, size: humanSize(file.size) })}
            </Typography.Text>
          ) : null}
          <Space wrap>
            <Button
              type="primary"
              icon={<CheckCircleOutlined />}
              disabled={!file}
              loading={run.isPending && run.variables?.dryRun === true}
              onClick={() => file && run.mutate({ json: file.json, dryRun: true })}
              data-testid="dry-run"
            >
              {t('grids.dryRun')}
            </Button>
            <Typography.Text type="secondary">{t('grids.dryRunHint')}</Typography.Text>
          </Space>
        </Flex>
      </Flex>

      {parseError ? (
        <Alert type="error" showIcon title={parseError} style={{ marginTop: 16 }} data-testid="import-parse-error" />
      ) : null}

      {result?.dryRun && result.ok ? (
        <Alert
          style={{ marginTop: 16 }}
          type="success"
          showIcon
          data-testid="dry-run-ok"
          title={t('grids.dryRunOk')}
          description={
            <>
              <div>
                {t('grids.dryRunOkBody', {
                  created: result.created,
                  updated: result.updated,
                  unchanged: result.unchanged,
                })}
              </div>
              <Space size={32} className="fq-import-stats">
                <Statistic title={t('grids.created')} value={result.created} />
                <Statistic title={t('grids.updated')} value={result.updated} />
                <Statistic title={t('grids.unchanged')} value={result.unchanged} />
              </Space>
              <div>
                <Button type="primary" danger onClick={confirm} data-testid="confirm-import">
                  {t('grids.confirmImport')}
                </Button>
              </div>
            </>
          }
        />
      ) : null}
      {result && !result.dryRun ? (
        <Alert
          style={{ marginTop: 16 }}
          type="success"
          showIcon
          data-testid="import-done"
          title={t('grids.imported', { created: result.created, updated: result.updated, unchanged: result.unchanged })}
        />
      ) : null}

      {problems.length > 0 ? (
        <div style={{ marginTop: 16 }} data-testid="import-errors">
          <Alert
            type="error"
            showIcon
            title={t('grids.errorsTitle', { count: problems.length })}
            description={t('grids.errorsHint')}
            style={{ marginBottom: 12 }}
          />
          <Table<ProblemRow>
            size="small"
            rowKey="key"
            dataSource={problems}
            pagination={problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            columns={[
              {
                title: t('grids.errorFeature'),
                dataIndex: 'index',
                width: 90,
                render: (i: number | null) => (i === null ? t('grids.errorWholeFile') : `#${i + 1}`),
              },
              {
                title: t('grids.errorGrid'),
                dataIndex: 'gridCode',
                width: 200,
                render: (c: string | null) => c ?? '—',
              },
              {
                title: t('grids.errorProblem'),
                dataIndex: 'text',
                render: (text: string, row) => (
                  <div>
                    <div>{text}</div>
                    <div className="fq-error-code">
                      <Tag>{row.code}</Tag>
                      {row.message}
                    </div>
                  </div>
                ),
              },
              {
                title: t('grids.errorPath'),
                dataIndex: 'path',
                width: 300,
                render: (p: string) => <Typography.Text className="fq-mono">{p || '—'}</Typography.Text>,
              },
            ]}
          />
        </div>
      ) : run.isError ? (
        <div style={{ marginTop: 16 }}>
          <ErrorAlert error={run.error} title={errorText(run.error)} />
        </div>
      ) : null}
    </Card>
  );
}
