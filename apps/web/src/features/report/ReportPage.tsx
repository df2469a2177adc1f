import { AimOutlined, CameraOutlined, CheckCircleFilled, CopyOutlined, DeleteOutlined } from '@ant-design/icons';
import type { JurisdictionOutline } from '@fengqiao/contracts';
import { Alert, App, Button, Form, Input, Result, Select, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { request } from '../../api/client';
import { useConfig, useOpen311Services } from '../../api/queries';
import { ErrorAlert, useErrorText } from '../../shared/errors';
import { newIdempotencyKey } from '../command/command-data';
import { gridAt, useJurisdiction } from './jurisdiction';
import { PickMap } from './PickMap';
import { ReportShell } from './ReportShell';
import './report.css';

type LngLat = [number, number];

interface ReportValues {
  service_code?: string;
  address_string?: string;
  description?: string;
  name?: string;
  phone?: string;
}

interface Located {
  point: LngLat;
  accuracy: number | null;
  how: 'gps' | 'map';
}

/** Which police grid the marked point is in, or that it is outside the jurisdiction. */
function GridOfPoint({ outline, point }: { outline: JurisdictionOutline; point: LngLat }) {
  const { t } = useTranslation();
  const grid = gridAt(outline, point);
  return grid ? (
    <div className="fq-report-grid" data-testid="report-grid" data-code={grid.code}>
      {t('commandRoom.report.gridAt', { name: grid.name })}
    </div>
  ) : (
    <Alert type="info" showIcon title={t('commandRoom.report.outsideHint')} data-testid="report-outside" />
  );
}

/**
 * `/report`: a resident's report without an account, through the station's
 * Open311 GeoReport v2 endpoint: category, location (the browser's, or a tap
 * on the map where base tiles are configured), address, description,
 * optional name, phone and photo. Afterwards the request id and a link to
 * follow it.
 */
export default function ReportPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const services = useOpen311Services(i18n.language);
  const config = useConfig();
  const outline = useJurisdiction();
  const [form] = Form.useForm<ReportValues>();
  const [located, setLocated] = useState<Located | null>(null);
  const [locating, setLocating] = useState(false);
  const [locateError, setLocateError] = useState<string | null>(null);
  const [photo, setPhoto] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const keyRef = useRef(newIdempotencyKey());
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!photo) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(photo);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [photo]);

  const options = useMemo(() => {
    const groups = new Map<string, { value: string; label: string }[]>();
    for (const s of services.data ?? []) {
      const g = s.group || t('report.otherGroup');
      groups.set(g, [...(groups.get(g) ?? []), { value: s.service_code, label: s.service_name }]);
    }
    return [...groups].map(([label, opts]) => ({ label, title: label, options: opts }));
  }, [services.data, t]);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocateError(t('report.noGeolocation'));
      return;
    }
    setLocating(true);
    setLocateError(null);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setLocated({
          point: [Number(pos.coords.longitude.toFixed(6)), Number(pos.coords.latitude.toFixed(6))],
          accuracy: Number.isFinite(pos.coords.accuracy) ? Math.round(pos.coords.accuracy) : null,
          how: 'gps',
        });
        form.setFields([{ name: 'address_string', errors: [] }]);
      },
      (err) => {
        setLocating(false);
        setLocateError(err.code === err.PERMISSION_DENIED ? t('report.locationDenied') : t('report.locationFailed'));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const submit = async (v: ReportValues) => {
    if (!v.service_code || !v.description) return;
    const body = new FormData();
    body.set('service_code', v.service_code);
    body.set('description', v.description.trim());
    if (located) {
      body.set('lat', String(located.point[1]));
      body.set('long', String(located.point[0]));
    }
    if (v.address_string?.trim()) body.set('address_string', v.address_string.trim());
    if (v.name?.trim()) body.set('first_name', v.name.trim());
    if (v.phone?.trim()) body.set('phone', v.phone.trim());
    if (photo) body.set('media', photo, photo.name);
    setSending(true);
    setSendError(null);
    try {
      const res = await request<{ service_request_id: string }[]>('/open311/v2/requests.json', {
        method: 'POST',
        form: body,
        headers: { 'Idempotency-Key': keyRef.current },
      });
      const id = res[0]?.service_request_id;
      if (!id) throw new Error('no request id');
      setDone(id);
      keyRef.current = newIdempotencyKey();
      window.scrollTo({ top: 0 });
    } catch (e) {
      setSendError(errorText(e));
    } finally {
      setSending(false);
    }
  };

  if (done) {
    const link = `/report/${done}`;
    return (
      <ReportShell>
        <Result
          status="success"
          icon={<CheckCircleFilled />}
          title={t('report.thanks')}
          subTitle={t('report.thanksHint')}
          className="fq-report-result"
          extra={
            <div className="fq-report-id-box">
              <div className="fq-muted">{t('report.requestId')}</div>
              <div className="fq-report-id" data-testid="report-id">
                {done}
              </div>
              <Button
                icon={<CopyOutlined />}
                onClick={() =>
                  void navigator.clipboard
                    ?.writeText(`${window.location.origin}${link}`)
                    .then(() => message.success(t('app.copied')))
                    .catch(() => undefined)
                }
              >
                {t('report.copyLink')}
              </Button>
              <Link to={link} data-testid="report-follow">
                <Button type="primary" size="large" block>
                  {t('report.follow')}
                </Button>
              </Link>
              <Button
                type="link"
                onClick={() => {
                  setDone(null);
                  setPhoto(null);
                  setLocated(null);
                  form.resetFields();
                }}
              >
                {t('report.another')}
              </Button>
            </div>
          }
        />
      </ReportShell>
    );
  }

  return (
    <ReportShell>
      <Typography.Title level={3} className="fq-report-title">
        {t('report.title')}
      </Typography.Title>
      <Alert type="warning" showIcon title={t('report.emergency')} className="fq-report-emergency" />
      {services.isError ? <ErrorAlert error={services.error} onRetry={() => void services.refetch()} /> : null}
      <Form<ReportValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void submit(v)}
        size="large"
      >
        <Form.Item
          name="service_code"
          label={t('report.category')}
          rules={[{ required: true, message: t('report.categoryRequired') }]}
        >
          <Select
            options={options}
            loading={services.isPending}
            placeholder={t('report.categoryPlaceholder')}
            data-testid="report-category"
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>

        <Form.Item label={t('report.location')} required={false}>
          <div className="fq-report-locate">
            <Button icon={<AimOutlined />} onClick={locate} loading={locating} data-testid="report-locate" block>
              {located?.how === 'gps' ? t('report.relocate') : t('report.useLocation')}
            </Button>
            {located ? (
              <div className="fq-report-located" data-testid="report-located">
                {t('report.located', { lat: located.point[1].toFixed(5), lon: located.point[0].toFixed(5) })}
                {located.accuracy !== null ? ` · ${t('report.accuracy', { m: located.accuracy })}` : ''}
              </div>
            ) : null}
            {locateError ? <Alert type="warning" showIcon title={locateError} /> : null}
          </div>
          {config.data?.mapTileUrl || outline.data ? (
            <>
              <div className="fq-muted fq-report-map-hint">
                {outline.data ? t('commandRoom.report.outlineHint') : t('report.mapHint')}
              </div>
              <PickMap
                tileUrl={config.data?.mapTileUrl ?? null}
                attribution={config.data?.mapTileAttribution ?? null}
                outline={outline.data ?? null}
                point={located?.point ?? null}
                onPick={(p) => setLocated({ point: p, accuracy: null, how: 'map' })}
              />
              {outline.data && located ? <GridOfPoint outline={outline.data} point={located.point} /> : null}
            </>
          ) : null}
        </Form.Item>

        <Form.Item
          name="address_string"
          label={t('report.address')}
          extra={t('report.addressHint')}
          rules={[
            {
              validator: async (_r, v: string | undefined) => {
                if (!located && !v?.trim()) throw new Error(t('report.locationRequired'));
              },
            },
            { max: 200 },
          ]}
        >
          <Input placeholder={t('report.addressPlaceholder')} data-testid="report-address" />
        </Form.Item>

        <Form.Item
          name="description"
          label={t('report.description')}
          rules={[
            { required: true, message: t('report.descriptionRequired') },
            { min: 4, message: t('report.descriptionRequired') },
            { max: 4000 },
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 4, maxRows: 10 }}
            placeholder={t('report.descriptionPlaceholder')}
            data-testid="report-description"
          />
        </Form.Item>

        <Form.Item label={t('report.photo')} extra={t('report.photoHint')}>
          <input
            ref={fileRef}
            type="file"
            accept="image/*"
            capture="environment"
            style={{ display: 'none' }}
            data-testid="report-photo-input"
            onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
          />
          {preview ? (
            <div className="fq-report-photo">
              <img src={preview} alt={t('report.photo')} data-testid="report-photo-preview" />
              <Button
                icon={<DeleteOutlined />}
                onClick={() => {
                  setPhoto(null);
                  if (fileRef.current) fileRef.current.value = '';
                }}
              >
                {t('report.removePhoto')}
              </Button>
            </div>
          ) : (
            <Button icon={<CameraOutlined />} onClick={() => fileRef.current?.click()} block data-testid="report-photo">
              {t('report.addPhoto')}
            </Button>
          )}
        </Form.Item>

        <div className="fq-report-row">
          <Form.Item name="name" label={t('report.name')}>
            <Input maxLength={32} autoComplete="name" data-testid="report-name" />
          </Form.Item>
          <Form.Item name="phone" label={t('report.phone')}>
            <Input maxLength={32} inputMode="tel" autoComplete="tel" data-testid="report-phone" />
          </Form.Item>
        </div>
        <div className="fq-muted fq-report-privacy">{t('report.privacy')}</div>
        {sendError ? (
          <Alert type="error" showIcon title={sendError} className="fq-report-error" data-testid="report-error" />
        ) : null}
        <Button type="primary" htmlType="submit" block size="large" loading={sending} data-testid="report-submit">
          {t('report.submit')}
        </Button>
      </Form>
    </ReportShell>
  );
}
