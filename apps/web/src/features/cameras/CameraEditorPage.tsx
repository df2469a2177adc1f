import type { CrossingDirection } from '@fengqiao/contracts';
import { App, Button, Card, Empty, Flex, Input, Popconfirm, Select, Space, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMe } from '../../api/queries';
import { ErrorAlert, useErrorText } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { EventsTable } from './EventsTable';
import { STATUS_COLOR } from './labels';
import { useCamera, useDisableRule, useSaveShapes, useTemplates, useUploadSnapshot } from './queries';
import { RuleForm } from './RuleForm';
import { type DraftShape, type Tool, ZoneCanvas } from './ZoneCanvas';
import './cameras.css';

/**
 * The zone editor: the camera's snapshot with its zones, lines (with the
 * direction that counts) and masks; shapes are drawn by clicking on the
 * picture, saved together, and rules are made from the scene templates.
 */
export default function CameraEditorPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const camera = useCamera(id);
  const templates = useTemplates();
  const me = useMe();
  const canManage = me.data?.permissions.includes('cameras.manage') ?? false;
  const saveShapes = useSaveShapes(id);
  const disableRule = useDisableRule(id);
  const upload = useUploadSnapshot(id);
  const [shapes, setShapes] = useState<DraftShape[]>([]);
  const [dirty, setDirty] = useState(false);
  const [tool, setTool] = useState<Tool>(null);
  const [draft, setDraft] = useState<[number, number][]>([]);
  const [name, setName] = useState('');
  const [direction, setDirection] = useState<CrossingDirection>('any');
  const [snapVersion, setSnapVersion] = useState(0);

  useEffect(() => {
    if (camera.data && !dirty) setShapes(camera.data.shapes.map((s) => ({ ...s })));
  }, [camera.data, dirty]);

  if (camera.error) return <ErrorAlert error={camera.error} onRetry={() => camera.refetch()} />;
  const c = camera.data;
  if (!c) return <Card loading />;

  const start = (k: Exclude<Tool, null>) => {
    setTool(k);
    setDraft([]);
    setName(`${t(`cameras.shape.${k}`)}${shapes.filter((s) => s.kind === k).length + 1}`);
    setDirection('any');
  };
  const addPoint = (p: [number, number]) => {
    if (tool === 'line' && draft.length >= 2) return;
    setDraft([...draft, p]);
  };
  const finish = () => {
    if (!tool) return;
    const need = tool === 'line' ? 2 : 3;
    if (draft.length < need) {
      message.warning(t('cameras.draw.needPoints'));
      return;
    }
    setShapes([
      ...shapes,
      {
        kind: tool,
        name: name.trim() || t(`cameras.shape.${tool}`),
        points: draft,
        direction: tool === 'line' ? direction : 'any',
      },
    ]);
    setDirty(true);
    setTool(null);
    setDraft([]);
  };
  const persist = async () => {
    try {
      await saveShapes.mutateAsync(shapes);
      setDirty(false);
      message.success(t('cameras.draw.shapesSaved'));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <div className="fq-page" data-testid="camera-editor">
      <PageHeader
        title={`${c.name}`}
        subtitle={`${c.code} · ${c.grid?.code ?? '—'} · ${c.streamUrl}`}
        extra={
          <Space>
            <Tag color={STATUS_COLOR[c.status]}>{t(`cameras.status.${c.status}`)}</Tag>
            <Link to="/cameras">{t('cameras.title')}</Link>
          </Space>
        }
      />
      <div className="fq-cam-layout">
        <Card
          title={t('cameras.draw.tools')}
          extra={
            canManage ? (
              <Upload
                accept="image/jpeg,image/png"
                showUploadList={false}
                customRequest={({ file }) => {
                  upload
                    .mutateAsync(file as File)
                    .then(() => {
                      setSnapVersion((v) => v + 1);
                      message.success(t('cameras.draw.uploaded'));
                    })
                    .catch((e: unknown) => message.error(errorText(e)));
                }}
              >
                <Button size="small" data-testid="upload-snapshot">
                  {t('cameras.draw.upload')}
                </Button>
              </Upload>
            ) : null
          }
        >
          {!c.hasSnapshot ? (
            <Typography.Paragraph type="secondary">{t('cameras.draw.noSnapshot')}</Typography.Paragraph>
          ) : null}
          <ZoneCanvas
            src={c.hasSnapshot ? `/api/cameras/${c.id}/snapshot?v=${snapVersion}` : null}
            shapes={shapes}
            draft={draft}
            tool={tool}
            onPoint={addPoint}
          />
          {canManage ? (
            <Space wrap style={{ marginTop: 12 }}>
              {!tool ? (
                <>
                  <Button onClick={() => start('zone')} data-testid="draw-zone">
                    {t('cameras.shape.zone')}
                  </Button>
                  <Button onClick={() => start('line')} data-testid="draw-line">
                    {t('cameras.shape.line')}
                  </Button>
                  <Button onClick={() => start('mask')}>{t('cameras.shape.mask')}</Button>
                  <Button
                    type="primary"
                    disabled={!dirty}
                    loading={saveShapes.isPending}
                    onClick={persist}
                    data-testid="save-shapes"
                  >
                    {t('cameras.draw.saveShapes')}
                  </Button>
                  {dirty ? <Typography.Text type="warning">{t('cameras.draw.unsaved')}</Typography.Text> : null}
                </>
              ) : (
                <>
                  <Typography.Text type="secondary">{t(`cameras.draw.hint.${tool}`)}</Typography.Text>
                  <Input
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                    placeholder={t('cameras.draw.name')}
                    style={{ width: 140 }}
                    data-testid="shape-name"
                  />
                  {tool === 'line' ? (
                    <Select<CrossingDirection>
                      value={direction}
                      onChange={setDirection}
                      style={{ width: 120 }}
                      options={(['any', 'left_to_right', 'right_to_left'] as const).map((d) => ({
                        value: d,
                        label: t(`cameras.dir.${d}`),
                      }))}
                    />
                  ) : null}
                  <Button type="primary" onClick={finish} data-testid="finish-shape">
                    {t('cameras.draw.finish')}
                  </Button>
                  <Button onClick={() => setTool(null)}>{t('cameras.draw.cancel')}</Button>
                </>
              )}
            </Space>
          ) : null}
          <div className="fq-cam-list" style={{ marginTop: 12 }}>
            {shapes.length === 0 ? (
              <Typography.Text type="secondary">{t('cameras.draw.hint.idle')}</Typography.Text>
            ) : null}
            {shapes.map((s, i) => (
              <Flex key={s.id ?? `new-${i}`} justify="space-between" align="center" className="fq-cam-row">
                <Space>
                  <Tag>{t(`cameras.shape.${s.kind}`)}</Tag>
                  {s.name}
                  {s.kind === 'line' ? (
                    <Typography.Text type="secondary">{t(`cameras.dir.${s.direction}`)}</Typography.Text>
                  ) : null}
                </Space>
                {canManage ? (
                  <Button
                    type="link"
                    size="small"
                    danger
                    onClick={() => {
                      setShapes(shapes.filter((_, j) => j !== i));
                      setDirty(true);
                    }}
                  >
                    {t('cameras.draw.remove')}
                  </Button>
                ) : null}
              </Flex>
            ))}
          </div>
        </Card>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card title={t('cameras.rule.title')}>
            {c.rules.length === 0 ? (
              <Empty description={t('cameras.rule.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <div className="fq-cam-list" data-testid="rule-list">
                {c.rules.map((r) => (
                  <Flex key={r.id} justify="space-between" align="center" className="fq-cam-row">
                    <Space wrap>
                      <Typography.Text delete={!r.enabled}>{r.name}</Typography.Text>
                      <Tag color="blue">{t(`cameras.rule.kind.${r.spec.kind}`)}</Tag>
                      {r.violation ? <Tag color="gold">{t('cameras.review')}</Tag> : null}
                      {r.raiseIncident ? <Tag color="red">{t('cameras.rule.raiseIncident')}</Tag> : null}
                      {!r.enabled ? <Tag>{t('cameras.rule.disabled')}</Tag> : null}
                    </Space>
                    {canManage && r.enabled ? (
                      <Popconfirm title={t('cameras.rule.disable')} onConfirm={() => disableRule.mutate(r.id)}>
                        <Button type="link" size="small">
                          {t('cameras.rule.disable')}
                        </Button>
                      </Popconfirm>
                    ) : null}
                  </Flex>
                ))}
              </div>
            )}
          </Card>
          {canManage && templates.data ? (
            <Card title={t('cameras.rule.add')}>
              <RuleForm cameraId={c.id} templates={templates.data} shapes={c.shapes} />
            </Card>
          ) : null}
        </Space>
      </div>
      <Card title={t('cameras.event.list')} style={{ marginTop: 16 }}>
        <EventsTable query={{ cameraId: c.id }} />
      </Card>
    </div>
  );
}
