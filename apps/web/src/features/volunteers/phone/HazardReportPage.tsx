import { AimOutlined, CameraOutlined } from '@ant-design/icons';
import { HAZARD_CATEGORIES } from '@fengqiao/domain';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useVolunteerErrorText } from '../errors';
import { newClientId } from '../format';
import { currentFix, type Fix } from '../geo';
import { sendOrQueue } from '../offline/outbox';
import { preparePhoto } from '../photo';
import { type HazardDetail, useMyDutyOptional, vkeys } from '../queries';
import { RouteSketch } from '../RouteSketch';
import { PhoneShell } from './PhoneShell';

interface FormValues {
  category: string;
  title: string;
  description?: string;
  address?: string;
}

/**
 * A hazard report from the phone: category, a line, the position (the
 * phone's, or a tap on the map where the station has tiles), photos from the
 * camera. Offline the report and its photos wait in the outbox; the client
 * id keeps a retried or replayed report single.
 */
export default function HazardReportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const dutyId = params.get('dutyId');
  // Found on patrol: the route gives the map a frame, and a tap there corrects the position.
  const dutyRoute = useMyDutyOptional(dutyId);
  const errorText = useVolunteerErrorText();
  const [form] = Form.useForm<FormValues>();
  const [fix, setFix] = useState<Fix | null>(null);
  const [locating, setLocating] = useState(false);
  const [photos, setPhotos] = useState<{ key: string; clientId: string; blob: Blob; url: string }[]>([]);
  const [busy, setBusy] = useState(false);
  // One id per report for as long as the form lives: a retry after an error is the same report.
  const clientId = useRef(newClientId());
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(
    () => () => {
      for (const p of photos) URL.revokeObjectURL(p.url);
    },
    [photos],
  );

  const locate = async () => {
    setLocating(true);
    try {
      setFix(await currentFix());
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setLocating(false);
    }
  };

  const addPhoto = async (file: File | undefined) => {
    if (!file) return;
    const blob = await preparePhoto(file);
    if (!blob) {
      void message.error(t('volunteers.hazard.photoTooLarge'));
      return;
    }
    const id = newClientId();
    setPhotos((ps) => [...ps, { key: `hazard-photo:${id}`, clientId: id, blob, url: URL.createObjectURL(blob) }]);
  };

  const submit = async (v: FormValues) => {
    if (!fix) {
      void message.error(t('volunteers.hazard.needPosition'));
      return;
    }
    setBusy(true);
    try {
      const res = await sendOrQueue<HazardDetail>(
        {
          id: clientId.current,
          kind: 'hazard',
          path: '/api/hazards',
          body: {
            clientId: clientId.current,
            category: v.category,
            title: v.title,
            description: v.description ?? '',
            lng: fix.lng,
            lat: fix.lat,
            at: new Date().toISOString(),
            ...(v.address?.trim() ? { address: v.address.trim() } : {}),
            ...(dutyId ? { dutyId } : {}),
          },
          photos: photos.map((p) => ({ key: p.key, clientId: p.clientId })),
        },
        photos.map((p) => ({ key: p.key, blob: p.blob })),
      );
      void qc.invalidateQueries({ queryKey: vkeys.all });
      if (res.queued) {
        void message.warning(t('volunteers.hazard.queued'), 6);
        navigate(dutyId ? `/volunteer/duty/${dutyId}` : '/volunteer/hazards');
      } else {
        void message.success(t('volunteers.hazard.submitted', { number: res.answer.number }), 6);
        navigate(dutyId ? `/volunteer/duty/${dutyId}` : `/volunteer/hazards/${res.answer.id}`);
      }
    } catch (err) {
      void message.error(errorText(err), 6);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PhoneShell
      title={t('volunteers.hazard.report')}
      back={dutyId ? `/volunteer/duty/${dutyId}` : '/volunteer/hazards'}
    >
      <Card className="vp-card">
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item
            name="category"
            label={t('volunteers.hazard.category')}
            rules={[{ required: true, message: t('volunteers.hazard.category') }]}
          >
            <Select
              data-testid="hz-category"
              options={HAZARD_CATEGORIES.map((c) => ({ value: c, label: t(`volunteers.hazardCategory.${c}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('volunteers.hazard.titleLabel')}
            rules={[{ required: true, min: 2, max: 100, message: t('volunteers.hazard.titlePlaceholder') }]}
          >
            <Input placeholder={t('volunteers.hazard.titlePlaceholder')} maxLength={100} data-testid="hz-title" />
          </Form.Item>
          <Form.Item name="description" label={t('volunteers.hazard.description')}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="hz-description" />
          </Form.Item>
          <Form.Item label={t('volunteers.hazard.position')} required>
            <Button icon={<AimOutlined />} loading={locating} onClick={() => void locate()} data-testid="hz-locate">
              {t('volunteers.hazard.locate')}
            </Button>
            <div className="vp-row-sub" style={{ marginTop: 6 }} data-testid="hz-located">
              {fix
                ? t('volunteers.hazard.located', {
                    lat: fix.lat.toFixed(5),
                    lng: fix.lng.toFixed(5),
                    acc: fix.accuracyM ?? '?',
                  })
                : t('volunteers.hazard.notLocated')}
            </div>
            {dutyRoute.data ? (
              <div style={{ marginTop: 8 }}>
                <RouteSketch
                  path={dutyRoute.data.routeShape.path}
                  checkpoints={dutyRoute.data.routeShape.checkpoints}
                  extra={fix ? [[fix.lng, fix.lat]] : []}
                  height={180}
                  onPick={(p) => setFix({ lng: p[0], lat: p[1], at: new Date().toISOString() })}
                  testId="hz-map"
                />
                <div className="vp-row-sub">{t('volunteers.hazard.mapHint')}</div>
              </div>
            ) : null}
          </Form.Item>
          <Form.Item name="address" label={t('volunteers.hazard.address')}>
            <Input placeholder={t('volunteers.hazard.addressPlaceholder')} maxLength={200} data-testid="hz-address" />
          </Form.Item>
          <Form.Item label={t('volunteers.hazard.photo')}>
            <Button icon={<CameraOutlined />} onClick={() => fileInput.current?.click()} data-testid="hz-add-photo">
              {t('volunteers.hazard.addPhoto')}
            </Button>
            <div className="vp-photo-thumbs" style={{ marginTop: 8 }}>
              {photos.map((p) => (
                <img key={p.key} src={p.url} alt="" data-testid="hz-photo-preview" />
              ))}
            </div>
            <input
              ref={fileInput}
              className="vp-hidden-input"
              type="file"
              accept="image/*"
              capture="environment"
              data-testid="hz-photo-input"
              onChange={(e) => {
                void addPhoto(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            className="vp-big-button"
            loading={busy}
            data-testid="hz-submit"
          >
            {t('volunteers.hazard.submit')}
          </Button>
        </Form>
      </Card>
    </PhoneShell>
  );
}
