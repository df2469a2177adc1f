import type { UserView } from '@fengqiao/contracts';
import { COUNTY_ROLES, checkRoleSet, type Role } from '@fengqiao/domain';
import { hashPassword } from '../../platform/auth/password';
import { endUserSessions } from '../../platform/auth/sessions.repository';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import type { PersonnelService } from '../personnel';
import { canAdministerUser } from './identity.policy';
import { countyOfUser, getUser, insertUsers, listUsers, type UserRow, updateUser } from './users.repository';

export function userView(u: UserRow): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    roles: u.roles as Role[],
    status: u.status,
    locked: u.locked_at !== null,
    lockedAt: u.locked_at?.toISOString() ?? null,
    mfaEnabled: u.totp_enabled_at !== null,
    personId: u.person_id,
    lastLoginAt: u.last_login_at?.toISOString() ?? null,
    createdAt: u.created_at.toISOString(),
  };
}

/**
 * Account administration under the three-member separation: the system
 * admin creates, edits, disables and resets passwords; the security admin
 * grants roles, unlocks and resets second factors; the auditor only reads.
 */
export class UsersService {
  constructor(
    private readonly p: Platform,
    private readonly personnel: PersonnelService,
  ) {}

  async list(ctx: Ctx, q: { q?: string; role?: string; page: number; pageSize: number }) {
    const { rows, total } = await listUsers(this.p.db, {
      stationId: ctx.actor.stationId,
      ...(q.q ? { q: q.q } : {}),
      ...(q.role ? { role: q.role } : {}),
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    await this.p.audit.record(ctx.audit, {
      action: 'user.list',
      resourceType: 'user',
      details: { count: rows.length },
    });
    return { items: rows.map(userView), total, page: q.page, pageSize: q.pageSize };
  }

  private async target(ctx: Ctx, id: string): Promise<UserRow> {
    const u = await getUser(this.p.db, id);
    // Another station's account does not exist for this station's administrators.
    if (!u || u.station_id === null || u.station_id !== ctx.actor.stationId) throw notFound('user');
    if (!canAdministerUser(ctx.actor, id))
      throw forbidden('administrators cannot administer their own account', 'self_administration');
    return u;
  }

  async create(
    ctx: Ctx,
    input: { username: string; displayName: string; password: string; personId?: string | null | undefined },
  ) {
    const problem = this.p.passwords.check(input.password, input.username);
    if (problem) throw fieldError('body.password', `password_${problem}`, `the password is not acceptable: ${problem}`);
    if (input.personId) {
      const person = await this.personnel.kindOf(input.personId);
      if (!person || person.station_id !== ctx.actor.stationId)
        throw fieldError('body.personId', 'unknown_person', 'no such person in this station');
    }
    const hash = await hashPassword(input.password);
    const id = await this.p.db.tx(async (tx) => {
      const exists = await tx.query('SELECT 1 FROM app_users WHERE username = $1', [input.username]);
      if (exists.rows.length > 0) throw conflict(`username ${input.username} is taken`, 'username_taken');
      const [newId] = await insertUsers(tx, [
        {
          stationId: ctx.actor.stationId,
          personId: input.personId ?? null,
          username: input.username,
          displayName: input.displayName,
          passwordHash: hash,
          roles: [],
          mustChangePassword: true,
        },
      ]);
      if (!newId) throw new Error('user insert returned nothing');
      await this.p.audit.record(
        ctx.audit,
        { action: 'user.create', resourceType: 'user', resourceId: newId, details: { username: input.username } },
        tx,
      );
      return newId;
    });
    return userView(await this.mustGet(id));
  }

  async update(
    ctx: Ctx,
    id: string,
    patch: { displayName?: string | undefined; status?: 'active' | 'disabled' | undefined },
  ) {
    const u = await this.target(ctx, id);
    await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      await updateUser(tx, id, now, {
        ...(patch.displayName ? { display_name: patch.displayName } : {}),
        ...(patch.status ? { status: patch.status } : {}),
      });
      if (patch.status === 'disabled') await endUserSessions(tx, id, now, 'disabled');
      await this.p.audit.record(
        ctx.audit,
        { action: 'user.update', resourceType: 'user', resourceId: id, details: { from: { status: u.status }, patch } },
        tx,
      );
    });
    if (patch.status === 'disabled') await this.p.sessions.announceEnded(this.p.bus, id, null, 'revoked');
    else await this.p.sessions.announceChanged(this.p.bus, id);
    return userView(await this.mustGet(id));
  }

  async resetPassword(ctx: Ctx, id: string, newPassword: string) {
    const u = await this.target(ctx, id);
    const problem = this.p.passwords.check(newPassword, u.username);
    if (problem)
      throw fieldError('body.newPassword', `password_${problem}`, `the password is not acceptable: ${problem}`);
    const hash = await hashPassword(newPassword);
    await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      await updateUser(tx, id, now, { password_hash: hash, must_change_password: true, password_changed_at: now });
      await endUserSessions(tx, id, now, 'password_reset');
      await this.p.audit.record(ctx.audit, { action: 'user.reset_password', resourceType: 'user', resourceId: id }, tx);
    });
    await this.p.sessions.announceEnded(this.p.bus, id, null, 'revoked');
    return userView(await this.mustGet(id));
  }

  async setRoles(ctx: Ctx, id: string, roles: Role[]) {
    const u = await this.target(ctx, id);
    const unique = [...new Set(roles)];
    const problem = checkRoleSet(unique);
    if (problem) {
      throw fieldError(
        'body.roles',
        `roles_${problem}`,
        problem === 'admin_combined'
          ? 'an administrator role cannot be combined with any other role'
          : problem === 'county_combined'
            ? 'a county role cannot be combined with any other role'
            : 'choose at least one role',
      );
    }
    if (unique.some((r) => COUNTY_ROLES.includes(r))) {
      if (!(await countyOfUser(this.p.db, id)))
        throw fieldError('body.roles', 'roles_no_county', 'the account belongs to no county: its station has none');
    }
    await this.p.db.tx(async (tx) => {
      await updateUser(tx, id, this.p.clock.now(), { roles: unique });
      await this.p.audit.record(
        ctx.audit,
        { action: 'user.set_roles', resourceType: 'user', resourceId: id, details: { from: u.roles, to: unique } },
        tx,
      );
    });
    await this.p.sessions.announceChanged(this.p.bus, id);
    return userView(await this.mustGet(id));
  }

  async unlock(ctx: Ctx, id: string) {
    await this.target(ctx, id);
    await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      await updateUser(tx, id, now, { locked_at: null, unlocked_at: now });
      await this.p.audit.record(ctx.audit, { action: 'user.unlock', resourceType: 'user', resourceId: id }, tx);
    });
    await this.p.sessions.announceChanged(this.p.bus, id);
    return userView(await this.mustGet(id));
  }

  async resetMfa(ctx: Ctx, id: string) {
    await this.target(ctx, id);
    await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      await updateUser(tx, id, now, {
        totp_secret_enc: null,
        totp_pending_enc: null,
        totp_enabled_at: null,
        totp_last_step: null,
      });
      await endUserSessions(tx, id, now, 'mfa_reset');
      await this.p.audit.record(ctx.audit, { action: 'user.reset_mfa', resourceType: 'user', resourceId: id }, tx);
    });
    await this.p.sessions.announceEnded(this.p.bus, id, null, 'revoked');
    return userView(await this.mustGet(id));
  }

  private async mustGet(id: string): Promise<UserRow> {
    const u = await getUser(this.p.db, id);
    if (!u) throw notFound('user');
    return u;
  }
}
