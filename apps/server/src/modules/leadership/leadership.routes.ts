import {
  AgendaView,
  CountyOverview,
  CountyOverviewQuery,
  CountyStations,
  DashboardView,
  DispatchMeetingUpdate,
  EvaluationQuery,
  EvaluationView,
  FigureRecordsQuery,
  FigureRecordsView,
  LeadershipDay,
  LeadershipMonth,
  LeadershipPeriodQuery,
  LeadershipSettingsUpdate,
  LeadershipSettingsView,
  LeadershipStaffOption,
  LeadershipTask,
  LeadershipTaskCreate,
  LeadershipTaskList,
  LeadershipTaskQuery,
  LeadershipTaskUpdate,
  MyEvaluationView,
  ScoreAdjustmentCreate,
  Uuid,
  WallQuery,
  WallView,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/platform';
import type { LeadershipDeps } from './deps';
import { evaluationPdf, evaluationXlsx, monthlyReportPdf } from './documents';
import type { EvaluationService } from './evaluation.service';
import type { FiguresService } from './figures.service';
import type { SettingsService } from './settings.service';
import type { WorkService } from './work.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface LeadershipRouteDeps {
  figures: FiguresService;
  work: WorkService;
  evaluation: EvaluationService;
  settings: SettingsService;
  deps: LeadershipDeps;
}

const MonthParams = z.object({ month: LeadershipMonth });

/** `/api/leadership/*`: dashboards, the wall, the weekly agenda, tasks, evaluations, exports, settings. */
export function leadershipRoutes(d: LeadershipRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const station = async (stationId: string) => (await d.deps.stationName(stationId)) ?? '';

    // ---------------------------------------------------------------- dashboards
    app.get(
      '/api/leadership/dashboard',
      {
        config: { policy: 'leadership.dashboard' },
        schema: { querystring: LeadershipPeriodQuery, response: { 200: DashboardView } },
      },
      async (req) => d.figures.dashboard(ctxOf(req), req.query),
    );
    app.get(
      '/api/leadership/records',
      {
        config: { policy: 'leadership.dashboard' },
        schema: { querystring: FigureRecordsQuery, response: { 200: FigureRecordsView } },
      },
      async (req) => d.figures.records(ctxOf(req), req.query),
    );
    app.get(
      '/api/leadership/wall',
      { config: { policy: 'leadership.dashboard' }, schema: { querystring: WallQuery, response: { 200: WallView } } },
      async (req) => d.figures.wall(ctxOf(req), req.query),
    );
    app.get(
      '/api/county/overview',
      {
        config: { policy: 'county.overview' },
        schema: { querystring: CountyOverviewQuery, response: { 200: CountyOverview } },
      },
      async (req) => d.figures.countyOverview(ctxOf(req), req.query),
    );
    app.get(
      '/api/county/stations',
      { config: { policy: 'county.overview' }, schema: { response: { 200: CountyStations } } },
      async (req) => d.figures.countyStations(ctxOf(req)),
    );
    app.get(
      '/api/leadership/reports/:month',
      { config: { policy: 'leadership.manage' }, schema: { params: MonthParams } },
      async (req, reply) => {
        const ctx = ctxOf(req);
        const month = d.evaluation.checkMonth(req.params.month);
        const stationId = d.figures.stationOf(ctx);
        const from = `${month}-01`;
        const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0))
          .toISOString()
          .slice(0, 10);
        const today = d.figures.today();
        const dash = await d.figures.dashboard(ctx, { from, to: [last, today].sort()[0] ?? today });
        const ev = await d.evaluation.compute(stationId, month, 'officer');
        const pdf = await monthlyReportPdf(await station(stationId), month, dash, ev);
        reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="report-${month}.pdf"`);
        return reply.send(pdf);
      },
    );

    // ---------------------------------------------------------------- weekly dispatch meeting and tasks
    app.get(
      '/api/leadership/agenda',
      {
        config: { policy: 'leadership.manage' },
        schema: { querystring: z.object({ week: LeadershipDay.optional() }), response: { 200: AgendaView } },
      },
      async (req) => d.work.agenda(ctxOf(req), req.query.week),
    );
    app.put(
      '/api/leadership/meetings/:week',
      {
        config: { policy: 'leadership.manage' },
        schema: {
          params: z.object({ week: LeadershipDay }),
          body: DispatchMeetingUpdate,
          response: { 200: AgendaView },
        },
      },
      async (req) => d.work.updateMeeting(ctxOf(req), req.params.week, req.body),
    );
    app.post(
      '/api/leadership/meetings/:week/decisions',
      {
        config: { policy: 'leadership.manage' },
        schema: {
          params: z.object({ week: LeadershipDay }),
          body: LeadershipTaskCreate,
          response: { 201: LeadershipTask },
        },
      },
      async (req, reply) => {
        reply.status(201);
        return d.work.createTask(ctxOf(req), req.body, req.params.week);
      },
    );
    app.get(
      '/api/leadership/staff',
      { config: { policy: 'leadership.manage' }, schema: { response: { 200: z.array(LeadershipStaffOption) } } },
      async (req) => d.work.staffOptions(ctxOf(req)),
    );
    app.get(
      '/api/leadership/tasks',
      {
        config: { policy: 'evaluation.self' },
        schema: { querystring: LeadershipTaskQuery, response: { 200: LeadershipTaskList } },
      },
      async (req) => d.work.tasks(ctxOf(req), req.query),
    );
    app.post(
      '/api/leadership/tasks',
      {
        config: { policy: 'leadership.manage' },
        schema: { body: LeadershipTaskCreate, response: { 201: LeadershipTask } },
      },
      async (req, reply) => {
        reply.status(201);
        return d.work.createTask(ctxOf(req), req.body, null);
      },
    );
    app.patch(
      '/api/leadership/tasks/:id',
      {
        config: { policy: 'evaluation.self' },
        schema: { params: z.object({ id: Uuid }), body: LeadershipTaskUpdate, response: { 200: LeadershipTask } },
      },
      async (req) => d.work.updateTask(ctxOf(req), req.params.id, req.body),
    );

    // ---------------------------------------------------------------- monthly evaluation
    app.get(
      '/api/leadership/evaluations/:month',
      {
        config: { policy: 'leadership.manage' },
        schema: { params: MonthParams, querystring: EvaluationQuery, response: { 200: EvaluationView } },
      },
      async (req) => d.evaluation.evaluation(ctxOf(req), req.params.month, req.query.kind),
    );
    app.get(
      '/api/leadership/evaluations/:month/mine',
      {
        config: { policy: 'evaluation.self' },
        schema: { params: MonthParams, response: { 200: MyEvaluationView } },
      },
      async (req) => d.evaluation.mine(ctxOf(req), req.params.month),
    );
    app.post(
      '/api/leadership/evaluations/:month/adjustments',
      {
        config: { policy: 'leadership.manage' },
        schema: { params: MonthParams, body: ScoreAdjustmentCreate, response: { 201: EvaluationView } },
      },
      async (req, reply) => {
        reply.status(201);
        return d.evaluation.adjust(ctxOf(req), req.params.month, req.body);
      },
    );
    app.get(
      '/api/leadership/evaluations/:month/export',
      {
        config: { policy: 'leadership.manage' },
        schema: {
          params: MonthParams,
          querystring: EvaluationQuery.extend({ format: z.enum(['pdf', 'xlsx']).default('xlsx') }),
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req);
        const view = await d.evaluation.evaluation(ctx, req.params.month, req.query.kind);
        const name = await station(d.figures.stationOf(ctx));
        const file = `evaluation-${view.month}-${view.kind}.${req.query.format}`;
        reply.header('content-disposition', `attachment; filename="${file}"`);
        if (req.query.format === 'pdf')
          return reply.header('content-type', 'application/pdf').send(await evaluationPdf(view, name));
        return reply.header('content-type', XLSX).send(await evaluationXlsx(view, name));
      },
    );

    // ---------------------------------------------------------------- settings
    app.get(
      '/api/leadership/settings',
      { config: { policy: 'leadership.manage' }, schema: { response: { 200: LeadershipSettingsView } } },
      async (req) => d.settings.view(d.figures.stationOf(ctxOf(req))),
    );
    app.put(
      '/api/leadership/settings',
      {
        config: { policy: 'leadership.manage' },
        schema: { body: LeadershipSettingsUpdate, response: { 200: LeadershipSettingsView } },
      },
      async (req) => {
        const ctx = ctxOf(req);
        return d.settings.save(ctx, d.figures.stationOf(ctx), req.body.duties, req.body.version);
      },
    );
  };
}
