import { createHash, randomInt } from 'node:crypto';
import type {
  AccidentCaseView,
  AccidentCreateRequest,
  AccidentEligibilityResponse,
  AccidentPartyInput,
  AccidentStats,
} from '@fengqiao/contracts';
import {
  ACCIDENT_TYPE_TEXT,
  type AccidentType,
  type CrsName,
  chinaDay,
  ELIGIBILITY_TEXT,
  ineligibleReasons,
  joinCodeOk,
  LIABILITY_SHARES,
  LIABILITY_TEXT,
  type Liability,
  minutesToDocument,
  missingPhotos,
  normalisePlate,
  PHOTO_KINDS,
  PHOTO_MAX_BYTES,
  PHOTO_TEXT,
  PHOTO_TYPES,
  type PhotoKind,
  toWgs84,
  VEHICLE_TYPE_TEXT,
  type VehicleType,
  WEATHER_TEXT,
  type Weather,
} from '@fengqiao/domain';
import { PersonalDataError } from '../../platform/crypto/personal-data';
import type { Tx } from '../../platform/db/db';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors';
import { readFile, storeFile } from '../../platform/files/files.service';
import type { Ctx, Platform } from '../../platform/platform';
import type { CitizenCtx, CitizensService } from '../citizens';
import { incidentNumbers } from '../incidents';
import { type AccidentDocument, renderAccidentPdf } from './accident.pdf';
import {
  type CaseRow,
  casesOfCitizen,
  casesOfStation,
  findByJoinCode,
  getCase,
  insertCase,
  insertDeliveries,
  insertPhoto,
  joinCodeInUse,
  nextCaseSeq,
  type PhotoRow,
  photosOf,
  type StoredParty,
  updateCase,
} from './accidents.repository';
import type { TrafficDeps } from './deps';
import type { TrafficConfig } from './traffic.config';

const JOIN_CODE_TTL_MS = 2 * 3_600_000;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const joinHash = (code: string) => sha(`traffic-join:${code}`);

function chinaTime(d: Date): string {
  const l = new Date(d.getTime() + 8 * 3_600_000);
  return `${l.getUTCFullYear()}年${l.getUTCMonth() + 1}月${l.getUTCDate()}日 ${String(l.getUTCHours()).padStart(2, '0')}:${String(l.getUTCMinutes()).padStart(2, '0')}`;
}

/**
 * Minor-accident quick handling (快处快赔). Eligibility first (an ineligible
 * accident becomes a command-room incident); party A opens the case with
 * both drivers, vehicles and insurers and the guided photos; party B joins
 * with a six-digit code and confirms; equal statements of liability make an
 * agreement both sign on their phones (PDF); different statements, or a
 * request, go to an officer who reviews remotely and issues a liability
 * determination (PDF). Documents queue a delivery to each insurer.
 */
export class AccidentsService {
  constructor(
    private readonly p: Platform,
    private readonly deps: TrafficDeps,
    private readonly citizens: CitizensService,
    private readonly config: TrafficConfig,
  ) {}

  private async stationAt(lng: number, lat: number): Promise<{ stationId: string; gridId: string | null }> {
    const hit = await this.deps.lookup.lookup(lng, lat);
    if (hit.grid) return { stationId: hit.grid.station_id, gridId: hit.grid.id };
    const stations = await this.deps.stations();
    // Outside every grid: the nearest station takes it.
    let best = stations[0];
    let bestD = Number.POSITIVE_INFINITY;
    for (const s of stations) {
      if (!s.center) continue;
      const d = (s.center[0] - lng) ** 2 + (s.center[1] - lat) ** 2;
      if (d < bestD) {
        bestD = d;
        best = s;
      }
    }
    if (!best) throw conflict('no station takes accident reports', 'no_station');
    return { stationId: best.id, gridId: null };
  }

  /** The eligibility questions: an accident that fails any becomes an incident for the command room. */
  async eligibility(
    c: CitizenCtx,
    b: {
      clientId: string;
      eligibility: Record<string, boolean>;
      lng: number;
      lat: number;
      crs: CrsName;
      address: string;
      description: string;
    },
  ): Promise<AccidentEligibilityResponse> {
    const reasons = ineligibleReasons(b.eligibility as never);
    if (reasons.length === 0) return { eligible: true, reasons: [], incidentId: null, incidentNumber: null };
    const [lng, lat] = toWgs84([b.lng, b.lat], b.crs) as [number, number];
    const { stationId } = await this.stationAt(lng, lat);
    const why = reasons.map((r) => ELIGIBILITY_TEXT[r].zh.replace(/^无|^双方均?|有效$/g, '')).join('、');
    const result = await this.deps.intake.create(
      { stationId, userId: null, name: c.citizen.name ?? '快处当事人', audit: c.audit },
      {
        source: 'online',
        sourceRef: `accident-check:${b.clientId}`,
        categoryCode: 'traffic.minor_accident',
        priority: reasons.includes('noInjuries') ? 'urgent' : 'high',
        summary: `交通事故不符合快处条件（${why}）`,
        description: [
          `快处快赔自查未通过：${reasons.map((r) => `「${ELIGIBILITY_TEXT[r].zh}」否`).join('，')}`,
          b.description,
          `报警人手机：${c.citizen.phoneMasked}`,
        ]
          .filter(Boolean)
          .join('\n'),
        address: b.address,
        location: { lng, lat, crs: 'WGS84' },
        ...(c.citizen.name ? { callerName: c.citizen.name } : {}),
        persons: [],
        vehicles: [],
        dispatch: 'none',
      },
      { idempotencyKey: `traffic-eligibility:${b.clientId}` },
    );
    const numbers = await incidentNumbers(this.p.db, [result.incidentId]);
    await this.p.audit.record(c.audit, {
      action: 'traffic.accident.referred',
      resourceType: 'incident',
      resourceId: result.incidentId,
      details: { reasons },
    });
    return {
      eligible: false,
      reasons,
      incidentId: result.incidentId,
      incidentNumber: numbers.get(result.incidentId) ?? null,
    };
  }

  private party(role: 'a' | 'b', x: AccidentPartyInput, path: string): StoredParty {
    const plate = normalisePlate(x.plate);
    if (!plate) throw fieldError(`${path}.plate`, 'plate_format', 'not a licence plate (e.g. 冀R12345)');
    let licence: { enc: string; masked: string };
    try {
      licence = this.p.pii.sealIdNumber(x.licenceNo);
    } catch (e) {
      if (e instanceof PersonalDataError) throw fieldError(`${path}.licenceNo`, e.code, 'not a valid licence number');
      throw e;
    }
    return {
      role,
      name: x.name,
      licenceEnc: licence.enc,
      licenceMasked: licence.masked,
      plate,
      vehicleType: x.vehicleType,
      insurer: x.insurer,
      policyNo: x.policyNo,
    };
  }

  /** Party A opens the case; nothing is stored when any part is wrong. A replay of the same clientId returns the case. */
  async create(c: CitizenCtx, b: AccidentCreateRequest): Promise<{ status: number; body: AccidentCaseView }> {
    const reasons = ineligibleReasons(b.eligibility);
    if (reasons.length > 0)
      throw fieldError('body.eligibility', 'ineligible', 'this accident cannot be handled quickly: call 110');
    const now = this.p.clock.now();
    const occurredAt = new Date(b.occurredAt);
    if (occurredAt.getTime() > now.getTime() + 5 * 60_000)
      throw fieldError('body.occurredAt', 'in_future', 'the time is in the future');
    if (occurredAt.getTime() < now.getTime() - 24 * 3_600_000)
      throw fieldError('body.occurredAt', 'too_old', 'quick handling is for accidents of the last 24 hours');
    const a = this.party('a', b.partyA, 'body.partyA');
    const bb = this.party('b', b.partyB, 'body.partyB');
    if (a.plate === bb.plate)
      throw fieldError('body.partyB.plate', 'same_plate', 'the two vehicles have the same plate');
    const [lng, lat] = toWgs84([b.lng, b.lat], b.crs) as [number, number];
    const { stationId, gridId } = await this.stationAt(lng, lat);
    const stored = await this.p.db.tx(async (tx) => {
      let code = '';
      for (let i = 0; i < 20; i++) {
        code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        if (!(await joinCodeInUse(tx, joinHash(code), now))) break;
      }
      const seq = await nextCaseSeq(tx);
      const number = `KC${chinaDay(now).replaceAll('-', '')}${String(seq % 100_000).padStart(5, '0')}`;
      const r = await insertCase(tx, {
        stationId,
        number,
        clientId: b.clientId,
        eligibility: b.eligibility,
        occurredAt,
        lng,
        lat,
        address: b.address,
        gridId,
        weather: b.weather,
        accidentType: b.accidentType,
        description: b.description,
        aCitizenId: c.citizen.citizenId,
        parties: [a, bb],
        joinCodeHash: joinHash(code),
        joinCodeEnc: this.p.pii.encryptSecret(code),
        joinCodeExpiresAt: new Date(now.getTime() + JOIN_CODE_TTL_MS),
        now,
      });
      if (r.created)
        await this.p.audit.record(
          c.audit,
          { action: 'traffic.accident.create', resourceType: 'accident_case', resourceId: r.id, details: { number } },
          tx,
        );
      return r;
    });
    const row = await getCase(this.p.db, stored.id);
    if (!row || row.a_citizen_id !== c.citizen.citizenId) throw conflict('this request id was used for another case');
    return { status: stored.created ? 201 : 200, body: await this.view(row, 'a') };
  }

  private sideOf(row: CaseRow, c: CitizenCtx): 'a' | 'b' {
    if (row.a_citizen_id === c.citizen.citizenId) return 'a';
    if (row.b_citizen_id === c.citizen.citizenId) return 'b';
    throw notFound('case');
  }

  private async own(c: CitizenCtx, id: string): Promise<{ row: CaseRow; side: 'a' | 'b' }> {
    const row = await getCase(this.p.db, id);
    if (!row) throw notFound('case');
    return { row, side: this.sideOf(row, c) };
  }

  async mine(c: CitizenCtx): Promise<AccidentCaseView[]> {
    const rows = await casesOfCitizen(this.p.db, c.citizen.citizenId);
    return Promise.all(rows.map((r) => this.view(r, r.a_citizen_id === c.citizen.citizenId ? 'a' : 'b')));
  }

  async get(c: CitizenCtx, id: string): Promise<AccidentCaseView> {
    const { row, side } = await this.own(c, id);
    return this.view(row, side);
  }

  /** A guided photo from either party; type and size are checked before anything is stored. */
  async addPhoto(c: CitizenCtx, id: string, kind: string, bytes: Buffer, name: string | null) {
    if (!(PHOTO_KINDS as readonly string[]).includes(kind))
      throw fieldError('querystring.kind', 'photo_kind', `one of ${PHOTO_KINDS.join(', ')}`);
    const { row, side } = await this.own(c, id);
    if (row.status === 'documented' || row.status === 'referred')
      throw conflict('the case is closed: no more photos', 'case_closed');
    const now = this.p.clock.now();
    await this.p.db.tx(async (tx) => {
      const f = await storeFile(tx, bytes, {
        stationId: row.station_id,
        purpose: 'traffic.accident_photo',
        createdBy: null,
        originalName: name,
        allowed: PHOTO_TYPES,
        maxBytes: PHOTO_MAX_BYTES,
        field: 'body.file',
        now,
      });
      const photoId = await insertPhoto(tx, { caseId: row.id, kind, fileId: f.id, party: side, now });
      await this.p.audit.record(
        c.audit,
        {
          action: 'traffic.accident.photo',
          resourceType: 'accident_case',
          resourceId: row.id,
          details: { kind, photoId },
        },
        tx,
      );
    });
    return this.get(c, id);
  }

  async photo(c: CitizenCtx | null, ctx: Ctx | null, id: string, photoId: string) {
    const row = await getCase(this.p.db, id);
    if (!row) throw notFound('photo');
    if (c) this.sideOf(row, c);
    if (ctx && ctx.actor.stationId !== row.station_id) throw notFound('photo');
    const photo = (await photosOf(this.p.db, [row.id])).find((x) => x.id === photoId);
    if (!photo) throw notFound('photo');
    const f = await readFile(this.p.db, photo.file_id);
    if (!f) throw notFound('photo');
    return f;
  }

  /** Party B joins with the code party A shows; a wrong or expired code changes nothing. */
  async join(c: CitizenCtx, code: string): Promise<AccidentCaseView> {
    const clean = code.replace(/\s/g, '');
    if (!joinCodeOk(clean)) throw fieldError('body.code', 'join_code_format', 'the code has six digits');
    const now = this.p.clock.now();
    const id = await this.p.db.tx(async (tx) => {
      const row = await findByJoinCode(tx, joinHash(clean), now);
      if (!row) throw fieldError('body.code', 'join_code_wrong', 'no open case has this code (or it expired)');
      if (row.a_citizen_id === c.citizen.citizenId)
        throw conflict('you opened this case: the other driver joins with the code', 'own_case');
      await updateCase(
        tx,
        row.id,
        row.version,
        { b_citizen_id: c.citizen.citizenId, status: 'joined', join_code_hash: null, join_code_enc: null },
        now,
      );
      await this.p.audit.record(
        c.audit,
        { action: 'traffic.accident.join', resourceType: 'accident_case', resourceId: row.id, details: {} },
        tx,
      );
      return row.id;
    });
    return this.get(c, id);
  }

  /** A party states the liability (party B also confirms the facts); equal statements make an agreement. */
  async statement(c: CitizenCtx, id: string, liability: Liability): Promise<AccidentCaseView> {
    const now = this.p.clock.now();
    await this.p.db.tx(async (tx) => {
      const row = await getCase(tx, id, true);
      if (!row) throw notFound('case');
      const side = this.sideOf(row, c);
      if (row.status !== 'open' && row.status !== 'joined')
        throw conflict('liability can no longer be changed', 'case_not_open');
      if (side === 'b' && row.status !== 'joined') throw conflict('join the case first', 'not_joined');
      const missing = missingPhotos((await photosOf(tx, [row.id])).map((x) => x.kind));
      if (missing.length > 0)
        throw new AppError('conflict', `photos missing: ${missing.join(', ')}`, undefined, 'photos_missing');
      const a = side === 'a' ? liability : row.a_liability;
      const b = side === 'b' ? liability : row.b_liability;
      const set: Record<string, unknown> =
        side === 'a' ? { a_liability: liability } : { b_liability: liability, b_confirmed_at: now };
      if (a && b && row.b_citizen_id) {
        if (a === b) set.status = 'agreed';
        else {
          set.status = 'review';
          set.review_requested_at = now;
        }
      }
      await updateCase(tx, row.id, row.version, set, now);
      await this.p.audit.record(
        c.audit,
        {
          action: 'traffic.accident.statement',
          resourceType: 'accident_case',
          resourceId: row.id,
          details: { side, liability, status: set.status ?? row.status },
        },
        tx,
      );
    });
    return this.get(c, id);
  }

  /** Either party asks for an officer's remote review instead of agreeing. */
  async requestReview(c: CitizenCtx, id: string): Promise<AccidentCaseView> {
    const now = this.p.clock.now();
    await this.p.db.tx(async (tx) => {
      const row = await getCase(tx, id, true);
      if (!row) throw notFound('case');
      this.sideOf(row, c);
      if (row.status === 'review') return;
      if (row.status !== 'joined' && row.status !== 'agreed')
        throw conflict('both parties must be on the case first', 'not_joined');
      const missing = missingPhotos((await photosOf(tx, [row.id])).map((x) => x.kind));
      if (missing.length > 0)
        throw new AppError('conflict', `photos missing: ${missing.join(', ')}`, undefined, 'photos_missing');
      await updateCase(
        tx,
        row.id,
        row.version,
        { status: 'review', review_requested_at: now, a_signed_at: null, b_signed_at: null },
        now,
      );
      await this.p.audit.record(
        c.audit,
        { action: 'traffic.accident.review_requested', resourceType: 'accident_case', resourceId: row.id, details: {} },
        tx,
      );
    });
    return this.get(c, id);
  }

  /** A party signs the agreement by typing their name; the second signature produces the PDF. */
  async sign(c: CitizenCtx, id: string, signature: string): Promise<AccidentCaseView> {
    const first = await getCase(this.p.db, id);
    if (!first) throw notFound('case');
    const side = this.sideOf(first, c);
    if (first.status !== 'agreed') throw conflict('there is no agreement to sign', 'not_agreed');
    const me = first.parties.find((x) => x.role === side);
    if (!me || me.name.replace(/\s/g, '') !== signature.replace(/\s/g, ''))
      throw fieldError('body.signature', 'signature_mismatch', 'type your name exactly as it appears on the case');
    const now = this.p.clock.now();
    const otherSigned = side === 'a' ? first.b_signed_at : first.a_signed_at;
    // The PDF is rendered before the transaction; the version check makes a concurrent change win.
    const pdf = otherSigned
      ? await this.render(first, 'agreement', {
          liability: first.a_liability as Liability,
          determination: null,
          officer: null,
          signed: { a: first.a_signed_at ?? now, b: first.b_signed_at ?? now },
          at: now,
        })
      : null;
    await this.p.db.tx(async (tx) => {
      const set: Record<string, unknown> =
        side === 'a' ? { a_signed_at: now, a_signature: signature } : { b_signed_at: now, b_signature: signature };
      if (pdf) {
        const f = await storeFile(tx, pdf, {
          stationId: first.station_id,
          purpose: 'traffic.accident_agreement',
          createdBy: null,
          originalName: `${first.number}.pdf`,
          allowed: ['application/pdf'],
          maxBytes: 20 * 1024 * 1024,
          now,
        });
        Object.assign(set, {
          status: 'documented',
          liability: first.a_liability,
          document_kind: 'agreement',
          document_file_id: f.id,
          document_at: now,
        });
      }
      if (!(await updateCase(tx, first.id, first.version, set, now)))
        throw conflict('the case changed meanwhile: reload and sign again', 'version_conflict');
      await this.p.audit.record(
        c.audit,
        {
          action: 'traffic.accident.sign',
          resourceType: 'accident_case',
          resourceId: first.id,
          details: { side, documented: !!pdf },
        },
        tx,
      );
      if (pdf) await this.queueInsurers(tx, first, first.a_liability as Liability, 'agreement', now);
    });
    return this.get(c, id);
  }

  private async render(
    row: CaseRow,
    kind: 'agreement' | 'determination',
    o: {
      liability: Liability;
      determination: string | null;
      officer: string | null;
      signed: { a: Date | null; b: Date | null };
      at: Date;
    },
  ): Promise<Buffer> {
    const stations = await this.deps.stations();
    const photos = await photosOf(this.p.db, [row.id]);
    const phones = await Promise.all([
      this.citizens.maskedPhoneOf(row.a_citizen_id),
      row.b_citizen_id ? this.citizens.maskedPhoneOf(row.b_citizen_id) : Promise.resolve(null),
    ]);
    const doc: AccidentDocument = {
      kind,
      number: row.number,
      stationName: stations.find((s) => s.id === row.station_id)?.name ?? '',
      occurredAt: chinaTime(row.occurred_at),
      address: row.address,
      weather: WEATHER_TEXT[row.weather as Weather]?.zh ?? row.weather,
      accidentType: ACCIDENT_TYPE_TEXT[row.accident_type as AccidentType]?.zh ?? row.accident_type,
      facts: row.description,
      parties: row.parties.map((p, i) => ({
        role: p.role,
        name: p.name,
        licenceMasked: p.licenceMasked,
        phoneMasked: phones[i] ?? null,
        plate: p.plate,
        vehicleType: VEHICLE_TYPE_TEXT[p.vehicleType as VehicleType]?.zh ?? p.vehicleType,
        insurer: p.insurer,
        policyNo: p.policyNo,
        signedAt: kind === 'agreement' ? chinaTime((p.role === 'a' ? o.signed.a : o.signed.b) ?? o.at) : null,
      })),
      liabilityText: LIABILITY_TEXT[o.liability].zh,
      shares: LIABILITY_SHARES[o.liability],
      determination: o.determination,
      officer: o.officer,
      issuedAt: chinaTime(o.at),
      photos: photos.map((x) => PHOTO_TEXT[x.kind as PhotoKind]?.zh ?? x.kind),
    };
    return renderAccidentPdf(doc);
  }

  /** One delivery per insurer of the case, sent by the insurer job (webhook) or left for the export. */
  private async queueInsurers(tx: Tx, row: CaseRow, liability: Liability, kind: string, now: Date) {
    const shares = LIABILITY_SHARES[liability];
    const insurers = [...new Set(row.parties.map((p) => p.insurer))];
    const payload = (insurer: string) => ({
      caseNumber: row.number,
      document: kind,
      occurredAt: row.occurred_at.toISOString(),
      place: { address: row.address, lng: row.lng, lat: row.lat },
      accidentType: row.accident_type,
      weather: row.weather,
      liability,
      parties: row.parties.map((p, i) => ({
        role: p.role,
        name: p.name,
        licenceMasked: p.licenceMasked,
        plate: p.plate,
        vehicleType: p.vehicleType,
        insurer: p.insurer,
        policyNo: p.policyNo,
        sharePct: shares[i] ?? 0,
        insuredHere: p.insurer === insurer,
      })),
      documentedAt: now.toISOString(),
    });
    const ids = await insertDeliveries(
      tx,
      row.id,
      insurers.map((i) => ({ insurer: i, payload: payload(i) })),
      now,
    );
    for (const deliveryId of ids)
      await this.p.jobs.enqueue(
        tx,
        'traffic.insurer-delivery',
        { deliveryId },
        { dedupeKey: `traffic-insurer:${deliveryId}` },
      );
  }

  // ------------------------------------------------------------------ staff

  private checkStation(ctx: Ctx, row: CaseRow | null): CaseRow {
    if (!row || ctx.actor.stationId !== row.station_id) throw notFound('case');
    return row;
  }

  async list(ctx: Ctx, status?: string): Promise<AccidentCaseView[]> {
    if (!ctx.actor.stationId) throw forbidden();
    const rows = await casesOfStation(this.p.db, ctx.actor.stationId, status);
    return this.views(rows, null);
  }

  async detail(ctx: Ctx, id: string): Promise<AccidentCaseView> {
    const row = this.checkStation(ctx, await getCase(this.p.db, id));
    await this.p.audit.record(ctx.audit, {
      action: 'traffic.accident.read',
      resourceType: 'accident_case',
      resourceId: row.id,
      details: {},
    });
    return this.view(row, null);
  }

  /** The officer's liability determination after the remote review: a PDF, the case documented. */
  async determine(
    ctx: Ctx,
    id: string,
    b: { liability: Liability; text: string; version: number },
  ): Promise<AccidentCaseView> {
    const row = this.checkStation(ctx, await getCase(this.p.db, id));
    if (row.status !== 'review') throw conflict('only cases under review get a determination', 'not_in_review');
    if (row.version !== b.version) throw conflict('the case changed meanwhile: reload', 'version_conflict');
    const now = this.p.clock.now();
    const pdf = await this.render(row, 'determination', {
      liability: b.liability,
      determination: b.text,
      officer: ctx.actor.displayName,
      signed: { a: null, b: null },
      at: now,
    });
    await this.p.db.tx(async (tx) => {
      const f = await storeFile(tx, pdf, {
        stationId: row.station_id,
        purpose: 'traffic.accident_determination',
        createdBy: ctx.actor.userId,
        originalName: `${row.number}.pdf`,
        allowed: ['application/pdf'],
        maxBytes: 20 * 1024 * 1024,
        now,
      });
      const ok = await updateCase(
        tx,
        row.id,
        row.version,
        {
          status: 'documented',
          liability: b.liability,
          determination_text: b.text,
          reviewed_by: ctx.actor.userId,
          reviewer_name: ctx.actor.displayName,
          document_kind: 'determination',
          document_file_id: f.id,
          document_at: now,
        },
        now,
      );
      if (!ok) throw conflict('the case changed meanwhile: reload', 'version_conflict');
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'traffic.accident.determine',
          resourceType: 'accident_case',
          resourceId: row.id,
          details: { liability: b.liability },
        },
        tx,
      );
      await this.queueInsurers(tx, row, b.liability, 'determination', now);
    });
    return this.detail(ctx, id);
  }

  async document(c: CitizenCtx | null, ctx: Ctx | null, id: string): Promise<{ number: string; data: Buffer }> {
    const row = await getCase(this.p.db, id);
    if (!row) throw notFound('document');
    if (c) this.sideOf(row, c);
    if (ctx) this.checkStation(ctx, row);
    if (!row.document_file_id) throw notFound('document');
    const f = await readFile(this.p.db, row.document_file_id);
    if (!f) throw notFound('document');
    return { number: row.number, data: f.data };
  }

  /** Counts and the time from creation to document over the station's cases. */
  async stats(ctx: Ctx): Promise<AccidentStats> {
    if (!ctx.actor.stationId) throw forbidden();
    const r = await this.p.db.query<{ status: string; document_kind: string | null; minutes: number | null }>(
      `SELECT status, document_kind, EXTRACT(EPOCH FROM (document_at - created_at)) / 60 AS minutes
         FROM traffic_accident_cases WHERE station_id = $1`,
      [ctx.actor.stationId],
    );
    const byStatus: Record<string, number> = {};
    const minutes: number[] = [];
    for (const x of r.rows) {
      byStatus[x.status] = (byStatus[x.status] ?? 0) + 1;
      if (x.minutes !== null) minutes.push(Number(x.minutes));
    }
    minutes.sort((a, b) => a - b);
    const referred = await this.p.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM incidents WHERE station_id = $1 AND category_code = 'traffic.minor_accident'`,
      [ctx.actor.stationId],
    );
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      total: r.rows.length,
      byStatus,
      documented: minutes.length,
      avgMinutesToDocument: minutes.length ? round(minutes.reduce((a, b) => a + b, 0) / minutes.length) : null,
      medianMinutesToDocument: minutes.length ? round(minutes[Math.floor((minutes.length - 1) / 2)] as number) : null,
      agreements: r.rows.filter((x) => x.document_kind === 'agreement').length,
      determinations: r.rows.filter((x) => x.document_kind === 'determination').length,
      referred: Number(referred.rows[0]?.n ?? 0),
    };
  }

  // ------------------------------------------------------------------ views

  private async views(rows: CaseRow[], me: 'a' | 'b' | null): Promise<AccidentCaseView[]> {
    const photos = await photosOf(
      this.p.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) =>
      this.toView(
        r,
        me,
        photos.filter((p) => p.case_id === r.id),
      ),
    );
  }

  private async view(row: CaseRow, me: 'a' | 'b' | null): Promise<AccidentCaseView> {
    return this.toView(row, me, await photosOf(this.p.db, [row.id]));
  }

  private toView(row: CaseRow, me: 'a' | 'b' | null, photos: PhotoRow[]): AccidentCaseView {
    const showCode = me === 'a' && row.status === 'open' && !row.b_citizen_id && row.join_code_enc;
    return {
      id: row.id,
      number: row.number,
      status: row.status,
      occurredAt: row.occurred_at.toISOString(),
      point: [row.lng, row.lat],
      address: row.address,
      weather: row.weather as Weather,
      accidentType: row.accident_type as AccidentType,
      description: row.description,
      parties: row.parties.map((p) => ({
        role: p.role,
        name: p.name,
        licenceMasked: p.licenceMasked,
        plate: p.plate,
        vehicleType: p.vehicleType as VehicleType,
        insurer: p.insurer,
        policyNo: p.policyNo,
        liability: ((p.role === 'a' ? row.a_liability : row.b_liability) as Liability | null) ?? null,
        signedAt: (p.role === 'a' ? row.a_signed_at : row.b_signed_at)?.toISOString() ?? null,
      })),
      photos: photos.map((x) => ({
        id: x.id,
        kind: x.kind as PhotoKind,
        party: x.party,
        contentType: x.content_type,
        size: x.size_bytes,
        uploadedAt: x.uploaded_at.toISOString(),
      })),
      missingPhotos: missingPhotos(photos.map((x) => x.kind)),
      me,
      joinCode: showCode ? this.p.pii.open(row.join_code_enc) : null,
      joinCodeExpiresAt: showCode ? (row.join_code_expires_at?.toISOString() ?? null) : null,
      bJoined: row.b_citizen_id !== null,
      liability: (row.liability as Liability | null) ?? null,
      determinationText: row.determination_text,
      reviewer: row.reviewer_name,
      reviewRequestedAt: row.review_requested_at?.toISOString() ?? null,
      documentKind: row.document_kind,
      documentAt: row.document_at?.toISOString() ?? null,
      minutesToDocument: minutesToDocument(row.created_at, row.document_at),
      videoCallUrl:
        row.status === 'review' && this.config.videoUrl
          ? this.config.videoUrl.replaceAll('{number}', row.number)
          : null,
      createdAt: row.created_at.toISOString(),
      version: row.version,
    };
  }
}
