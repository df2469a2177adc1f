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

interface CachedSession {
  row: SessionUserRow;
  /** When it was read (performance.now()). */
  at: number;
  actor: Actor | null;
}

/**
 * Server-side sessions: the cookie holds a random token, the table holds its
 * hash. A session ends after `idleMs` without requests or `absoluteMs` after
 * login, on logout, or when an administrator locks or disables the account.
 */
export class SessionService {
  private jurisdictionCache = new Map<string, { at: number; grids: string[] }>();
  /** Concurrent requests' reads of sessions share one query. */
  private readonly sessions = new CoalescedLookup((ids) => findSessions(this.db, ids));
  /**
   * Sessions in good standing read in the last `cacheMs` (monotonic time), by id: at 1,000 requests a
   * second the session read was the most frequent statement of all. Every node drops a user's entries
   * at once when a session ends or the account changes (`session.ended` / `session.changed` on the bus,
   * which crosses processes); anything else (a role change by hand in SQL) shows within `cacheMs`.
   */
  private readonly cache = new Map<string, CachedSession>();
  /** Bumped by every eviction: a read that started before one must not put back what it evicted. */
  private generation = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly idleMs: number,
    private readonly absoluteMs: number,
    private jurisdiction: JurisdictionResolver = async () => [],
    private readonly cacheMs = 1_000,
  ) {}

  /** Drops cached sessions when another request or node ends them or changes their account. */
  watch(bus: EventBus): () => void {
    return bus.subscribe((event) => {
      if (event.topic !== 'session.ended' && event.topic !== 'session.changed') return;
      const { sessionId, all } = (event.payload ?? {}) as { sessionId?: string | null; all?: boolean };
      if (all) this.forgetAll();
      if (sessionId) this.forget(sessionId);
      for (const userId of event.scope.userIds ?? []) this.forgetUser(userId);
    });
  }

  /** Drops one session's cached read. */
  forget(sessionId: string): void {
    this.generation += 1;
    this.cache.delete(sessionId);
  }

  /** Drops every cached read (what every session shows changed: a county's stations). */
  forgetAll(): void {
    this.generation += 1;
    this.cache.clear();
  }

  /** Drops the cached reads of a user's sessions (the account changed here). */
  forgetUser(userId: string): void {
    this.generation += 1;
    for (const [id, c] of this.cache) if (c.row.user_id === userId) this.cache.delete(id);
  }

  setJurisdictionResolver(r: JurisdictionResolver): void {
    this.jurisdiction = r;
  }

  /** Grid assignments changed: recompute on next request. */
  invalidateJurisdiction(): void {
    this.jurisdictionCache.clear();
    // Cached actors carry their grids.
    this.forgetAll();
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
    const r = await this.resolveId(sessionId, true, true);
    return r.ok ? r.actor : null;
  }

  /** The session's row: from the cache unless `fresh`; only sessions in good standing are kept. */
  private async read(id: string, fresh: boolean): Promise<CachedSession | null> {
    const t = performance.now();
    const hit = fresh ? undefined : this.cache.get(id);
    if (hit && t - hit.at < this.cacheMs) return hit;
    const generation = this.generation;
    const row = await this.sessions.get(id);
    // A session still waiting for its second factor or a new password changes soon: read it every time.
    const settled =
      row && !row.ended_at && row.status === 'active' && !row.locked_at && row.mfa_passed && !row.must_change_password;
    const entry: CachedSession | null = row ? { row, at: t, actor: null } : null;
    if (entry && settled && generation === this.generation) {
      // Many sessions at once (a crowd of residents): start over rather than track ages.
      if (this.cache.size >= 10_000) this.cache.clear();
      this.cache.set(id, entry);
    } else this.cache.delete(id);
    return entry;
  }

  private async resolveId(id: string, touch = true, fresh = false): Promise<SessionLookup> {
    const entry = await this.read(id, fresh);
    if (!entry) return { ok: false, reason: 'unknown' };
    const row = entry.row;
    if (row.ended_at) return { ok: false, reason: 'ended' };
    const now = this.clock.now();
    if (now.getTime() >= row.expires_at.getTime()) {
      this.forget(id);
      await endSession(this.db, id, now, 'expired');
      return { ok: false, reason: 'expired' };
    }
    if (now.getTime() - row.last_seen_at.getTime() >= this.idleMs) {
      this.forget(id);
      await endSession(this.db, id, now, 'idle');
      return { ok: false, reason: 'idle' };
    }
    if (row.status !== 'active') return { ok: false, reason: 'disabled' };
    if (row.locked_at) return { ok: false, reason: 'locked' };
    // Touch at most every 15 s: idle precision does not need a write per request.
    if (touch && now.getTime() - row.last_seen_at.getTime() > 15_000) {
      await touchSession(this.db, id, now);
      // The cached row is this one: it must not look idle after the touch.
      row.last_seen_at = now;
    }
    // The actor is derived from the row alone (and the grids, cached longer): once per cached read.
    entry.actor ??= await this.toActor(row);
    return { ok: true, actor: entry.actor };
  }

  async end(token: string, reason: string): Promise<void> {
    const id = hashToken(token);
    this.forget(id);
    await endSession(this.db, id, this.clock.now(), reason);
  }

  /** Tells open live channels that a session (or, with null, every session of the user) ended. */
  announceEnded(bus: EventBus, userId: string, sessionId: string | null, reason: string): Promise<void> {
    if (sessionId) this.forget(sessionId);
    this.forgetUser(userId);
    return bus.publish({
      topic: 'session.ended',
      payload: { sessionId, reason },
      scope: { stationId: null, userIds: [userId] },
      at: this.clock.now().toISOString(),
    });
  }

  /**
   * Tells every node that an account changed (roles, name, unlock), or with null that what sessions show
   * changed for everyone (a county's stations), so that none answers from a cached session read; live
   * channels stay open.
   */
  announceChanged(bus: EventBus, userId: string | null): Promise<void> {
    if (userId) this.forgetUser(userId);
    else this.forgetAll();
    return bus.publish({
      topic: 'session.changed',
      payload: { sessionId: null, all: userId === null },
      scope: { stationId: null, userIds: userId ? [userId] : [] },
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
