import type { AlarmView } from '@fengqiao/contracts';
import { addCalendarDays, type CrsName, chinaDay, chinaInstant, mayTakeDuties, toWgs84 } from '@fengqiao/domain';
import { conflict, fieldError, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import { incidentNumbers } from '../incidents';
import { type AlarmRow, getAlarm, insertAlarm, listAlarms, setAlarmIncident } from './alarms.repository';
import type { VolunteersDeps } from './deps';
import type { DutyService } from './duty.service';
import type { VolunteerLive } from './notify';
import { getTeam, gridOfficer, isMember, memberIds } from './teams.repository';
import { gridsOf, reachOf } from './volunteers.policy';

/** The command-room category of a merchant alarm (治安警情): the operator re-classifies it on triage. */
export const ALARM_CATEGORY = 'public_order';

/**
 * The merchants' one-tap alarm (一键报警). In one transaction the alarm is
 * stored (once per client id) and every member of the group (and the grid's
 * officer) is notified; then the command room receives an urgent incident
 * through its intake, with an idempotency key derived from the alarm, and
 * the alarm is linked to it. A replay of the same tap returns the same
 * alarm and, if the incident could not be created the first time, retries
 * only that step — never a second alarm or a second incident.
 */
export class AlarmsService {
  constructor(
    private readonly p: Platform,
    private readonly deps: VolunteersDeps,
    private readonly duties: DutyService,
    private readonly live: VolunteerLive,
  ) {}

  private view(a: AlarmRow, notified: number, numbers: Map<string, string>): AlarmView {
    return {
      id: a.id,
      team: { id: a.team_id, name: a.team_name },
      raisedBy: { id: a.person_id, name: a.person_name, badgeNo: null, phone: a.person_phone },
      raisedAt: a.raised_at.toISOString(),
      point: a.lng !== null && a.lat !== null ? [a.lng, a.lat] : null,
      note: a.note,
      incidentId: a.incident_id,
      incidentNumber: a.incident_id ? (numbers.get(a.incident_id) ?? null) : null,
      notified,
    };
  }

  async raise(
    ctx: Ctx,
    b: {
      clientId: string;
      teamId: string;
      lng?: number | undefined;
      lat?: number | undefined;
      crs: CrsName;
      note: string;
      at?: string | undefined;
    },
  ): Promise<{ status: number; body: AlarmView }> {
    const me = await this.duties.me(ctx);
    const team = await getTeam(this.p.db, b.teamId);
    if (!team || team.station_id !== me.stationId || team.kind !== 'merchant_group' || !team.active)
      throw notFound('team');
    if (!(await isMember(this.p.db, team.id, me.personId)) && team.leader_person_id !== me.personId)
      throw notFound('team');
    if (!mayTakeDuties(me.profile.status))
      throw conflict('a suspended volunteer cannot raise alarms', 'volunteer_not_active');
    const now = this.p.clock.now();
    const raisedAt = b.at ? new Date(b.at) : now;
    if (raisedAt.getTime() > now.getTime() + 60_000)
      throw fieldError('body.at', 'in_future', 'the time is in the future');
    if (raisedAt.getTime() < now.getTime() - 24 * 3_600_000)
      throw fieldError('body.at', 'too_old', 'an alarm older than a day is not sent');
    const place = team.place_id ? (await this.deps.places(ctx)).find((p) => p.id === team.place_id) : undefined;
    const point: [number, number] | null =
      b.lng !== undefined && b.lat !== undefined
        ? (toWgs84([b.lng, b.lat], b.crs) as [number, number])
        : (place?.point ?? null);
    const members = await memberIds(this.p.db, team.id);

    const stored = await this.p.db.tx(async (tx) => {
      const a = await insertAlarm(tx, {
        stationId: team.station_id,
        teamId: team.id,
        personId: me.personId,
        userId: ctx.actor.userId,
        clientId: b.clientId,
        raisedAt,
        lng: point?.[0] ?? null,
        lat: point?.[1] ?? null,
        note: b.note,
        now,
      });
      if (!a.created) return { ...a, notified: 0 };
      const officer = await gridOfficer(tx, team.grid_id);
      const to = [...new Set([...members, ...(team.leader_person_id ? [team.leader_person_id] : [])])].filter(
        (x) => x !== me.personId,
      );
      for (const personId of to)
        await this.live.notify(tx, {
          stationId: team.station_id,
          personId,
          kind: 'group_alarm',
          title: `「${team.name}」一键报警：${ctx.actor.displayName}`,
          body: b.note || (place?.name ?? ''),
          refType: 'group_alarm',
          refId: a.id,
        });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'group_alarm.raise',
          resourceType: 'group_alarm',
          resourceId: a.id,
          details: { teamId: team.id, notified: to.length },
        },
        tx,
      );
      const payload = {
        alarmId: a.id,
        teamId: team.id,
        teamName: team.name,
        raisedBy: ctx.actor.displayName,
        at: raisedAt.toISOString(),
        point,
        incidentId: null,
      };
      tx.afterCommit(() => this.live.alarm(payload, team.station_id, [...to, ...(officer ? [officer] : [])]));
      return { ...a, notified: to.length };
    });

    let alarm = await getAlarm(this.p.db, stored.id);
    if (!alarm) throw notFound('alarm');
    if (!alarm.incident_id) {
      try {
        const result = await this.deps.intake.create(
          {
            stationId: team.station_id,
            userId: ctx.actor.userId,
            name: ctx.actor.displayName,
            audit: ctx.audit,
            volunteerOnly: true,
          },
          {
            source: 'volunteer',
            sourceRef: `group_alarm:${alarm.id}`,
            categoryCode: ALARM_CATEGORY,
            priority: 'urgent',
            summary: `商户联防一键报警：${team.name}`,
            description: [b.note, place ? `商圈：${place.name}` : '', `报警人：${ctx.actor.displayName}（义警）`]
              .filter(Boolean)
              .join('\n'),
            ...(place ? { address: place.name } : {}),
            ...(point ? { location: { lng: point[0], lat: point[1], crs: 'WGS84' as const } } : {}),
            persons: [],
            vehicles: [],
            reportedAt: raisedAt.toISOString(),
            dispatch: 'none',
          },
          { idempotencyKey: `group-alarm:${alarm.id}` },
        );
        await this.p.db.tx(async (tx) => {
          await setAlarmIncident(tx, stored.id, result.incidentId);
          await this.p.audit.record(
            ctx.audit,
            {
              action: 'group_alarm.incident',
              resourceType: 'group_alarm',
              resourceId: stored.id,
              details: { incidentId: result.incidentId, created: result.created },
            },
            tx,
          );
          tx.afterCommit(() =>
            this.live.alarm(
              {
                alarmId: stored.id,
                teamId: team.id,
                teamName: team.name,
                raisedBy: ctx.actor.displayName,
                at: raisedAt.toISOString(),
                point,
                incidentId: result.incidentId,
              },
              team.station_id,
              members,
            ),
          );
        });
      } catch (e) {
        // The group already has the alarm; the phone's replay of the same tap retries the incident.
        this.p.log.error(
          { err: e, alarmId: stored.id },
          'merchant alarm: the command-room incident could not be created',
        );
      }
      alarm = (await getAlarm(this.p.db, stored.id)) ?? alarm;
    }
    const numbers = await incidentNumbers(this.p.db, alarm.incident_id ? [alarm.incident_id] : []);
    return { status: stored.created ? 201 : 200, body: this.view(alarm, stored.notified, numbers) };
  }

  async list(ctx: Ctx, q: { from?: string | undefined; to?: string | undefined }): Promise<AlarmView[]> {
    const reach = reachOf(ctx.actor);
    const today = chinaDay(this.p.clock.now());
    const from = q.from ?? addCalendarDays(today, -90);
    const to = q.to ?? today;
    const rows = await listAlarms(this.p.db, {
      stationId: reach.stationId,
      from: chinaInstant(from, '00:00'),
      to: chinaInstant(addCalendarDays(to, 1), '00:00'),
      withinGrids: gridsOf(reach),
    });
    const numbers = await incidentNumbers(
      this.p.db,
      rows.flatMap((r) => (r.incident_id ? [r.incident_id] : [])),
    );
    return rows.map((a) => this.view(a, 0, numbers));
  }
}
