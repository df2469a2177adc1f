import { createHash, randomBytes } from 'node:crypto';
import { permissionsOf, ROLE_SCOPE, type Role, requiresMfa } from '@fengqiao/domain';
import type { Clock } from '../clock';
import { CoalescedLookup } from '../db/coalesced-lookup';
import type { Db, Queryable } from '../db/db';
import type { EventBus } from '../realtime/event-bus';
import type { Actor } from './actor';
import { endSession, findSessions, insertSession, type SessionUserRow, touchSession } from './sessions.repository';

export const SESSION_COOKIE = 'fq_session';

/** Grids a person serves; provided by the geo module so auth does not read its tables. */
export type JurisdictionResolver = (stationId: string | null, personId: string | null) => Promise<string[]>;

export type SessionLookup =
  | { ok: true; actor: Actor }
  | { ok: false; reason: 'missing' | 'unknown' | 'ended' | 'idle' | 'expired' | 'disabled' | 'locked' };

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Server-side sessions: the cookie holds a random token, the table holds its
 * hash. A session ends after `idleMs` without requests or `absoluteMs` after
 * login, on logout, or when an administrator locks or disables the account.
 */
export class SessionService {
  private jurisdictionCache = new Map<string, { at: number; grids: string[] }>();
  /** Each request reads its session afresh; concurrent requests' reads share one query. */
  private readonly sessions = new CoalescedLookup((ids) => findSessions(this.db, ids));

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly idleMs: number,
    private readonly absoluteMs: number,
    private jurisdiction: JurisdictionResolver = async () => [],
  ) {}

  setJurisdictionResolver(r: JurisdictionResolver): void {
    this.jurisdiction = r;
  }

  /** Grid assignments changed: recompute on next request. */
  invalidateJurisdiction(): void {
    this.jurisdictionCache.clear();
  }

  get idleSeconds(): number {
    return Math.round(this.idleMs / 1000);
  }

  async create(
    q: Queryable,
    userId: string,
    mfaPassed: boolean,
    ip: string | null,
    userAgent: string | null,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.absoluteMs);
    await insertSession(q, {
      id: hashToken(token),
      userId,
      now,
      expiresAt,
      mfaPassed,
      ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    return { token, expiresAt };
  }

  /** `touch: false` checks without counting as activity (the live channel's periodic re-check). */
  async resolve(token: string | undefined, options: { touch?: boolean } = {}): Promise<SessionLookup> {
    if (!token) return { ok: false, reason: 'missing' };
    return this.resolveId(hashToken(token), options.touch ?? true);
  }

  /** The actor of a live session, by its stored id (after a state change within a request). */
  async byId(sessionId: string): Promise<Actor | null> {
    const r = await this.resolveId(sessionId);
    return r.ok ? r.actor : null;
  }

  private async resolveId(id: string, touch = true): Promise<SessionLookup> {
    const row = await this.sessions.get(id);
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.ended_at) return { ok: false, reason: 'ended' };
    const now = this.clock.now();
    if (now.getTime() >= row.expires_at.getTime()) {
      await endSession(this.db, id, now, 'expired');
      return { ok: false, reason: 'expired' };
    }
    if (now.getTime() - row.last_seen_at.getTime() >= this.idleMs) {
      await endSession(this.db, id, now, 'idle');
      return { ok: false, reason: 'idle' };
    }
    if (row.status !== 'active') return { ok: false, reason: 'disabled' };
    if (row.locked_at) return { ok: false, reason: 'locked' };
    // Touch at most every 15 s: idle precision does not need a write per request.
    if (touch && now.getTime() - row.last_seen_at.getTime() > 15_000) await touchSession(this.db, id, now);
    return { ok: true, actor: await this.toActor(row) };
  }

  async end(token: string, reason: string): Promise<void> {
    await endSession(this.db, hashToken(token), this.clock.now(), reason);
  }

  /** Tells open live channels that a session (or, with null, every session of the user) ended. */
  announceEnded(bus: EventBus, userId: string, sessionId: string | null, reason: string): Promise<void> {
    return bus.publish({
      topic: 'session.ended',
      payload: { sessionId, reason },
      scope: { stationId: null, userIds: [userId] },
      at: this.clock.now().toISOString(),
    });
  }

  private async toActor(row: SessionUserRow): Promise<Actor> {
    const roles = row.roles as Role[];
    const scopes = roles.map((r) => ROLE_SCOPE[r]);
    // A county role stands alone (checkRoleSet), so 'county' never mixes with a station scope.
    const scope = scopes.includes('county')
      ? 'county'
      : scopes.includes('station')
        ? 'station'
        : scopes.includes('grids')
          ? 'grids'
          : 'none';
    const stationIds =
      scope === 'county' ? (row.county_station_ids ?? []) : scope !== 'none' && row.station_id ? [row.station_id] : [];
    return {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      roles,
      permissions: permissionsOf(roles),
      stationId: row.station_id,
      stationName: row.station_name,
      stationNameEn: row.station_name_en,
      countyId: row.county_id,
      countyName: row.county_name,
      countyNameEn: row.county_name_en,
      stationIds,
      personId: row.person_id,
      scope,
      gridIds: scope === 'grids' ? await this.gridsOf(row.station_id, row.person_id) : [],
      sessionId: row.session_id,
      mfaPassed: row.mfa_passed,
      mfaEnabled: row.totp_enabled_at !== null,
      mfaRequired: requiresMfa(roles),
      mustChangePassword: row.must_change_password,
      sessionExpiresAt: row.expires_at,
    };
  }

  private async gridsOf(stationId: string | null, personId: string | null): Promise<string[]> {
    if (!personId) return [];
    const cached = this.jurisdictionCache.get(personId);
    const now = Date.now();
    if (cached && now - cached.at < 10_000) return cached.grids;
    const grids = await this.jurisdiction(stationId, personId);
    this.jurisdictionCache.set(personId, { at: now, grids });
    return grids;
  }
}
