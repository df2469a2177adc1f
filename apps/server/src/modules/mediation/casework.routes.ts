import {
  AgreementListQuery,
  AgreementView,
  AttendanceRequest,
  CloseMeetingRequest,
  CreateMeetingRequest,
  DecisionRequest,
  FollowupListQuery,
  FollowupRequest,
  FollowupView,
  JudicialRequest,
  MeetingView,
  pageOf,
  SessionListQuery,
  SessionView,
  TermUpdateRequest,
  UpdateSessionRequest,
  Uuid,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fieldError } from '../../platform/errors';
import { ctxOf } from '../../platform/platform';
import type { AgreementsService } from './agreements.service';
import type { CaseworkService } from './casework.service';
import type { MeetingsService } from './meetings.service';

const IdParam = z.object({ id: Uuid });

export interface CaseworkRouteDeps {
  casework: CaseworkService;
  agreements: AgreementsService;
  meetings: MeetingsService;
}

/** Sessions, follow-up visits, agreements and consultation meetings. */
export function caseworkRoutes(d: CaseworkRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/mediation/sessions',
      {
        config: { policy: 'disputes.read' },
        schema: { querystring: SessionListQuery, response: { 200: z.array(SessionView) } },
      },
      async (req) => d.casework.sessions(ctxOf(req), req.query.from, req.query.to),
    );
    app.patch(
      '/api/mediation/sessions/:id',
      {
        config: { policy: 'disputes.write' },
        schema: { params: IdParam, body: UpdateSessionRequest, response: { 200: SessionView } },
      },
      async (req) => d.casework.updateSession(ctxOf(req), req.params.id, req.body),
    );

    app.get(
      '/api/mediation/followups',
      {
        config: { policy: 'disputes.read' },
        schema: { querystring: FollowupListQuery, response: { 200: z.array(FollowupView) } },
      },
      async (req) => d.casework.followups(ctxOf(req), req.query.status),
    );
    app.post(
      '/api/mediation/followups/:id',
      {
        config: { policy: 'disputes.write' },
        schema: { params: IdParam, body: FollowupRequest, response: { 200: FollowupView } },
      },
      async (req) => d.casework.recordFollowup(ctxOf(req), req.params.id, req.body),
    );

    app.get(
      '/api/mediation/agreements',
      {
        config: { policy: 'disputes.read' },
        schema: { querystring: AgreementListQuery, response: { 200: pageOf(AgreementView) } },
      },
      async (req) => d.agreements.list(ctxOf(req), req.query),
    );
    app.get(
      '/api/mediation/agreements/:id',
      { config: { policy: 'disputes.read' }, schema: { params: IdParam, response: { 200: AgreementView } } },
      async (req) => d.agreements.get(ctxOf(req), req.params.id),
    );
    app.get(
      '/api/mediation/agreements/:id/pdf',
      {
        config: { policy: 'disputes.read' },
        schema: {
          params: IdParam,
          querystring: z.object({
            /** The print for signature, with full identifiers: needs pii.reveal and a reason. */
            full: z.enum(['true', 'false']).default('false'),
            reason: z.string().trim().min(4).max(200).optional(),
          }),
        },
      },
      async (req, reply) => {
        const full = req.query.full === 'true';
        if (full && !req.query.reason)
          throw fieldError('querystring.reason', 'required', 'printing full identifiers needs a stated reason');
        const { pdf, filename } = await d.agreements.pdf(
          ctxOf(req),
          req.params.id,
          full ? { reason: req.query.reason ?? '' } : null,
        );
        reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `inline; filename="${filename}"`)
          .header('cache-control', 'private, no-store');
        return reply.send(pdf);
      },
    );
    app.post(
      '/api/mediation/agreements/:id/signed',
      {
        config: { policy: 'disputes.write' },
        bodyLimit: 10 * 1024 * 1024,
        schema: { params: IdParam, response: { 200: AgreementView } },
      },
      async (req) => {
        if (!req.isMultipart())
          throw fieldError('file', 'multipart_required', 'send the signed copy as multipart/form-data field "file"');
        const file = await req.file({ limits: { fileSize: 9 * 1024 * 1024 } }).catch(() => {
          throw fieldError('file', 'multipart', 'the upload is not well-formed multipart/form-data');
        });
        if (!file) throw fieldError('file', 'required', 'no file in the request');
        const bytes = await file.toBuffer().catch(() => {
          throw fieldError('file', 'file_too_large', 'at most 9 MB');
        });
        return d.agreements.uploadSigned(ctxOf(req), req.params.id, bytes, file.filename);
      },
    );
    app.get(
      '/api/mediation/agreements/:id/signed',
      { config: { policy: 'disputes.read' }, schema: { params: IdParam } },
      async (req, reply) => {
        const f = await d.agreements.signedCopy(ctxOf(req), req.params.id);
        reply
          .header('content-type', f.contentType)
          .header('cache-control', 'private, no-store')
          .header('etag', f.sha256);
        return reply.send(f.data);
      },
    );
    app.post(
      '/api/mediation/agreements/:id/judicial',
      {
        config: { policy: 'disputes.write' },
        schema: { params: IdParam, body: JudicialRequest, response: { 200: AgreementView } },
      },
      async (req) => d.agreements.judicial(ctxOf(req), req.params.id, req.body),
    );
    app.patch(
      '/api/mediation/agreements/:id/terms/:termId',
      {
        config: { policy: 'disputes.write' },
        schema: {
          params: z.object({ id: Uuid, termId: Uuid }),
          body: TermUpdateRequest,
          response: { 200: AgreementView },
        },
      },
      async (req) => d.agreements.term(ctxOf(req), req.params.id, req.params.termId, req.body),
    );

    app.get(
      '/api/mediation/meetings',
      { config: { policy: 'disputes.read' }, schema: { response: { 200: z.array(MeetingView) } } },
      async (req) => d.meetings.list(ctxOf(req)),
    );
    app.post(
      '/api/mediation/meetings',
      {
        config: { policy: 'disputes.coordinate' },
        schema: { body: CreateMeetingRequest, response: { 201: MeetingView } },
      },
      async (req, reply) => {
        reply.status(201);
        return d.meetings.create(ctxOf(req), req.body);
      },
    );
    app.get(
      '/api/mediation/meetings/:id',
      { config: { policy: 'disputes.read' }, schema: { params: IdParam, response: { 200: MeetingView } } },
      async (req) => d.meetings.get(ctxOf(req), req.params.id),
    );
    app.post(
      '/api/mediation/meetings/:id/agenda',
      { config: { policy: 'disputes.coordinate' }, schema: { params: IdParam, response: { 200: MeetingView } } },
      async (req) => d.meetings.refreshAgenda(ctxOf(req), req.params.id),
    );
    app.post(
      '/api/mediation/meetings/:id/attendance',
      {
        config: { policy: 'disputes.coordinate' },
        schema: { params: IdParam, body: AttendanceRequest, response: { 200: MeetingView } },
      },
      async (req) => d.meetings.attendance(ctxOf(req), req.params.id, req.body.attendees),
    );
    app.post(
      '/api/mediation/meetings/:id/decisions',
      {
        config: { policy: 'disputes.coordinate' },
        schema: { params: IdParam, body: DecisionRequest, response: { 200: MeetingView } },
      },
      async (req) => d.meetings.decide(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/mediation/meetings/:id/close',
      {
        config: { policy: 'disputes.coordinate' },
        schema: { params: IdParam, body: CloseMeetingRequest, response: { 200: MeetingView } },
      },
      async (req) => d.meetings.close(ctxOf(req), req.params.id, req.body.minutes ?? null),
    );
  };
}
