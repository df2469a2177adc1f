import type { Platform } from '../../platform/platform';
import type { PersonnelService } from '../personnel';
import { AuthService } from './auth.service';
import { identityRoutes } from './identity.routes';
import { UsersService } from './users.service';

export { IDENTITY_RETENTION } from './identity.retention';
export type { NewUser } from './users.repository';
export { insertUsers } from './users.repository';

/** Sign-in, two-factor, sessions and account administration. */
export function createIdentityModule(platform: Platform, personnel: PersonnelService) {
  const auth = new AuthService(platform);
  const users = new UsersService(platform, personnel);
  return { auth, users, routes: identityRoutes(auth, users, platform.config, platform.sessions.idleSeconds) };
}
