import type { LoginResponse, Me, MfaEnrolment } from '@fengqiao/contracts';
import { type Role, requiresMfa } from '@fengqiao/domain';
import type { AuditActor } from '../../platform/audit/audit.types';
import type { Actor } from '../../platform/auth/actor';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../platform/auth/password';
import { endUserSessions, markMfaPassed } from '../../platform/auth/sessions.repository';
import { newTotpSecret, otpauthUrl, verifyTotp } from '../../platform/auth/totp';
import { AppError, fieldError } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import {
  countRecentFailures,
  findUserByUsername,
  getUser,
  lockUserRow,
  recordLoginAttempt,
  type UserRow,
  updateUser,
} from './users.repository';

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;

const INVALID = 'invalid username or password';

export interface LoginOutcome {
  response: LoginResponse;
  token: string;
  expiresAt: Date;
}

export function meOf(actor: Actor, idleSeconds: number): Me {
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    roles: actor.roles,
    permissions: [...actor.permissions].sort(),
    stationId: actor.stationId,
    stationName: actor.stationName,
    stationNameEn: actor.stationNameEn,
    countyId: actor.countyId,
    countyName: actor.countyName,
    countyNameEn: actor.countyNameEn,
    stationIds: actor.stationIds,
    personId: actor.personId,
    scope: actor.scope,
    gridIds: actor.gridIds,
    mfaEnabled: actor.mfaEnabled,
    mfaRequired: actor.mfaRequired,
    mfaPassed: actor.mfaPassed,
    mustChangePassword: actor.mustChangePassword,
    sessionIdleSeconds: idleSeconds,
    sessionExpiresAt: actor.sessionExpiresAt.toISOString(),
  };
}

/**
 * Sign-in: password (argon2id), then TOTP where enabled or required.
 * Five failures (password or code) within 15 minutes lock the account until
 * a security administrator unlocks it.
 */
export class AuthService {
  constructor(private readonly p: Platform) {}

  async login(username: string, password: string, who: AuditActor, userAgent: string | null): Promise<LoginOutcome> {
    const now = this.p.clock.now();
    const user = await findUserByUsername(this.p.db, username.toLowerCase());
    const attempt = { username, userId: user?.id ?? null, ip: who.ip, at: now };
    if (!user) {
      await burnPasswordCheck(password);
      await recordLoginAttempt(this.p.db, { ...attempt, success: false, reason: 'unknown_user' });
      await this.p.audit.record(who, {
        action: 'auth.login',
        outcome: 'failed',
        details: { username, reason: 'unknown_user' },
      });
      throw new AppError('unauthorized', INVALID, undefined, 'invalid_credentials');
    }
    const subject = {
      ...who,
      userId: user.id,
      name: user.username,
      roles: user.roles as Role[],
      stationId: user.station_id,
    };
    if (user.locked_at) {
      await burnPasswordCheck(password);
      await recordLoginAttempt(this.p.db, { ...attempt, success: false, reason: 'locked' });
      await this.p.audit.record(subject, { action: 'auth.login', outcome: 'denied', details: { reason: 'locked' } });
      throw new AppError(
        'locked',
        'this account is locked; a security administrator must unlock it',
        undefined,
        'account_locked',
      );
    }
    const ok = await verifyPassword(user.password_hash, password);
    if (!ok) {
      await this.recordFailure(user, subject, 'password');
      throw new AppError('unauthorized', INVALID, undefined, 'invalid_credentials');
    }
    if (user.status !== 'active') {
      await recordLoginAttempt(this.p.db, { ...attempt, success: false, reason: 'disabled' });
      await this.p.audit.record(subject, { action: 'auth.login', outcome: 'denied', details: { reason: 'disabled' } });
      throw new AppError('forbidden', 'this account is disabled', undefined, 'account_disabled');
    }
    const mfaEnabled = user.totp_enabled_at !== null;
    const mfaRequired = requiresMfa(user.roles as Role[]);
    const { token, expiresAt } = await this.p.db.tx(async (tx) => {
      await recordLoginAttempt(tx, { ...attempt, success: true, reason: null });
      await updateUser(tx, user.id, now, { last_login_at: now });
      const s = await this.p.sessions.create(tx, user.id, !mfaEnabled && !mfaRequired, who.ip, userAgent);
      await this.p.audit.record(
        subject,
        { action: 'auth.login', details: { step: 'password', mfa: mfaEnabled || mfaRequired } },
        tx,
      );
      return s;
    });
    const state = mfaEnabled ? 'mfa_required' : mfaRequired ? 'mfa_enrolment_required' : 'authenticated';
    if (state !== 'authenticated') return { response: { state }, token, expiresAt };
    const resolved = await this.p.sessions.resolve(token);
    if (!resolved.ok) throw new AppError('unauthorized', 'session could not be created');
    return { response: { state, me: meOf(resolved.actor, this.p.sessions.idleSeconds) }, token, expiresAt };
  }

  private async recordFailure(user: UserRow, subject: AuditActor, reason: 'password' | 'totp'): Promise<void> {
    const now = this.p.clock.now();
    let locked = false;
    await this.p.db.tx(async (tx) => {
      // Serialise failures of one account so parallel guesses cannot overshoot the threshold unnoticed.
      await lockUserRow(tx, user.id);
      await recordLoginAttempt(tx, {
        username: user.username,
        userId: user.id,
        ip: subject.ip,
        at: now,
        success: false,
        reason,
      });
      await this.p.audit.record(
        subject,
        { action: reason === 'password' ? 'auth.login' : 'auth.mfa', outcome: 'failed', details: { reason } },
        tx,
      );
      const failures = await countRecentFailures(tx, user.id, new Date(now.getTime() - LOCKOUT_WINDOW_MS));
      if (failures >= LOCKOUT_THRESHOLD) {
        locked = true;
        await updateUser(tx, user.id, now, { locked_at: now });
        await endUserSessions(tx, user.id, now, 'locked');
        await this.p.audit.record(
          subject,
          { action: 'auth.lockout', resourceType: 'user', resourceId: user.id, outcome: 'ok', details: { failures } },
          tx,
        );
      }
    });
    // The lockout ended the account's sessions: no node may answer from a cached read of one.
    if (locked) await this.p.sessions.announceEnded(this.p.bus, user.id, null, 'locked');
    if (locked)
      throw new AppError(
        'locked',
        'too many failed attempts: this account is now locked; a security administrator must unlock it',
        undefined,
        'locked_now',
      );
  }

  async verifyMfa(ctx: Ctx, code: string): Promise<Me> {
    const user = await getUser(this.p.db, ctx.actor.userId);
    if (!user?.totp_secret_enc || !user.totp_enabled_at)
      throw new AppError('validation', 'two-factor authentication is not set up', undefined, 'mfa_not_set_up');
    const now = this.p.clock.now();
    const step = verifyTotp(this.p.pii.open(user.totp_secret_enc) ?? '', code, now, user.totp_last_step);
    if (step === null) {
      await this.recordFailure(user, ctx.audit, 'totp');
      throw fieldError('body.code', 'totp_invalid', 'the code is wrong or expired');
    }
    await this.p.db.tx(async (tx) => {
      await updateUser(tx, user.id, now, { totp_last_step: step });
      await markMfaPassed(tx, ctx.actor.sessionId, now);
      await this.p.audit.record(ctx.audit, { action: 'auth.mfa', details: { step: 'verified' } }, tx);
    });
    return this.me(ctx.actor.sessionId);
  }

  async startEnrolment(ctx: Ctx): Promise<MfaEnrolment> {
    const user = await getUser(this.p.db, ctx.actor.userId);
    if (!user) throw new AppError('unauthorized', 'sign in first');
    if (user.totp_enabled_at && !ctx.actor.mfaPassed)
      throw new AppError('mfa_required', 'verify your current code first');
    const secret = newTotpSecret();
    await this.p.db.tx(async (tx) => {
      await updateUser(tx, user.id, this.p.clock.now(), { totp_pending_enc: this.p.pii.encryptSecret(secret) });
      await this.p.audit.record(ctx.audit, { action: 'auth.mfa_enrol', details: { step: 'started' } }, tx);
    });
    return { secret, otpauthUrl: otpauthUrl(secret, user.username) };
  }

  async confirmEnrolment(ctx: Ctx, code: string): Promise<Me> {
    const user = await getUser(this.p.db, ctx.actor.userId);
    if (!user?.totp_pending_enc)
      throw new AppError('validation', 'start the enrolment first', undefined, 'enrol_first');
    const now = this.p.clock.now();
    const secret = this.p.pii.open(user.totp_pending_enc) ?? '';
    const step = verifyTotp(secret, code, now, null);
    if (step === null) {
      await this.recordFailure(user, ctx.audit, 'totp');
      throw fieldError('body.code', 'totp_invalid', 'the code is wrong or expired');
    }
    await this.p.db.tx(async (tx) => {
      await updateUser(tx, user.id, now, {
        totp_secret_enc: user.totp_pending_enc,
        totp_pending_enc: null,
        totp_enabled_at: now,
        totp_last_step: step,
      });
      await markMfaPassed(tx, ctx.actor.sessionId, now);
      await this.p.audit.record(ctx.audit, { action: 'auth.mfa_enrol', details: { step: 'confirmed' } }, tx);
    });
    // The account's sessions now show a second factor: none may be answered from an earlier read.
    await this.p.sessions.announceChanged(this.p.bus, user.id);
    return this.me(ctx.actor.sessionId);
  }

  async changePassword(ctx: Ctx, current: string, next: string): Promise<void> {
    const user = await getUser(this.p.db, ctx.actor.userId);
    if (!user) throw new AppError('unauthorized', 'sign in first');
    if (!(await verifyPassword(user.password_hash, current))) {
      await this.recordFailure(user, ctx.audit, 'password');
      throw fieldError('body.currentPassword', 'password_wrong', 'the current password is wrong');
    }
    const problem = this.p.passwords.check(next, user.username);
    if (problem)
      throw fieldError('body.newPassword', `password_${problem}`, `the new password is not acceptable: ${problem}`);
    if (await verifyPassword(user.password_hash, next)) {
      throw fieldError('body.newPassword', 'password_reused', 'the new password must differ from the current one');
    }
    const hash = await hashPassword(next);
    const now = this.p.clock.now();
    await this.p.db.tx(async (tx) => {
      await updateUser(tx, user.id, now, {
        password_hash: hash,
        must_change_password: false,
        password_changed_at: now,
      });
      // Other sessions were opened with the old password: end them.
      await tx.query(
        'UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE user_id = $1 AND id <> $4 AND ended_at IS NULL',
        [user.id, now, 'password_changed', ctx.actor.sessionId],
      );
      await this.p.audit.record(
        ctx.audit,
        { action: 'auth.password_change', resourceType: 'user', resourceId: user.id },
        tx,
      );
    });
    // The other sessions ended: no node may answer from a cached read of one.
    await this.p.sessions.announceChanged(this.p.bus, user.id);
  }

  async logout(ctx: Ctx, token: string): Promise<void> {
    await this.p.sessions.end(token, 'logout');
    await this.p.audit.record(ctx.audit, { action: 'auth.logout' });
    await this.p.sessions.announceEnded(this.p.bus, ctx.actor.userId, ctx.actor.sessionId, 'logout');
  }

  private async me(sessionId: string): Promise<Me> {
    const actor = await this.p.sessions.byId(sessionId);
    if (!actor) throw new AppError('unauthorized', 'session ended');
    return meOf(actor, this.p.sessions.idleSeconds);
  }
}
