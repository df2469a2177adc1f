import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Drawer, InputNumber, Space, Spin, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert } from '../../shared/errors';
import { useLeadershipErrorText } from './errors';
import { type LeadershipSettingsView, lkeys, useLeadershipSettings } from './queries';

type Duties = LeadershipSettingsView['duties'];

/** The five core duties with their weights and the measures tied to each; the leader reweighs them. */
export function WeightsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useLeadershipErrorText();
  const settings = useLeadershipSettings(open);
  const [duties, setDuties] = useState<Duties>([]);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (settings.data) setDuties(settings.data.duties);
  }, [settings.data]);

  const setDutyWeight = (i: number, w: number) =>
    setDuties((ds) => ds.map((d, j) => (j === i ? { ...d, weight: w } : d)));
  const setMeasureWeight = (i: number, k: string, w: number) =>
    setDuties((ds) =>
      ds.map((d, j) =>
        j === i ? { ...d, measures: d.measures.map((m) => (m.key === k ? { ...m, weight: w } : m)) } : d,
      ),
    );

  const save = async () => {
    if (!settings.data) return;
    setSaving(true);
    try {
      await api.put('/api/leadership/settings', { duties, version: settings.data.version });
      message.success(t('leadership.evaluation.weightsSaved'));
      await qc.invalidateQueries({ queryKey: lkeys.all });
      onClose();
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={Math.min(520, window.innerWidth)}
      title={t('leadership.evaluation.weights')}
      extra={
        <Button type="primary" loading={saving} onClick={() => void save()} disabled={!settings.data}>
          {t('app.save')}
        </Button>
      }
    >
      {settings.isError ? <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} /> : null}
      {settings.isPending ? <Spin /> : null}
      <Space orientation="vertical" style={{ width: '100%' }}>
        {duties.map((d, i) => (
          <Card
            key={d.key}
            size="small"
            title={t(`leadership.duty.${d.key}` as 'leadership.duty.mobilise', { defaultValue: d.nameZh })}
            extra={
              <Space>
                {t('leadership.evaluation.weight')}
                <InputNumber
                  min={0}
                  max={100}
                  value={d.weight}
                  onChange={(v) => setDutyWeight(i, v ?? 0)}
                  size="small"
                />
              </Space>
            }
          >
            {d.measures.map((m) => (
              <div key={m.key} className="fq-ld-item" style={{ marginBottom: 4 }}>
                <span className="fq-ld-item-label">
                  {t(`leadership.measure.${m.key}` as 'leadership.measure.home_visits')}
                </span>
                <InputNumber
                  min={0}
                  max={100}
                  size="small"
                  value={m.weight}
                  onChange={(v) => setMeasureWeight(i, m.key, v ?? 0)}
                />
              </div>
            ))}
          </Card>
        ))}
        {settings.data ? (
          <div className="fq-ld-muted">
            {settings.data.measures
              .filter((m) => !m.available)
              .map((m) => (
                <Tag key={m.key}>
                  {t(`leadership.measure.${m.key}` as 'leadership.measure.camera_alerts')} ·{' '}
                  {t('leadership.dashboard.notAvailable')}
                </Tag>
              ))}
          </div>
        ) : null}
      </Space>
    </Drawer>
  );
}
