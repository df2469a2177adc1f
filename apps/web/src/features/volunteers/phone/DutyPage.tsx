import { CameraOutlined, CheckCircleFilled, EnvironmentOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, InputNumber, Skeleton, Space, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../../shared/errors';
import { useVolunteerErrorText, volunteerCode } from '../errors';
import { checkInOpen, hhmm, newClientId, shiftWindow } from '../format';
import { type Fix, fixForAction } from '../geo';
import { sendOrQueue } from '../offline/outbox';
import { canScanQr, preparePhoto, readQr } from '../photo';
import { type DutyDetail, type DutyView, useMyDuty, vkeys } from '../queries';
import { RouteSketch } from '../RouteSketch';
import { HoursCard } from './HoursCard';
import { PhoneShell } from './PhoneShell';
import { useDutyTrack } from './useDutyTrack';

interface PassResult {
  checkpointId: string;
  name: string;
  firstPass: boolean;
}

/**
 * The duty screen: check in with the phone's position, a live track while
 * on duty, checkpoints passed by position or by their QR code, photos,
 * the school post's headcount, and the check-out with the hours computed
 * from all of it. Every write goes through the outbox, so a lost
 * connection only delays it; what waits is shown as done-but-pending.
 */
export default function DutyPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const errorText = useVolunteerErrorText();
  const duty = useMyDuty(id);
  const d = duty.data;
  const [busy, setBusy] = useState<string | null>(null);
  // Writes queued offline: shown as done, marked pending, until the server has them.
  const [queuedCheckIn, setQueuedCheckIn] = useState(false);
  const [queuedCheckOut, setQueuedCheckOut] = useState(false);
  const [queuedPasses, setQueuedPasses] = useState<Set<string>>(new Set());
  const [localPhotos, setLocalPhotos] = useState(0);
  const [qr, setQr] = useState('');
  const [served, setServed] = useState<number | null>(null);
  const photoInput = useRef<HTMLInputElement>(null);
  const qrInput = useRef<HTMLInputElement>(null);
  const photoCheckpoint = useRef<string | null>(null);

  const status = queuedCheckOut ? 'checked_out' : queuedCheckIn && d?.status === 'claimed' ? 'checked_in' : d?.status;
  const onDuty = status === 'checked_in';

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: vkeys.myDuty(id) });
    void qc.invalidateQueries({ queryKey: vkeys.me });
  };
  const track = useDutyTrack(id, onDuty, (r) => {
    for (const p of r?.newPasses ?? []) void message.success(t('volunteers.duty.passOk', { name: p.name }));
    if (r?.newPasses?.length) refresh();
  });

  const withFix = async (what: string, fn: (fix: Fix) => Promise<void>, preferRecentMs = 0) => {
    setBusy(what);
    try {
      const fix = await fixForAction(track.lastFix(), { preferRecentMs });
      track.setPosition([fix.lng, fix.lat]);
      await fn(fix);
    } catch (err) {
      void message.error(errorText(err), 6);
    } finally {
      setBusy(null);
    }
  };

  const checkIn = (acknowledgeFar = false) =>
    withFix('checkIn', async (fix) => {
      const clientId = newClientId();
      try {
        const res = await sendOrQueue<DutyView>({
          id: clientId,
          kind: 'check_in',
          dutyId: id,
          path: `/api/me/volunteer/duties/${id}/check-in`,
          body: { clientId, ...fix, acknowledgeFar },
        });
        if (res.queued) {
          setQueuedCheckIn(true);
          void message.warning(t('volunteers.outbox.queued'));
        } else void message.success(t('volunteers.duty.checkInOk'));
        track.add(fix);
        refresh();
      } catch (err) {
        if (volunteerCode(err) === 'far_from_route' && d) {
          const m = /(\d+)/.exec((err as { fields?: { message: string }[] }).fields?.[0]?.message ?? '')?.[1] ?? '?';
          modal.confirm({
            title: t('volunteers.duty.farTitle', { m }),
            content: t('volunteers.duty.farBody', { corridor: d.routeShape.corridorM }),
            okText: t('volunteers.duty.farConfirm'),
            cancelText: t('volunteers.common.cancel'),
            onOk: () => void checkIn(true),
          });
          return;
        }
        throw err;
      }
    });

  const passHere = (checkpointId: string) =>
    withFix(`pass:${checkpointId}`, async (fix) => {
      const clientId = newClientId();
      track.add(fix);
      const res = await sendOrQueue<PassResult>({
        id: clientId,
        kind: 'pass',
        dutyId: id,
        path: `/api/me/volunteer/duties/${id}/passes`,
        body: { clientId, checkpointId, ...fix },
      });
      afterPass(checkpointId, res);
    });

  const afterPass = (checkpointId: string, res: { queued: true } | { queued: false; answer: PassResult }) => {
    if (res.queued) {
      setQueuedPasses((s) => new Set(s).add(checkpointId));
      void message.warning(t('volunteers.duty.passQueued'));
    } else {
      void message.success(
        res.answer.firstPass
          ? t('volunteers.duty.passOk', { name: res.answer.name })
          : t('volunteers.duty.passAlready', { name: res.answer.name }),
      );
      refresh();
    }
  };

  const passQr = async (token: string) => {
    const qrToken = token.trim();
    if (!qrToken) return;
    setBusy('qr');
    const clientId = newClientId();
    try {
      const res = await sendOrQueue<PassResult>({
        id: clientId,
        kind: 'pass',
        dutyId: id,
        path: `/api/me/volunteer/duties/${id}/passes`,
        body: { clientId, qrToken, at: new Date().toISOString() },
      });
      if (res.queued) {
        void message.warning(t('volunteers.duty.passQueued'));
      } else afterPass(res.answer.checkpointId, res);
      setQr('');
    } catch (err) {
      void message.error(errorText(err), 6);
    } finally {
      setBusy(null);
    }
  };

  const scanQr = async (file: File | undefined) => {
    if (!file) return;
    const text = await readQr(file).catch(() => null);
    if (text) await passQr(text);
    else void message.warning(t('volunteers.duty.qrNotFound'));
  };

  const takePhoto = (checkpointId: string | null) => {
    photoCheckpoint.current = checkpointId;
    photoInput.current?.click();
  };

  const uploadPhoto = async (file: File | undefined) => {
    if (!file) return;
    const blob = await preparePhoto(file);
    if (!blob) {
      void message.error(t('volunteers.hazard.photoTooLarge'));
      return;
    }
    setBusy('photo');
    const clientId = newClientId();
    const checkpointId = photoCheckpoint.current;
    try {
      const res = await sendOrQueue(
        {
          id: clientId,
          kind: 'photo',
          dutyId: id,
          path: `/api/me/volunteer/duties/${id}/photos`,
          query: { clientId, takenAt: new Date().toISOString(), ...(checkpointId ? { checkpointId } : {}) },
          photos: [{ key: `duty-photo:${clientId}`, clientId }],
        },
        [{ key: `duty-photo:${clientId}`, blob }],
      );
      if (res.queued) {
        setLocalPhotos((n) => n + 1);
        void message.warning(t('volunteers.duty.photoQueued'));
      } else {
        void message.success(t('volunteers.duty.photoOk'));
        refresh();
      }
    } catch (err) {
      void message.error(errorText(err), 6);
    } finally {
      setBusy(null);
    }
  };

  const saveServed = async () => {
    if (served === null) return;
    setBusy('served');
    const clientId = newClientId();
    try {
      const res = await sendOrQueue({
        id: clientId,
        kind: 'served',
        dutyId: id,
        path: `/api/me/volunteer/duties/${id}/served`,
        body: { clientId, servedCount: served },
      });
      void message[res.queued ? 'warning' : 'success'](
        res.queued ? t('volunteers.outbox.queued') : t('volunteers.common.saved'),
      );
      if (!res.queued) refresh();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const checkOut = () =>
    modal.confirm({
      title: t('volunteers.duty.checkOutConfirm'),
      okText: t('volunteers.duty.checkOut'),
      cancelText: t('volunteers.common.cancel'),
      onOk: () =>
        withFix(
          'checkOut',
          async (fix) => {
            const clientId = newClientId();
            const points = track.take();
            const res = await sendOrQueue<DutyView>({
              id: clientId,
              kind: 'check_out',
              dutyId: id,
              path: `/api/me/volunteer/duties/${id}/check-out`,
              body: {
                clientId,
                ...fix,
                points,
                ...(d?.kind === 'school_post' && served !== null ? { servedCount: served } : {}),
              },
            });
            if (res.queued) {
              setQueuedCheckOut(true);
              void message.warning(t('volunteers.duty.checkOutQueued'));
            } else void message.success(t('volunteers.duty.checkOutOk'));
            refresh();
          },
          20_000,
        ),
    });

  if (duty.isLoading)
    return (
      <PhoneShell title={t('volunteers.duty.title')} back="/volunteer">
        <Skeleton active />
      </PhoneShell>
    );
  if (!d)
    return (
      <PhoneShell title={t('volunteers.duty.title')} back="/volunteer">
        {duty.error ? <ErrorAlert error={duty.error} onRetry={() => void duty.refetch()} /> : null}
      </PhoneShell>
    );

  const passedIds = new Set([...d.passes.map((p) => p.checkpointId), ...queuedPasses]);
  const canCheckIn = checkInOpen(d.startsAt, d.endsAt, new Date());
  const trackPts: [number, number][] = d.track.map((p) => [p.lng, p.lat]);

  return (
    <PhoneShell title={`${t(`volunteers.dutyKind.${d.kind}`)} · ${d.route.name}`} back="/volunteer">
      <Card className="vp-card" data-testid="vp-duty" data-status={status}>
        <div className="vp-card-title">
          <span>{shiftWindow(d.startsAt, d.endsAt)}</span>
          <Tag color={onDuty ? 'green' : status === 'checked_out' ? 'default' : 'blue'} data-testid="vp-duty-status">
            {t(`volunteers.dutyStatus.${status ?? d.status}`)}
          </Tag>
        </div>
        <div className="vp-row-sub">
          {d.team.name}
          {d.checkInAt ? ` · ${t('volunteers.duty.checkedIn', { time: hhmm(d.checkInAt) })}` : ''}
        </div>
        {d.flags.map((f) => (
          <Tag key={f} color="orange" style={{ marginTop: 6 }}>
            {t(`volunteers.flag.${f}` as 'volunteers.flag.far_check_in')}
          </Tag>
        ))}
        <div style={{ marginTop: 10 }}>
          <RouteSketch
            path={d.routeShape.path}
            checkpoints={d.routeShape.checkpoints.map((c) => ({ ...c, passed: passedIds.has(c.id) }))}
            track={trackPts}
            position={track.position}
            testId="vp-duty-map"
          />
        </div>
        {onDuty ? (
          <div className="vp-row-sub" style={{ marginTop: 6 }} data-testid="vp-tracking">
            <EnvironmentOutlined /> {t('volunteers.duty.tracking')} ·{' '}
            {t('volunteers.duty.trackPoints', { n: d.track.length + track.recorded })}
          </div>
        ) : null}
      </Card>

      {status === 'claimed' ? (
        <Card className="vp-card">
          <Button
            type="primary"
            block
            className="vp-big-button"
            disabled={!canCheckIn}
            loading={busy === 'checkIn'}
            onClick={() => void checkIn()}
            data-testid="vp-check-in"
          >
            {busy === 'checkIn' ? t('volunteers.duty.locating') : t('volunteers.duty.checkIn')}
          </Button>
          <div className="vp-row-sub" style={{ marginTop: 8 }}>
            {canCheckIn ? t('volunteers.duty.checkInHint') : t('volunteers.duty.notYet')}
          </div>
        </Card>
      ) : null}

      {d.routeShape.checkpoints.length > 0 ? (
        <Card className="vp-card">
          <div className="vp-card-title">
            {t('volunteers.duty.checkpoints')}
            <span className="vp-row-sub">
              {t('volunteers.common.checkpoints', { passed: passedIds.size, total: d.routeShape.checkpoints.length })}
            </span>
          </div>
          {d.routeShape.checkpoints.map((c, i) => {
            const pass = d.passes.find((p) => p.checkpointId === c.id);
            const done = passedIds.has(c.id);
            return (
              <div className="vp-checkpoint" key={c.id} data-testid="vp-checkpoint" data-passed={done}>
                <div className="vp-row-main">
                  <div className={done ? 'vp-row-title vp-checkpoint-done' : 'vp-row-title'}>
                    {done ? <CheckCircleFilled /> : `${i + 1}.`} {c.name}
                  </div>
                  <div className="vp-row-sub">
                    {pass
                      ? `${t('volunteers.duty.passed', { time: hhmm(pass.passedAt) })} · ${t(`volunteers.duties.method.${pass.method}`)}`
                      : done
                        ? t('volunteers.duty.passQueued')
                        : c.hasQr
                          ? t('volunteers.duty.passByQr')
                          : null}
                  </div>
                </div>
                {onDuty ? (
                  <Space size={4}>
                    <Button
                      size="small"
                      icon={<CameraOutlined />}
                      aria-label={t('volunteers.duty.photoAt', { name: c.name })}
                      onClick={() => takePhoto(c.id)}
                      data-testid="vp-checkpoint-photo"
                    />
                    {!done ? (
                      <Button
                        size="small"
                        type="primary"
                        loading={busy === `pass:${c.id}`}
                        onClick={() => void passHere(c.id)}
                        data-testid="vp-pass-here"
                      >
                        {t('volunteers.duty.passHere')}
                      </Button>
                    ) : null}
                  </Space>
                ) : null}
              </div>
            );
          })}
          {onDuty ? (
            <div style={{ marginTop: 10 }}>
              <div className="vp-row-sub">{t('volunteers.duty.qrLabel')}</div>
              <Space.Compact style={{ width: '100%', marginTop: 4 }}>
                <Input
                  value={qr}
                  onChange={(e) => setQr(e.target.value)}
                  placeholder={t('volunteers.duty.qrPlaceholder')}
                  onPressEnter={() => void passQr(qr)}
                  data-testid="vp-qr-input"
                />
                {canScanQr() ? (
                  <Button icon={<QrcodeOutlined />} onClick={() => qrInput.current?.click()}>
                    {t('volunteers.duty.qrScan')}
                  </Button>
                ) : null}
                <Button
                  type="primary"
                  loading={busy === 'qr'}
                  onClick={() => void passQr(qr)}
                  data-testid="vp-qr-submit"
                >
                  {t('volunteers.duty.qrSubmit')}
                </Button>
              </Space.Compact>
            </div>
          ) : null}
        </Card>
      ) : null}

      {onDuty ? (
        <Card className="vp-card">
          <Space wrap>
            <Button
              icon={<CameraOutlined />}
              loading={busy === 'photo'}
              onClick={() => takePhoto(null)}
              data-testid="vp-photo"
            >
              {t('volunteers.duty.photoGeneral')}
            </Button>
            <Button onClick={() => navigate(`/volunteer/hazards/new?dutyId=${id}`)} data-testid="vp-duty-hazard">
              {t('volunteers.duty.reportHazard')}
            </Button>
          </Space>
          <div className="vp-row-sub" style={{ marginTop: 8 }} data-testid="vp-photo-count">
            {t('volunteers.duty.photos', { n: d.photos.length + localPhotos })}
          </div>
        </Card>
      ) : null}

      {d.kind === 'school_post' && (onDuty || status === 'checked_out') ? (
        <Card className="vp-card">
          <div className="vp-card-title">{t('volunteers.duty.served')}</div>
          <div className="vp-row-sub">{t('volunteers.duty.servedHint')}</div>
          <Space.Compact style={{ marginTop: 8 }}>
            <InputNumber
              min={0}
              max={5000}
              value={served ?? d.servedCount}
              onChange={(v) => setServed(v ?? null)}
              data-testid="vp-served"
            />
            <Button loading={busy === 'served'} onClick={() => void saveServed()}>
              {t('volunteers.duty.servedSave')}
            </Button>
          </Space.Compact>
        </Card>
      ) : null}

      {onDuty ? (
        <Button
          danger
          block
          className="vp-big-button"
          loading={busy === 'checkOut'}
          onClick={checkOut}
          data-testid="vp-check-out"
        >
          {t('volunteers.duty.checkOut')}
        </Button>
      ) : null}

      {status === 'checked_out' ? (
        <HoursCard duty={d as DutyDetail} queued={queuedCheckOut} lang={i18n.language} />
      ) : null}
      {status === 'released' ? <Card className="vp-card">{t('volunteers.duty.released')}</Card> : null}

      <input
        ref={photoInput}
        className="vp-hidden-input"
        type="file"
        accept="image/*"
        capture="environment"
        data-testid="vp-photo-input"
        onChange={(e) => {
          void uploadPhoto(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      <input
        ref={qrInput}
        className="vp-hidden-input"
        type="file"
        accept="image/*"
        capture="environment"
        onChange={(e) => {
          void scanQr(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
    </PhoneShell>
  );
}
