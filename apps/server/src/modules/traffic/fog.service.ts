import { timingSafeEqual } from 'node:crypto';
import type { FogIngestResult, FogNowcastView, FogStationView, FogWarningView } from '@fengqiao/contracts';
import {
  capFogAlertXml,
  frameFor,
  type GridFrame,
  type NowcastStation,
  nowcast,
  roadFogWarnings,
  toFrame,
} from '@fengqiao/domain';
import { type AuditActor, SYSTEM_ACTOR } from '../../platform/audit/audit.types';
import { conflict, forbidden, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import { roadsOf, type TrafficDeps } from './deps';
import {
  activeWarnings,
  fogStations,
  fogStationsByCode,
  getWarning,
  insertFogStation,
  insertNowcast,
  insertObservations,
  latestNowcast,
  latestReadings,
  observationsBetween,
  replaceWarnings,
  setWarningIncident,
  type WarningRow,
} from './fog.repository';
import type { TrafficConfig } from './traffic.config';

/** The nowcast's leads: every 20 minutes up to two hours. */
export const LEADS_MIN = [0, 20, 40, 60, 80, 100, 120];
const PAST_MIN = 30;
/** A warning lasts until the next run replaces it, with slack for a missed run. */
const WARNING_TTL_MS = 30 * 60_000;
const NOWCAST_ACTOR: AuditActor = { ...SYSTEM_ACTOR, name: 'fog-nowcast' };
const GRADE_ZH = { yellow: '黄色', orange: '橙色', red: '红色' } as const;

export interface FogObservation {
  station: string;
  observedAt: string;
  visibilityM: number;
  windU?: number | undefined;
  windV?: number | undefined;
  confidence?: number | undefined;
}

/**
 * Fog: observation ingest with plausibility checks, the 10-minute nowcast
 * per police station (domain `nowcast`), road-stretch warnings by the
 * national grades, CAP 1.2 alerts, and a command-room incident when a red
 * warning covers an expressway.
 */
export class FogService {
  constructor(
    private readonly p: Platform,
    private readonly deps: TrafficDeps,
    private readonly config: TrafficConfig,
  ) {}

  private stationOf(ctx: Ctx): string {
    if (!ctx.actor.stationId) throw forbidden('no station');
    return ctx.actor.stationId;
  }

  async stations(ctx: Ctx): Promise<FogStationView[]> {
    const stationId = this.stationOf(ctx);
    const list = await fogStations(this.p.db, stationId);
    const latest = await this.p.db.query<{
      fog_station_id: string;
      observed_at: Date;
      visibility_m: number;
      flag: string | null;
    }>(
      `SELECT DISTINCT ON (fog_station_id) fog_station_id, observed_at, visibility_m, flag FROM fog_observations
        WHERE fog_station_id = ANY($1::uuid[]) ORDER BY fog_station_id, observed_at DESC`,
      [list.map((s) => s.id)],
    );
    const by = new Map(latest.rows.map((r) => [r.fog_station_id, r]));
    return list.map((s) => {
      const l = by.get(s.id);
      return {
        id: s.id,
        code: s.code,
        name: s.name,
        kind: s.kind,
        point: [s.lng, s.lat],
        active: s.active,
        latest: l
          ? { observedAt: l.observed_at.toISOString(), visibilityM: Math.round(l.visibility_m), flag: l.flag }
          : null,
      };
    });
  }

  async addStation(
    ctx: Ctx,
    b: { code: string; name: string; kind: 'road_weather' | 'camera'; lng: number; lat: number },
  ): Promise<FogStationView> {
    const stationId = this.stationOf(ctx);
    const now = this.p.clock.now();
    await this.p.db.tx(async (tx) => {
      const id = await insertFogStation(tx, { stationId, ...b, now });
      if (!id) throw conflict('a station with this code exists', 'code_taken');
      await this.p.audit.record(
        ctx.audit,
        { action: 'traffic.fog_station.add', resourceType: 'fog_station', resourceId: id, details: { code: b.code } },
        tx,
      );
    });
    const s = (await this.stations(ctx)).find((x) => x.code === b.code);
    if (!s) throw notFound('station');
    return s;
  }

  /** Whether a machine's bearer token is the configured ingest token. */
  tokenOk(header: string | undefined): boolean {
    const t = this.config.ingestToken;
    if (!t || !header?.startsWith('Bearer ')) return false;
    const got = Buffer.from(header.slice(7));
    const want = Buffer.from(t);
    return got.length === want.length && timingSafeEqual(got, want);
  }

  /**
   * Ingest: each reading is accepted, flagged (stored, not used) or
   * rejected with a reason; one bad reading never refuses the batch.
   */
  async ingest(audit: AuditActor, obs: FogObservation[], stationScope: string | null): Promise<FogIngestResult> {
    const now = this.p.clock.now();
    const byCode = await fogStationsByCode(this.p.db, [...new Set(obs.map((o) => o.station))]);
    const rejected: FogIngestResult['rejected'] = [];
    const flagged: FogIngestResult['flagged'] = [];
    const prior = await latestReadings(
      this.p.db,
      [...byCode.values()].map((s) => s.id),
      now,
    );
    const rows: Parameters<typeof insertObservations>[1] = [];
    for (const [index, o] of obs.entries()) {
      const s = byCode.get(o.station);
      const reject = (reason: string) => {
        rejected.push({ index, station: o.station, reason });
      };
      if (!s || (stationScope && s.station_id !== stationScope)) {
        reject('unknown_station');
        continue;
      }
      if (!s.active) {
        reject('station_inactive');
        continue;
      }
      const at = new Date(o.observedAt);
      if (Number.isNaN(at.getTime()) || !/[zZ]|[+-]\d\d:?\d\d$/.test(o.observedAt)) {
        reject('bad_time');
        continue;
      }
      if (at.getTime() > now.getTime() + 2 * 60_000) {
        reject('future_time');
        continue;
      }
      if (at.getTime() < now.getTime() - this.config.staleMs) {
        reject('stale');
        continue;
      }
      if (!Number.isFinite(o.visibilityM) || o.visibilityM < 5 || o.visibilityM > 80_000) {
        reject('impossible_value');
        continue;
      }
      const u = o.windU ?? null;
      const v = o.windV ?? null;
      if (
        (u !== null && !Number.isFinite(u)) ||
        (v !== null && !Number.isFinite(v)) ||
        Math.hypot(u ?? 0, v ?? 0) > 60
      ) {
        reject('impossible_wind');
        continue;
      }
      let flag: string | null = null;
      if (s.kind === 'camera' && o.confidence !== undefined && o.confidence < 0.5) flag = 'low_confidence';
      const last = prior.get(s.id);
      if (!flag && last) {
        const minutes = Math.abs(at.getTime() - last.observed_at.getTime()) / 60_000;
        const ratio =
          Math.max(o.visibilityM, last.visibility_m) / Math.max(Math.min(o.visibilityM, last.visibility_m), 1);
        // Fog forms and lifts fast, but not a factor of 50 within 10 minutes: a sensor fault.
        if (minutes <= 10 && ratio > 50) flag = 'implausible_jump';
      }
      if (flag) flagged.push({ index, station: o.station, reason: flag });
      // Later readings of the same batch are checked against this one.
      else
        prior.set(s.id, {
          fog_station_id: s.id,
          observed_at: at,
          visibility_m: o.visibilityM,
          wind_u: u,
          wind_v: v,
          flag,
        });
      rows.push({ stationId: s.id, observedAt: at, visibilityM: o.visibilityM, windU: u, windV: v, flag });
    }
    const accepted = await this.p.db.tx(async (tx) => {
      const n = await insertObservations(tx, rows, now);
      await this.p.audit.record(
        audit,
        {
          action: 'traffic.fog.ingest',
          resourceType: 'fog_observations',
          resourceId: null,
          details: { received: obs.length, stored: n, flagged: flagged.length, rejected: rejected.length },
        },
        tx,
      );
      return n;
    });
    // Flagged readings are stored (for the record) but not used: they do not count as accepted.
    return { accepted: Math.max(0, accepted - flagged.length), flagged, rejected };
  }

  /** The 10-minute run over every station with fog stations. */
  async runAll(): Promise<void> {
    for (const s of await this.deps.stations()) {
      try {
        await this.run(s.id);
      } catch (e) {
        this.p.log.error({ err: e, stationId: s.id }, 'fog nowcast failed for a station');
      }
    }
  }

  /** One nowcast for a station: readings → grid → warnings → CAP → incidents for red expressway stretches. */
  async run(stationId: string): Promise<{ nowcastId: number | null; warnings: number }> {
    const now = this.p.clock.now();
    const list = (await fogStations(this.p.db, stationId)).filter((s) => s.active);
    const obs = await observationsBetween(
      this.p.db,
      stationId,
      new Date(now.getTime() - (PAST_MIN + 30) * 60_000),
      now,
    );
    const inputs: NowcastStation[] = [];
    const info = (await this.deps.stations()).find((s) => s.id === stationId);
    const pts: [number, number][] = list.map((s) => [s.lng, s.lat]);
    const bbox = info?.bbox ?? null;
    if (pts.length === 0 && !bbox) return { nowcastId: null, warnings: 0 };
    const all = [
      ...pts,
      ...(bbox
        ? ([
            [bbox[0], bbox[1]],
            [bbox[2], bbox[3]],
          ] as [number, number][])
        : []),
    ];
    const frame: GridFrame = frameFor(
      [
        Math.min(...all.map((p) => p[0])),
        Math.min(...all.map((p) => p[1])),
        Math.max(...all.map((p) => p[0])),
        Math.max(...all.map((p) => p[1])),
      ],
      3,
    );
    for (const s of list) {
      const mine = obs.filter((o) => o.fog_station_id === s.id);
      // The latest reading of the last 30 minutes, and the one nearest 30 minutes before it.
      const latest = [...mine].reverse().find((o) => o.observed_at.getTime() > now.getTime() - PAST_MIN * 60_000);
      if (!latest) continue;
      const target = latest.observed_at.getTime() - PAST_MIN * 60_000;
      let past: (typeof mine)[number] | null = null;
      for (const o of mine) {
        if (Math.abs(o.observed_at.getTime() - target) > 10 * 60_000) continue;
        if (!past || Math.abs(o.observed_at.getTime() - target) < Math.abs(past.observed_at.getTime() - target))
          past = o;
      }
      const [x, y] = toFrame(frame, s.lng, s.lat);
      inputs.push({
        x,
        y,
        visibilityM: latest.visibility_m,
        pastVisibilityM: past?.visibility_m ?? null,
        windU: latest.wind_u ?? Number.NaN,
        windV: latest.wind_v ?? Number.NaN,
      });
    }
    if (inputs.length < 3) return { nowcastId: null, warnings: 0 };
    const t0 = performance.now();
    const result = nowcast({ nx: frame.nx, ny: frame.ny, cellKm: frame.cellKm }, inputs, {
      leadsMin: LEADS_MIN,
      pastMinutes: PAST_MIN,
    });
    const roads = await roadsOf(this.p.db, stationId);
    const found = roadFogWarnings(frame, result.fields, result.leadsMin, roads);
    const tookMs = Math.round(performance.now() - t0);
    const before = await activeWarnings(this.p.db, stationId);
    // A red stretch of the same expressway keeps the incident it already raised.
    const redIncidents = new Map(
      before.filter((w) => w.grade === 'red' && w.incident_id).map((w) => [w.road_id, w.incident_id as string]),
    );
    const stored = await this.p.db.tx(async (tx) => {
      const id = await insertNowcast(tx, {
        stationId,
        issuedAt: now,
        frame,
        leads: result.leadsMin,
        fields: result.fields.map((f) => Array.from(f, (v) => Math.round(v))),
        used: inputs.length,
        tookMs,
      });
      const rows = await replaceWarnings(
        tx,
        stationId,
        id,
        found.map((w) => ({
          ...w,
          incidentId: w.grade === 'red' && w.expressway ? (redIncidents.get(w.roadId) ?? null) : null,
        })),
        now,
        new Date(now.getTime() + WARNING_TTL_MS),
      );
      await this.p.audit.record(
        NOWCAST_ACTOR,
        {
          action: 'traffic.fog.nowcast',
          resourceType: 'fog_nowcast',
          resourceId: String(id),
          details: {
            stations: inputs.length,
            warnings: rows.length,
            red: rows.filter((r) => r.grade === 'red').length,
          },
        },
        tx,
      );
      return { id, rows };
    });
    for (const w of stored.rows.filter((r) => r.grade === 'red' && r.road_kind === 'expressway' && !r.incident_id))
      await this.raiseIncident(w);
    return { nowcastId: stored.id, warnings: stored.rows.length };
  }

  private async raiseIncident(w: WarningRow): Promise<void> {
    const mid = w.path[Math.floor(w.path.length / 2)] ?? w.path[0];
    try {
      const r = await this.deps.intake.create(
        {
          stationId: w.station_id,
          userId: null,
          name: '能见度临近预报',
          audit: NOWCAST_ACTOR,
        },
        {
          source: 'camera',
          sourceRef: `fog-warning:${w.id}`,
          categoryCode: 'traffic.fog',
          priority: 'urgent',
          summary: `大雾红色预警：${w.road_name}能见度低于50米`,
          description: [
            `${w.road_name} 约${w.length_km}公里路段，预计${w.from_lead_min === 0 ? '当前' : `${w.from_lead_min}分钟内`}能见度降至${w.min_visibility_m}米。`,
            w.instruction_zh,
            '请立即协调高速交警实施交通管制、引导车辆驶离。',
          ].join('\n'),
          address: `${w.road_name}（团雾路段）`,
          ...(mid ? { location: { lng: mid[0], lat: mid[1], crs: 'WGS84' as const } } : {}),
          persons: [],
          vehicles: [],
          dispatch: 'none',
        },
        { idempotencyKey: `fog-red:${w.id}` },
      );
      await setWarningIncident(this.p.db, w.id, r.incidentId);
    } catch (e) {
      // The warning stands; the next run (10 minutes) tries the incident again.
      this.p.log.error({ err: e, warningId: w.id }, 'fog: the command-room incident could not be created');
    }
  }

  async latest(ctx: Ctx): Promise<FogNowcastView | null> {
    const stationId = this.stationOf(ctx);
    const n = await latestNowcast(this.p.db, stationId);
    if (!n) return null;
    const warnings = await activeWarnings(this.p.db, stationId);
    return {
      id: n.id,
      issuedAt: n.issued_at.toISOString(),
      frame: n.frame,
      leads: n.leads,
      fields: n.fields,
      stationsUsed: n.stations_used,
      tookMs: n.took_ms,
      warnings: warnings.map(warningView),
    };
  }

  async warnings(ctx: Ctx): Promise<FogWarningView[]> {
    return (await activeWarnings(this.p.db, this.stationOf(ctx))).map(warningView);
  }

  /** The CAP 1.2 alert of one warning (public: alerts are for publication). */
  async cap(id: string): Promise<string> {
    const w = await getWarning(this.p.db, id);
    if (!w) throw notFound('warning');
    const stations = await this.deps.stations();
    const station = stations.find((s) => s.id === w.station_id);
    const vis = w.min_visibility_m;
    return capFogAlertXml({
      identifier: `fengqiao.fog.${w.id}`,
      sender: `fog@${station?.code ?? 'fengqiao'}.fengqiao`,
      senderName: station?.name ?? '',
      sent: w.issued_at,
      msgType: w.status === 'ended' ? 'Cancel' : 'Alert',
      references: [],
      grade: w.grade,
      effective: w.issued_at,
      expires: w.expires_at,
      headline: `${w.road_name}大雾${GRADE_ZH[w.grade]}预警`,
      description: `预计${w.from_lead_min === 0 ? '当前' : `${w.from_lead_min}分钟内`}${w.road_name}约${w.length_km}公里路段能见度降至${vis}米。`,
      instruction: w.instruction_zh,
      areaDesc: `${w.road_name}（${w.length_km}公里）`,
      polygon: w.polygon,
      minVisibilityM: vis,
      roadName: w.road_name,
    });
  }
}

function warningView(w: WarningRow): FogWarningView {
  return {
    id: w.id,
    roadId: w.road_id,
    roadName: w.road_name,
    roadKind: w.road_kind,
    grade: w.grade,
    minVisibilityM: w.min_visibility_m,
    fromLeadMin: w.from_lead_min,
    lengthKm: Number(w.length_km),
    path: w.path,
    polygon: w.polygon,
    maxSpeedKmh: w.max_speed_kmh,
    minGapM: w.min_gap_m,
    instructionZh: w.instruction_zh,
    instructionEn: w.instruction_en,
    issuedAt: w.issued_at.toISOString(),
    expiresAt: w.expires_at.toISOString(),
    incidentId: w.incident_id,
    capUrl: `/api/traffic/fog/warnings/${w.id}/cap.xml`,
  };
}
