import type { Actor } from '../../platform/auth/actor';

/** Administrators never act on their own account's roles, lock or second factor. */
export function canAdministerUser(actor: Actor, targetUserId: string): boolean {
  return actor.userId !== targetUserId;
}
