import {
  AlarmView,
  ApplicationBody,
  AttendanceBody,
  CertificateListQuery,
  CertificateView,
  CourseBody,
  CourseView,
  HoursQuery,
  HoursRows,
  LeaderboardQuery,
  LeaderboardView,
  PeriodQuery,
  PointRulesBody,
  PointRuleView,
  PointsLedgerView,
  pageOf,
  RevokeBody,
  ShopsBody,
  TeamCreateBody,
  TeamDetail,
  TeamListQuery,
  TeamMemberBody,
  TeamPatch,
  TeamSummary,
  TrainingSessionBody,
  TrainingSessionListQuery,
  TrainingSessionView,
  Uuid,
  VettingBody,
  VolunteerDetail,
  VolunteerIndicators,
  VolunteerIndicatorsQuery,
  VolunteerListQuery,
  VolunteerPatch,
  VolunteerStatusBody,
  VolunteerSummary,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/platform';
import type { AlarmsService } from './alarms.service';
import type { IndicatorsService } from './indicators.service';
import type { PointsService } from './points.service';
import type { RosterService } from './roster.service';
import type { TeamsService } from './teams.service';
import type { TrainingService } from './training.service';
import { reachesGrid, reachOf } from './volunteers.policy';

const IdParam = z.object({ id: Uuid });

export interface RosterRouteDeps {
  roster: RosterService;
  teams: TeamsService;
  training: TrainingService;
  points: PointsService;
  indicators: IndicatorsService;
  alarms: AlarmsService;
  today: () => string;
}

/** Officers' side: /api/volunteers… (roster, teams, training, points, indicators, alarms). */
export function rosterRoutes(d: RosterRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    // ---------------------------------------------------------------- roster
    app.get(
      '/api/volunteers',
      {
        config: { policy: 'volunteers.read' },
        schema: { querystring: VolunteerListQuery, response: { 200: pageOf(VolunteerSummary) } },
      },
      async (req) => d.roster.list(ctxOf(req), req.query),
    );
    app.post(
      '/api/volunteers',
      {
        config: { policy: 'volunteers.manage' },
        schema: { body: ApplicationBody, response: { 201: VolunteerDetail } },
      },
      async (req, reply) => {
        const v = await d.roster.apply(ctxOf(req), req.body);
        reply.status(201);
        return v;
      },
    );
    app.get(
      '/api/volunteers/:id',
      { config: { policy: 'volunteers.read' }, schema: { params: IdParam, response: { 200: VolunteerDetail } } },
      async (req) => d.roster.detail(ctxOf(req), req.params.id),
    );
    app.patch(
      '/api/volunteers/:id',
      {
        config: { policy: 'volunteers.manage' },
        schema: { params: IdParam, body: VolunteerPatch, response: { 200: VolunteerDetail } },
      },
      async (req) => d.roster.patch(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/volunteers/:id/vetting',
      {
        config: { policy: 'volunteers.manage' },
        schema: { params: IdParam, body: VettingBody, response: { 200: VolunteerDetail } },
      },
      async (req) => d.roster.vet(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/volunteers/:id/status',
      {
        config: { policy: 'volunteers.manage' },
        schema: { params: IdParam, body: VolunteerStatusBody, response: { 200: VolunteerDetail } },
      },
      async (req) => d.roster.setStatus(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/api/volunteers/:id/points',
      { config: { policy: 'volunteers.read' }, schema: { params: IdParam, response: { 200: PointsLedgerView } } },
      async (req) => d.points.ledger(ctxOf(req), req.params.id),
    );

    // ---------------------------------------------------------------- teams
    app.get(
      '/api/volunteers/teams',
      {
        config: { policy: 'volunteers.read' },
        schema: { querystring: TeamListQuery, response: { 200: z.array(TeamSummary) } },
      },
      async (req) => d.teams.list(ctxOf(req), req.query),
    );
    app.post(
      '/api/volunteers/teams',
      { config: { policy: 'volunteers.manage' }, schema: { body: TeamCreateBody, response: { 201: TeamDetail } } },
      async (req, reply) => {
        const t = await d.teams.create(ctxOf(req), req.body);
        reply.status(201);
        return t;
      },
    );
    app.get(
      '/api/volunteers/teams/:id',
      { config: { policy: 'volunteers.read' }, schema: { params: IdParam, response: { 200: TeamDetail } } },
      async (req) => d.teams.detail(ctxOf(req), req.params.id),
    );
    app.patch(
      '/api/volunteers/teams/:id',
      {
        config: { policy: 'volunteers.manage' },
        schema: { params: IdParam, body: TeamPatch, response: { 200: TeamDetail } },
      },
      async (req) => d.teams.patch(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/volunteers/teams/:id/members',
      {
        config: { policy: 'volunteers.manage' },
        schema: { params: IdParam, body: TeamMemberBody, response: { 200: TeamDetail } },
      },
      async (req) => d.teams.addMember(ctxOf(req), req.params.id, req.body),
    );
    app.delete(
      '/api/volunteers/teams/:id/members/:personId',
      {
        config: { policy: 'volunteers.manage' },
        schema: { params: z.object({ id: Uuid, personId: Uuid }), response: { 200: TeamDetail } },
      },
      async (req) => d.teams.removeMember(ctxOf(req), req.params.id, req.params.personId),
    );
    app.put(
      '/api/volunteers/teams/:id/shops',
      {
        config: { policy: 'volunteers.manage' },
        schema: { params: IdParam, body: ShopsBody, response: { 200: TeamDetail } },
      },
      async (req) => d.teams.setShops(ctxOf(req), req.params.id, req.body.shops),
    );

    // ---------------------------------------------------------------- training
    app.get(
      '/api/volunteers/courses',
      { config: { policy: 'volunteers.read' }, schema: { response: { 200: z.array(CourseView) } } },
      async (req) => d.training.courses(ctxOf(req)),
    );
    app.post(
      '/api/volunteers/courses',
      { config: { policy: 'trainings.manage' }, schema: { body: CourseBody, response: { 201: CourseView } } },
      async (req, reply) => {
        const c = await d.training.createCourse(ctxOf(req), req.body);
        reply.status(201);
        return c;
      },
    );
    app.get(
      '/api/volunteers/trainings',
      {
        config: { policy: 'volunteers.read' },
        schema: { querystring: TrainingSessionListQuery, response: { 200: z.array(TrainingSessionView) } },
      },
      async (req) => d.training.sessions(ctxOf(req), req.query),
    );
    app.post(
      '/api/volunteers/trainings',
      {
        config: { policy: 'trainings.manage' },
        schema: { body: TrainingSessionBody, response: { 201: TrainingSessionView } },
      },
      async (req, reply) => {
        const s = await d.training.createSession(ctxOf(req), req.body);
        reply.status(201);
        return s;
      },
    );
    app.put(
      '/api/volunteers/trainings/:id/attendance',
      {
        config: { policy: 'trainings.manage' },
        schema: { params: IdParam, body: AttendanceBody, response: { 200: TrainingSessionView } },
      },
      async (req) => d.training.recordAttendance(ctxOf(req), req.params.id, req.body.records),
    );
    app.get(
      '/api/volunteers/certificates',
      {
        config: { policy: 'volunteers.read' },
        schema: { querystring: CertificateListQuery, response: { 200: z.array(CertificateView) } },
      },
      async (req) => d.training.certificates(ctxOf(req), req.query),
    );
    app.post(
      '/api/volunteers/certificates/:id/revoke',
      {
        config: { policy: 'trainings.manage' },
        schema: { params: IdParam, body: RevokeBody, response: { 200: CertificateView } },
      },
      async (req) => d.training.revoke(ctxOf(req), req.params.id, req.body.reason),
    );

    // ---------------------------------------------------------------- recognition
    app.get(
      '/api/volunteers/points/rules',
      { config: { policy: 'volunteers.read' }, schema: { response: { 200: z.array(PointRuleView) } } },
      async (req) => d.points.getRules(ctxOf(req)),
    );
    app.put(
      '/api/volunteers/points/rules',
      {
        config: { policy: 'volunteers.manage' },
        schema: { body: PointRulesBody, response: { 200: z.array(PointRuleView) } },
      },
      async (req) => d.points.setRules(ctxOf(req), req.body.rules),
    );
    app.get(
      '/api/volunteers/points/leaderboard',
      {
        config: { policy: 'volunteers.read' },
        schema: { querystring: LeaderboardQuery, response: { 200: LeaderboardView } },
      },
      async (req) => {
        const ctx = ctxOf(req);
        const reach = reachOf(ctx.actor);
        const today = d.today();
        if (req.query.teamId) await d.teams.reachable(reach, req.query.teamId);
        else if (!reachesGrid(reach, null)) {
          // Grid staff rank the members of their grids' teams only: without a team, nothing station-wide.
          return {
            teamId: null,
            from: req.query.from ?? `${today.slice(0, 4)}-01-01`,
            to: req.query.to ?? today,
            rows: [],
          };
        }
        return d.points.board(
          reach.stationId,
          req.query.teamId ?? null,
          req.query.from ?? `${today.slice(0, 4)}-01-01`,
          req.query.to ?? today,
        );
      },
    );

    // ---------------------------------------------------------------- indicators, alarms
    app.get(
      '/api/volunteers/indicators',
      {
        config: { policy: 'volunteers.read' },
        schema: { querystring: VolunteerIndicatorsQuery, response: { 200: VolunteerIndicators } },
      },
      async (req) => d.indicators.indicators(ctxOf(req), req.query),
    );
    app.get(
      '/api/volunteers/indicators/hours',
      { config: { policy: 'volunteers.read' }, schema: { querystring: HoursQuery, response: { 200: HoursRows } } },
      async (req) => d.indicators.hours(ctxOf(req), req.query),
    );
    app.get(
      '/api/volunteers/alarms',
      {
        config: { policy: 'volunteers.read' },
        schema: { querystring: PeriodQuery, response: { 200: z.array(AlarmView) } },
      },
      async (req) => d.alarms.list(ctxOf(req), req.query),
    );
  };
}
