import { ROLES } from '@fengqiao/domain';
import { z } from 'zod';
import { Uuid } from './common.contract';

export const RoleSchema = z.enum(ROLES);

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const Me = z.object({
  id: Uuid,
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  permissions: z.array(z.string()),
  stationId: Uuid.nullable(),
  stationName: z.string().nullable(),
  personId: Uuid.nullable(),
  /** 'station': sees the whole station; 'grids': only gridIds; 'none': administrators. */
  scope: z.enum(['station', 'grids', 'none']),
  gridIds: z.array(Uuid),
  mfaEnabled: z.boolean(),
  mfaRequired: z.boolean(),
  mustChangePassword: z.boolean(),
  sessionIdleSeconds: z.number().int(),
  sessionExpiresAt: z.string(),
});
export type Me = z.infer<typeof Me>;

/** What the login step reached; the session cookie is set in every state but 'authenticated' grants nothing else. */
export const LoginState = z.enum(['authenticated', 'mfa_required', 'mfa_enrolment_required']);
export const LoginResponse = z.object({ state: LoginState, me: Me.optional() });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const MfaCode = z.object({ code: z.string().regex(/^\d{6}$/) });
export const MfaEnrolment = z.object({ secret: z.string(), otpauthUrl: z.string() });
export type MfaEnrolment = z.infer<typeof MfaEnrolment>;

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

/** Password rules the server enforces; the UI shows them before submission. */
export const PASSWORD_MIN_LENGTH = 10;
