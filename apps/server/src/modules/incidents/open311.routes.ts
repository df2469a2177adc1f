import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.types';
import { AppError } from '../../platform/errors';
import { storeFile } from '../../platform/files/files.service';
import type { Platform } from '../../platform/platform';
import {
  addAttachment,
  getIncidentByToken,
  type IncidentRow,
  insertEvent,
  publicTokenOf,
} from './incidents.repository';
import { PHOTO_MAX_BYTES, PHOTO_TYPES } from './incidents.service';
import type { IncidentsConfig } from './incidents-config.service';
import type { IntakeService } from './intake.service';

const BASE = '/open311/v2';

const STATUS_NOTES: Record<IncidentRow['status'], { zh: string; en: string }> = {
  new: { zh: '已受理，等待派警', en: 'Received, awaiting dispatch' },
  dispatched: { zh: '已派警', en: 'Officers dispatched' },
  in_progress: { zh: '民警正在处置', en: 'Officers are handling it' },
  resolved: { zh: '已处置完毕，待办结', en: 'Handled, being closed' },
  closed: { zh: '已办结', en: 'Closed' },
  transferred: { zh: '已移交相关部门处理', en: 'Transferred to the responsible agency' },
};

/** GeoReport v2 errors are a list of {code, description}. */
function open311Error(reply: FastifyReply, status: number, description: string) {
  return reply.status(status).send([{ code: status, description }]);
}

const PostRequest = z.object({
  jurisdiction_id: z.string().max(32).optional(),
  service_code: z.string().min(1).max(64),
  lat: z.coerce.number().min(-90).max(90).optional(),
  long: z.coerce.number().min(-180).max(180).optional(),
  address_string: z.string().trim().max(200).optional(),
  description: z.string().trim().min(4).max(4000),
  first_name: z.string().trim().max(32).optional(),
  last_name: z.string().trim().max(32).optional(),
  phone: z.string().trim().max(32).optional(),
  email: z.string().trim().max(128).optional(),
  device_id: z.string().trim().max(128).optional(),
  account_id: z.string().trim().max(128).optional(),
  media_url: z.string().trim().max(500).optional(),
});

export interface Open311Deps {
  stations: () => Promise<{ id: string; code: string }[]>;
  intake: IntakeService;
  config: IncidentsConfig;
  platform: Platform;
}

/**
 * Open311 GeoReport v2 for residents' reports: discovery, services (the
 * categories marked for the public), POST requests (form-encoded, JSON, or
 * multipart with a `media` photo), GET requests by id, and tokens. Request
 * ids are random, so a resident can follow their report without an account
 * while nobody can enumerate others'; responses carry status and public
 * notes only, never personal data. JSON only.
 */
export function open311Routes(d: Open311Deps): FastifyPluginAsyncZod {
  const p = d.platform;
  const stationFor = async (jurisdiction: string | undefined): Promise<{ id: string; code: string } | null> => {
    const stations = await d.stations();
    if (jurisdiction) return stations.find((s) => s.code === jurisdiction) ?? null;
    return stations.length === 1 ? (stations[0] ?? null) : null;
  };
  const view = (i: IncidentRow, names: Map<string, { zh: string; en: string }>, locale: string) => {
    const note = STATUS_NOTES[i.status];
    const closed = i.status === 'closed' || i.status === 'transferred';
    return {
      service_request_id: i.public_token,
      status: closed ? 'closed' : 'open',
      status_notes: locale.startsWith('en') ? note.en : note.zh,
      service_name:
        (locale.startsWith('en') ? names.get(i.category_code)?.en : names.get(i.category_code)?.zh) ?? i.category_code,
      service_code: i.category_code,
      requested_datetime: i.reported_at.toISOString(),
      updated_datetime: i.updated_at.toISOString(),
      agency_responsible: '清溪镇派出所',
      address: i.address,
      lat: i.lat,
      long: i.lng,
    };
  };
  const names = async () => {
    const { categories } = await d.config.get();
    return new Map([...categories.values()].map((c) => [c.code, { zh: c.name_zh, en: c.name_en }]));
  };

  return async (app) => {
    app.get(`${BASE}/discovery.json`, { config: { policy: 'public' } }, async (req) => ({
      changeset: '2026-11-28T00:00:00Z',
      contact: '清溪镇派出所 综合指挥室',
      key_service: 'No API key is needed; submissions are rate-limited.',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${req.protocol}://${req.host}${BASE}`,
          changeset: '2026-11-28T00:00:00Z',
          type: 'production',
          formats: ['application/json'],
        },
      ],
    }));

    app.get(
      `${BASE}/services.json`,
      {
        config: { policy: 'public' },
        schema: {
          querystring: z.object({
            jurisdiction_id: z.string().optional(),
            locale: z.string().max(10).default('zh-CN'),
          }),
        },
      },
      async (req) => {
        const { categories } = await d.config.get();
        const en = req.query.locale.startsWith('en');
        return [...categories.values()]
          .filter((c) => c.open311 && c.active)
          .map((c) => {
            const parent = c.parent_code ? categories.get(c.parent_code) : undefined;
            return {
              service_code: c.code,
              service_name: en ? c.name_en : c.name_zh,
              description: en ? c.name_en : c.name_zh,
              metadata: false,
              type: 'realtime',
              keywords: [c.code.split('.')[0]].join(','),
              group: parent ? (en ? parent.name_en : parent.name_zh) : '',
            };
          });
      },
    );

    app.get(`${BASE}/services/:code`, { config: { policy: 'public' } }, async (req, reply) => {
      const code = (req.params as { code: string }).code.replace(/\.json$/, '');
      const { categories } = await d.config.get();
      const c = categories.get(code);
      if (!c?.open311) return open311Error(reply, 404, `no service ${code}`);
      return { service_code: c.code, attributes: [] };
    });

    app.post(
      `${BASE}/requests.json`,
      { config: { policy: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } }, bodyLimit: 10 * 1024 * 1024 },
      async (req, reply) => {
        let fields: Record<string, unknown> = {};
        let photo: { bytes: Buffer; name: string } | null = null;
        if (req.isMultipart()) {
          for await (const part of req.parts({ limits: { fileSize: PHOTO_MAX_BYTES + 1, files: 1 } })) {
            if (part.type === 'file') {
              const bytes = await part.toBuffer();
              if (part.fieldname === 'media') photo = { bytes, name: part.filename };
            } else fields[part.fieldname] = part.value;
          }
        } else fields = (req.body ?? {}) as Record<string, unknown>;
        const parsed = PostRequest.safeParse(fields);
        if (!parsed.success) {
          return open311Error(
            reply,
            400,
            parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          );
        }
        const b = parsed.data;
        if ((b.lat === undefined || b.long === undefined) && !b.address_string)
          return open311Error(reply, 400, 'lat/long or address_string is required');
        const station = await stationFor(b.jurisdiction_id);
        if (!station) return open311Error(reply, 404, 'unknown jurisdiction_id');
        const { categories } = await d.config.get();
        const category = categories.get(b.service_code);
        if (!category?.open311) return open311Error(reply, 404, `no service ${b.service_code}`);
        const who = { ...SYSTEM_ACTOR, name: 'open311', stationId: station.id, ip: req.ip, requestId: req.id };
        try {
          const summary = b.description.split(/[。.!！?？\n]/)[0]?.slice(0, 60) || category.name_zh;
          const result = await d.intake.create(
            {
              stationId: station.id,
              userId: null,
              name: [b.last_name, b.first_name].filter(Boolean).join('') || '群众',
              audit: who,
            },
            {
              source: 'online',
              categoryCode: category.code,
              summary: summary.length >= 2 ? summary : category.name_zh,
              description: b.media_url ? `${b.description}\n(media: ${b.media_url})` : b.description,
              ...(b.address_string ? { address: b.address_string } : {}),
              ...(b.lat !== undefined && b.long !== undefined
                ? { location: { lng: b.long, lat: b.lat, crs: 'WGS84' as const } }
                : {}),
              ...(b.phone ? { callerPhone: b.phone } : {}),
              ...(b.first_name || b.last_name
                ? { callerName: [b.last_name, b.first_name].filter(Boolean).join('') }
                : {}),
              persons: [],
              vehicles: [],
              dispatch: 'none',
              ...(b.device_id ? { sourceRef: `device:${b.device_id}:${b.description.length}:${b.service_code}` } : {}),
            },
            { idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null, withPublicToken: true },
          );
          const token = (await publicTokenOf(p.db, result.incidentId)) ?? '';
          if (photo && result.created) {
            await p.db.tx(async (tx) => {
              const now = p.clock.now();
              const file = await storeFile(tx, photo.bytes, {
                stationId: station.id,
                purpose: 'incident_photo',
                createdBy: null,
                originalName: photo.name,
                allowed: PHOTO_TYPES,
                maxBytes: PHOTO_MAX_BYTES,
                field: 'media',
                now,
              });
              await addAttachment(tx, result.incidentId, file.id, null, now);
              await insertEvent(tx, {
                incidentId: result.incidentId,
                at: now,
                actorId: null,
                actorName: 'open311',
                kind: 'photo',
                details: { fileId: file.id, sha256: file.sha256 },
              });
              await p.audit.record(
                who,
                {
                  action: 'incident.photo',
                  resourceType: 'incident',
                  resourceId: result.incidentId,
                  details: { fileId: file.id },
                },
                tx,
              );
            });
          }
          return reply.status(result.created ? 201 : 200).send([
            {
              service_request_id: token,
              token,
              service_notice: '感谢您的反馈，派出所已受理。Thank you, the police station has received your report.',
              account_id: b.account_id ?? null,
            },
          ]);
        } catch (e) {
          if (e instanceof AppError && e.status < 500)
            return open311Error(
              reply,
              e.status,
              e.fields?.map((f) => `${f.path}: ${f.message}`).join('; ') || e.message,
            );
          throw e;
        }
      },
    );

    const one = async (req: FastifyRequest, reply: FastifyReply, id: string) => {
      const locale = ((req.query as { locale?: string }).locale ?? 'zh-CN').slice(0, 10);
      const i = await getIncidentByToken(p.db, id);
      if (!i) return open311Error(reply, 404, `no request ${id}`);
      return [view(i, await names(), locale)];
    };

    app.get(`${BASE}/requests/:id`, { config: { policy: 'public' } }, async (req, reply) =>
      one(req, reply, (req.params as { id: string }).id.replace(/\.json$/, '')),
    );

    app.get(`${BASE}/tokens/:token`, { config: { policy: 'public' } }, async (req, reply) => {
      const token = (req.params as { token: string }).token.replace(/\.json$/, '');
      const i = await getIncidentByToken(p.db, token);
      if (!i) return open311Error(reply, 404, `no token ${token}`);
      return [{ service_request_id: i.public_token, token }];
    });

    app.get(
      `${BASE}/requests.json`,
      {
        config: { policy: 'public' },
        schema: {
          querystring: z
            .object({ service_request_id: z.string().max(2000).optional(), locale: z.string().max(10).optional() })
            .loose(),
        },
      },
      async (req, reply) => {
        const ids = (req.query.service_request_id ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .slice(0, 50);
        // Reports to the police are not published in bulk: ask by id.
        if (ids.length === 0)
          return open311Error(
            reply,
            400,
            'service_request_id is required; this jurisdiction does not publish reports in bulk',
          );
        const n = await names();
        const out = [];
        for (const id of ids) {
          const i = await getIncidentByToken(p.db, id);
          if (i) out.push(view(i, n, req.query.locale ?? 'zh-CN'));
        }
        return out;
      },
    );
  };
}
