import type { DutyView } from '@fengqiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Popconfirm, Skeleton, Switch, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import { api } from '../../../api/client';
import { ErrorAlert } from '../../../shared/errors';
import { useVolunteerErrorText } from '../errors';
import { newClientId, shiftWindow } from '../format';
import { type ShiftView, useMyShifts, useMyVolunteer, vkeys } from '../queries';
import { PhoneShell } from './PhoneShell';

/**
 * Open shifts of the volunteer's teams for the next two weeks. A full shift
 * or one needing a certificate the volunteer lacks says so before the tap;
 * the server decides anyway (a race for the last place gets its message).
 */
export default function ShiftsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const errorText = useVolunteerErrorText();
  const shifts = useMyShifts();
  const me = useMyVolunteer();
  const [onlyOpen, setOnlyOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const validCourses = useMemo(
    () => new Set((me.data?.certificates ?? []).filter((c) => c.valid).map((c) => c.courseId)),
    [me.data],
  );
  const list = (shifts.data ?? []).filter(
    (s) => s.status === 'open' && (!onlyOpen || s.myDutyId || s.claimed < s.capacity),
  );

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: vkeys.me });
    void qc.invalidateQueries({ queryKey: vkeys.myShifts });
  };

  const claim = async (s: ShiftView) => {
    setBusy(s.id);
    try {
      await api.post<z.infer<typeof DutyView>>(`/api/me/volunteer/shifts/${s.id}/claim`, { clientId: newClientId() });
      void message.success(t('volunteers.shifts.claimOk'));
      refresh();
    } catch (err) {
      void message.error(errorText(err), 6);
      refresh();
    } finally {
      setBusy(null);
    }
  };

  const unclaim = async (s: ShiftView) => {
    setBusy(s.id);
    try {
      await api.post(`/api/me/volunteer/shifts/${s.id}/unclaim`, { clientId: newClientId() });
      void message.success(t('volunteers.shifts.unclaimOk'));
      refresh();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <PhoneShell
      title={t('volunteers.shifts.title')}
      back="/volunteer"
      unread={me.data?.unreadNotifications}
      extra={
        <span className="vp-row-sub">
          {t('volunteers.shifts.onlyOpen')} <Switch size="small" checked={onlyOpen} onChange={setOnlyOpen} />
        </span>
      }
    >
      <div className="vp-row-sub">{t('volunteers.shifts.subtitle')}</div>
      {shifts.isLoading ? <Skeleton active /> : null}
      {shifts.error ? <ErrorAlert error={shifts.error} onRetry={() => void shifts.refetch()} /> : null}
      {shifts.data && list.length === 0 ? <Empty description={t('volunteers.shifts.empty')} /> : null}
      {list.map((s) => {
        const full = s.claimed >= s.capacity && !s.myDutyId;
        const missingCert = s.requiredCourse && !validCourses.has(s.requiredCourse.id) && !s.myDutyId;
        return (
          <Card className="vp-card" key={s.id} data-testid="vp-shift" data-shift-id={s.id}>
            <div className="vp-card-title">
              <span>
                {shiftWindow(s.startsAt, s.endsAt)} {t(`volunteers.dutyKind.${s.kind}`)}
              </span>
              <Tag color={full ? 'red' : 'blue'}>
                {full
                  ? t('volunteers.shifts.full')
                  : t('volunteers.shifts.places', { claimed: s.claimed, capacity: s.capacity })}
              </Tag>
            </div>
            <div className="vp-row-sub">
              {s.teamName} · {s.routeName}
            </div>
            {s.requiredCourse ? (
              <div className="vp-row-sub">{t('volunteers.shifts.needs', { course: s.requiredCourse.name })}</div>
            ) : null}
            {s.note ? <div className="vp-row-sub">{s.note}</div> : null}
            {missingCert && s.requiredCourse ? (
              <div className="vp-row-sub" style={{ color: '#cf1322' }} data-testid="vp-shift-missing-cert">
                {t('volunteers.shifts.missingCert', { course: s.requiredCourse.name })}
              </div>
            ) : null}
            <div style={{ marginTop: 10, display: 'flex', gap: 8 }}>
              {s.myDutyId ? (
                <>
                  <Button
                    type="primary"
                    onClick={() => navigate(`/volunteer/duty/${s.myDutyId}`)}
                    data-testid="vp-shift-open"
                  >
                    {t('volunteers.home.openDuty')}
                  </Button>
                  <Popconfirm title={t('volunteers.shifts.unclaimConfirm')} onConfirm={() => void unclaim(s)}>
                    <Button loading={busy === s.id}>{t('volunteers.shifts.unclaim')}</Button>
                  </Popconfirm>
                </>
              ) : (
                <Button
                  type="primary"
                  disabled={full || Boolean(missingCert)}
                  loading={busy === s.id}
                  onClick={() => void claim(s)}
                  data-testid="vp-shift-claim"
                >
                  {full ? t('volunteers.shifts.full') : t('volunteers.shifts.claim')}
                </Button>
              )}
            </div>
          </Card>
        );
      })}
    </PhoneShell>
  );
}
