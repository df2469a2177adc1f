import {
  AlarmBody,
  AlarmView,
  CheckInBody,
  CheckOutBody,
  ClientIdBody,
  DutyDetail,
  DutyView,
  LeaderboardView,
  MyShiftsQuery,
  MyVolunteerView,
  Ok,
  PassBody,
  PassResult,
  PeriodQuery,
  PointsBody,
  PointsLedgerView,
  PointsResult,
  ServedBody,
  ShiftView,
  Uuid,
  VolunteerNotificationView,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/platform';
import type { AlarmsService } from './alarms.service';
import type { DutyService } from './duty.service';
import { clientIdOf, IdempotencyHeaders, readPhoto, send, sendFile } from './http';

const IdParam = z.object({ id: Uuid });
const PhotoQuery = z.object({
  clientId: z.uuid().optional(),
  checkpointId: Uuid.optional(),
  takenAt: z.iso.datetime({ offset: true }).optional(),
});

/**
 * The volunteer's phone: /api/me/volunteer… (patrols.duty). Every write
 * accepts a client id (body `clientId`, or the `Idempotency-Key` header;
 * photos: `?clientId=` or the header) so a replayed offline queue changes
 * nothing twice; a replay answers the first answer with `Idempotent-Replay: true`.
 */
export function meRoutes(d: { duty: DutyService; alarms: AlarmsService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/me/volunteer',
      { config: { policy: 'patrols.duty' }, schema: { response: { 200: MyVolunteerView } } },
      async (req) => d.duty.overview(ctxOf(req)),
    );
    app.get(
      '/api/me/volunteer/shifts',
      {
        config: { policy: 'patrols.duty' },
        schema: { querystring: MyShiftsQuery, response: { 200: z.array(ShiftView) } },
      },
      async (req) => d.duty.shifts(ctxOf(req), req.query),
    );
    app.post(
      '/api/me/volunteer/shifts/:id/claim',
      {
        config: { policy: 'patrols.duty' },
        schema: {
          params: IdParam,
          headers: IdempotencyHeaders,
          body: ClientIdBody,
          response: { 200: DutyView, 201: DutyView },
        },
      },
      async (req, reply) => send(reply, await d.duty.claim(ctxOf(req), req.params.id, clientIdOf(req, req.body))),
    );
    app.post(
      '/api/me/volunteer/shifts/:id/unclaim',
      {
        config: { policy: 'patrols.duty' },
        schema: { params: IdParam, headers: IdempotencyHeaders, body: ClientIdBody, response: { 200: Ok } },
      },
      async (req, reply) => send(reply, await d.duty.unclaim(ctxOf(req), req.params.id, clientIdOf(req, req.body))),
    );
    app.get(
      '/api/me/volunteer/duties',
      {
        config: { policy: 'patrols.duty' },
        schema: { querystring: PeriodQuery, response: { 200: z.array(DutyView) } },
      },
      async (req) => d.duty.duties(ctxOf(req), req.query),
    );
    app.get(
      '/api/me/volunteer/duties/:id',
      { config: { policy: 'patrols.duty' }, schema: { params: IdParam, response: { 200: DutyDetail } } },
      async (req) => d.duty.duty(ctxOf(req), req.params.id),
    );
    app.post(
      '/api/me/volunteer/duties/:id/check-in',
      {
        config: { policy: 'patrols.duty' },
        schema: { params: IdParam, headers: IdempotencyHeaders, body: CheckInBody, response: { 200: DutyView } },
      },
      async (req, reply) =>
        send(reply, await d.duty.checkIn(ctxOf(req), req.params.id, req.body, clientIdOf(req, req.body))),
    );
    app.post(
      '/api/me/volunteer/duties/:id/points',
      {
        config: { policy: 'patrols.duty' },
        bodyLimit: 512 * 1024,
        schema: { params: IdParam, headers: IdempotencyHeaders, body: PointsBody, response: { 200: PointsResult } },
      },
      async (req, reply) =>
        send(reply, await d.duty.track(ctxOf(req), req.params.id, req.body, clientIdOf(req, req.body))),
    );
    app.post(
      '/api/me/volunteer/duties/:id/passes',
      {
        config: { policy: 'patrols.duty' },
        schema: {
          params: IdParam,
          headers: IdempotencyHeaders,
          body: PassBody,
          response: { 200: PassResult, 201: PassResult },
        },
      },
      async (req, reply) =>
        send(reply, await d.duty.pass(ctxOf(req), req.params.id, req.body, clientIdOf(req, req.body))),
    );
    app.post(
      '/api/me/volunteer/duties/:id/photos',
      {
        config: { policy: 'patrols.duty' },
        bodyLimit: 10 * 1024 * 1024,
        schema: {
          params: IdParam,
          headers: IdempotencyHeaders,
          querystring: PhotoQuery,
          response: { 201: z.object({ photoId: Uuid, fileId: Uuid }) },
        },
      },
      async (req, reply) => {
        const photo = await readPhoto(req);
        return send(
          reply,
          await d.duty.photo(
            ctxOf(req),
            req.params.id,
            photo,
            { checkpointId: req.query.checkpointId ?? null, takenAt: req.query.takenAt ?? null },
            clientIdOf(req, req.query),
          ),
        );
      },
    );
    app.get(
      '/api/me/volunteer/duties/:id/photos/:photoId',
      { config: { policy: 'patrols.duty' }, schema: { params: z.object({ id: Uuid, photoId: Uuid }) } },
      async (req, reply) => sendFile(reply, await d.duty.photoFile(ctxOf(req), req.params.id, req.params.photoId)),
    );
    app.post(
      '/api/me/volunteer/duties/:id/check-out',
      {
        config: { policy: 'patrols.duty' },
        bodyLimit: 512 * 1024,
        schema: { params: IdParam, headers: IdempotencyHeaders, body: CheckOutBody, response: { 200: DutyView } },
      },
      async (req, reply) =>
        send(reply, await d.duty.checkOut(ctxOf(req), req.params.id, req.body, clientIdOf(req, req.body))),
    );
    app.post(
      '/api/me/volunteer/duties/:id/served',
      {
        config: { policy: 'patrols.duty' },
        schema: { params: IdParam, headers: IdempotencyHeaders, body: ServedBody, response: { 200: DutyView } },
      },
      async (req, reply) =>
        send(reply, await d.duty.served(ctxOf(req), req.params.id, req.body.servedCount, clientIdOf(req, req.body))),
    );
    app.post(
      '/api/me/volunteer/alarms',
      { config: { policy: 'patrols.duty' }, schema: { body: AlarmBody, response: { 200: AlarmView, 201: AlarmView } } },
      async (req, reply) => {
        const r = await d.alarms.raise(ctxOf(req), req.body);
        reply.status(r.status === 201 ? 201 : 200);
        return r.body;
      },
    );
    app.get(
      '/api/me/volunteer/notifications',
      { config: { policy: 'patrols.duty' }, schema: { response: { 200: z.array(VolunteerNotificationView) } } },
      async (req) => d.duty.notifications(ctxOf(req)),
    );
    app.post(
      '/api/me/volunteer/notifications/:id/read',
      { config: { policy: 'patrols.duty' }, schema: { params: IdParam, response: { 200: Ok } } },
      async (req) => {
        await d.duty.readNotification(ctxOf(req), req.params.id);
        return { ok: true as const };
      },
    );
    app.get(
      '/api/me/volunteer/points',
      { config: { policy: 'patrols.duty' }, schema: { response: { 200: PointsLedgerView } } },
      async (req) => d.duty.myPoints(ctxOf(req)),
    );
    app.get(
      '/api/me/volunteer/teams/:id/leaderboard',
      {
        config: { policy: 'patrols.duty' },
        schema: { params: IdParam, querystring: PeriodQuery, response: { 200: LeaderboardView } },
      },
      async (req) => d.duty.teamBoard(ctxOf(req), req.params.id, req.query),
    );
    app.get(
      '/api/me/volunteer/teams/:id/duties',
      {
        config: { policy: 'patrols.duty' },
        schema: { params: IdParam, querystring: PeriodQuery, response: { 200: z.array(DutyView) } },
      },
      async (req) => d.duty.teamDuties(ctxOf(req), req.params.id, req.query),
    );
  };
}
