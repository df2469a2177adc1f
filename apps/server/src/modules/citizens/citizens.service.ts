import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { CitizenView } from '@fengqiao/contracts';
import { parsePhone } from '@fengqiao/domain';
import type { AuditActor } from '../../platform/audit/audit.types';
import { AppError, fieldError, notFound } from '../../platform/errors';
import type { CitizenActor } from '../../platform/http/route-policy';
import type { Platform } from '../../platform/platform';
import type { CitizenConfig } from './citizens.config';
import {
  codeCounts,
  endCitizenSession,
  findCitizenSession,
  getCitizen,
  insertCitizenSession,
  insertCode,
  latestCode,
  lockPhone,
  markCodeUsed,
  recordWrongCode,
  setCitizenName,
  touchCitizenSession,
  upsertCitizen,
} from './citizens.repository';
import type { OtpSender } from './otp-sender';

export const CITIZEN_COOKIE = 'fq_citizen';

/** The caller of a citizen route. */
export interface CitizenCtx {
  citizen: CitizenActor;
  audit: AuditActor;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');
const codeHash = (codeId: string, code: string) => sha256(`${codeId}:${code}`);

type VerifyOutcome =
  | { ok: false; fail: 'code_missing' | 'code_expired' | 'code_burned' | 'code_wrong'; left: number }
  | { ok: true; token: string; expiresAt: Date; citizenId: string };

/** Extra facts about a citizen that another module supplies (booking suspension lives in the hall). */
export type CitizenExtras = (citizenId: string) => Promise<{ bookingSuspendedUntil: string | null }>;

/**
 * Citizens sign in by phone with a one-time code: a six-digit code sent
 * through the configured sender, valid 5 minutes, burned after 5 wrong
 * tries, with per-phone and per-IP limits counted in the database (so they
 * hold across server processes). The session is a random token in the
 * `fq_citizen` cookie; the table keeps its hash.
 */
export class CitizensService {
  private extras: CitizenExtras = async () => ({ bookingSuspendedUntil: null });

  constructor(
    private readonly p: Platform,
    private readonly config: CitizenConfig,
    private sender: OtpSender,
  ) {}

  /** Swaps the code sender (tests inject a memory sender). */
  useSender(sender: OtpSender): void {
    this.sender = sender;
  }

  get senderName(): string {
    return this.sender.name;
  }

  setExtras(extras: CitizenExtras): void {
    this.extras = extras;
  }

  async requestCode(
    phoneInput: string,
    ip: string | null,
    audit: AuditActor,
  ): Promise<{ phone: string; expiresInSeconds: number; resendAfterSeconds: number }> {
    const phone = this.sealPhone(phoneInput);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const codeId = randomUUID();
    const now = this.p.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.codeTtlMs);
    const refused = await this.p.db.tx(async (tx) => {
      await lockPhone(tx, phone.bidx);
      const counts = await codeCounts(tx, phone.bidx, ip, new Date(now.getTime() - 3_600_000));
      if (counts.last_at && now.getTime() - counts.last_at.getTime() < this.config.resendMs) {
        const wait = Math.ceil((this.config.resendMs - (now.getTime() - counts.last_at.getTime())) / 1000);
        return { reason: 'resend_too_soon', message: `wait ${wait} s before asking for another code` };
      }
      if (counts.phone_hour >= this.config.perPhoneHourly) {
        return { reason: 'phone_hourly_limit', message: 'too many codes for this number; try again in an hour' };
      }
      if (counts.ip_hour >= this.config.perIpHourly) {
        return { reason: 'ip_hourly_limit', message: 'too many codes from this network; try again later' };
      }
      await insertCode(tx, { id: codeId, phoneBidx: phone.bidx, codeHash: codeHash(codeId, code), ip, now, expiresAt });
      await this.p.audit.record(
        audit,
        { action: 'citizen.code_sent', resourceType: 'citizen_phone', details: { phone: phone.masked } },
        tx,
      );
      return null;
    });
    if (refused) {
      await this.p.audit.record(audit, {
        action: 'citizen.code_refused',
        outcome: 'denied',
        resourceType: 'citizen_phone',
        details: { phone: phone.masked, reason: refused.reason },
      });
      throw new AppError('rate_limited', refused.message, undefined, refused.reason);
    }
    await this.sender.send({
      phone: this.p.pii.open(phone.enc) ?? '',
      masked: phone.masked,
      code,
      expiresAt,
      text: `【${this.config.signature}】您的验证码为${code}，5分钟内有效。如非本人操作，请忽略本短信。`,
    });
    return {
      phone: phone.masked,
      expiresInSeconds: Math.round(this.config.codeTtlMs / 1000),
      resendAfterSeconds: Math.round(this.config.resendMs / 1000),
    };
  }

  /** Checks a code; on success creates (or finds) the citizen and a session. */
  async verify(
    phoneInput: string,
    code: string,
    name: string | null,
    meta: { ip: string | null; userAgent: string | null; audit: AuditActor },
  ): Promise<{ token: string; expiresAt: Date; citizen: CitizenView }> {
    const phone = this.sealPhone(phoneInput);
    const now = this.p.clock.now();
    // Wrong tries must count even though the request fails: decide inside, throw after commit.
    const outcome = await this.p.db.tx(async (tx): Promise<VerifyOutcome> => {
      await lockPhone(tx, phone.bidx);
      const c = await latestCode(tx, phone.bidx);
      if (!c || c.used_at || c.burned_at) return { ok: false, fail: 'code_missing', left: 0 };
      if (now.getTime() >= c.expires_at.getTime()) return { ok: false, fail: 'code_expired', left: 0 };
      const expected = Buffer.from(c.code_hash);
      const given = Buffer.from(codeHash(c.id, code));
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        const burn = c.attempts + 1 >= this.config.maxAttempts;
        await recordWrongCode(tx, c.id, now, burn);
        return { ok: false, fail: burn ? 'code_burned' : 'code_wrong', left: this.config.maxAttempts - c.attempts - 1 };
      }
      await markCodeUsed(tx, c.id, now);
      const citizen = await upsertCitizen(tx, phone, name, now);
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + this.config.sessionAbsoluteMs);
      await insertCitizenSession(tx, {
        id: sha256(token),
        citizenId: citizen.id,
        now,
        expiresAt,
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
      });
      await this.p.audit.record(
        { ...meta.audit, name: `citizen:${citizen.id}` },
        { action: 'citizen.sign_in', resourceType: 'citizen', resourceId: citizen.id },
        tx,
      );
      return { ok: true, token, expiresAt, citizenId: citizen.id };
    });
    if (!outcome.ok) {
      await this.p.audit.record(meta.audit, {
        action: 'citizen.sign_in',
        outcome: 'denied',
        resourceType: 'citizen_phone',
        details: { phone: phone.masked, reason: outcome.fail },
      });
      const messages = {
        code_missing: 'no code is outstanding for this number: ask for a new one',
        code_expired: 'the code has expired: ask for a new one',
        code_burned: 'too many wrong codes: ask for a new one',
        code_wrong: `wrong code; ${outcome.left} tries left`,
      } as const;
      throw fieldError('body.code', outcome.fail, messages[outcome.fail]);
    }
    return { token: outcome.token, expiresAt: outcome.expiresAt, citizen: await this.view(outcome.citizenId) };
  }

  /** The signed-in citizen of a cookie token, or null (unknown, ended, idle or expired). */
  async resolve(token: string): Promise<CitizenActor | null> {
    const id = sha256(token);
    const row = await findCitizenSession(this.p.db, id);
    if (!row || row.ended_at) return null;
    const now = this.p.clock.now();
    if (now.getTime() >= row.expires_at.getTime()) {
      await endCitizenSession(this.p.db, id, now, 'expired');
      return null;
    }
    if (now.getTime() - row.last_seen_at.getTime() >= this.config.sessionIdleMs) {
      await endCitizenSession(this.p.db, id, now, 'idle');
      return null;
    }
    if (now.getTime() - row.last_seen_at.getTime() > 60_000) await touchCitizenSession(this.p.db, id, now);
    return { citizenId: row.citizen_id, sessionId: id, phoneMasked: row.phone_masked, name: row.name };
  }

  async logout(ctx: CitizenCtx): Promise<void> {
    await this.p.db.tx(async (tx) => {
      await endCitizenSession(tx, ctx.citizen.sessionId, this.p.clock.now(), 'logout');
      await this.p.audit.record(
        ctx.audit,
        { action: 'citizen.sign_out', resourceType: 'citizen', resourceId: ctx.citizen.citizenId },
        tx,
      );
    });
  }

  async view(citizenId: string): Promise<CitizenView> {
    const c = await getCitizen(this.p.db, citizenId);
    if (!c) throw notFound('citizen');
    const extras = await this.extras(citizenId);
    return { id: c.id, phone: c.phone_masked, name: c.name, bookingSuspendedUntil: extras.bookingSuspendedUntil };
  }

  async rename(ctx: CitizenCtx, name: string): Promise<CitizenView> {
    await this.p.db.tx(async (tx) => {
      await setCitizenName(tx, ctx.citizen.citizenId, name);
      await this.p.audit.record(
        ctx.audit,
        { action: 'citizen.rename', resourceType: 'citizen', resourceId: ctx.citizen.citizenId },
        tx,
      );
    });
    return this.view(ctx.citizen.citizenId);
  }

  /** The citizen's full phone, for services that must contact them (home visits); callers audit the use. */
  async phoneOf(citizenId: string): Promise<string | null> {
    const c = await getCitizen(this.p.db, citizenId);
    return c ? this.p.pii.open(c.phone_enc) : null;
  }

  async maskedPhoneOf(citizenId: string): Promise<string | null> {
    return (await getCitizen(this.p.db, citizenId))?.phone_masked ?? null;
  }

  /**
   * Opens a session without a code, for server-side tooling (tests,
   * benchmarks, demo): never reachable over HTTP.
   */
  async openSession(phoneInput: string, name: string | null = null): Promise<{ token: string; citizenId: string }> {
    const phone = this.sealPhone(phoneInput);
    const now = this.p.clock.now();
    return this.p.db.tx(async (tx) => {
      const citizen = await upsertCitizen(tx, phone, name, now);
      const token = randomBytes(32).toString('base64url');
      await insertCitizenSession(tx, {
        id: sha256(token),
        citizenId: citizen.id,
        now,
        expiresAt: new Date(now.getTime() + this.config.sessionAbsoluteMs),
        ip: null,
        userAgent: 'server',
      });
      return { token, citizenId: citizen.id };
    });
  }

  private sealPhone(input: string) {
    const r = parsePhone(input);
    if (!r.ok) throw fieldError('body.phone', 'phone_format', 'not a mainland phone number');
    // Sign-in is by mobile: a landline cannot receive the code.
    if (r.kind !== 'mobile') throw fieldError('body.phone', 'phone_not_mobile', 'a mobile number receives the code');
    return this.p.pii.sealPhone(r.value);
  }
}
