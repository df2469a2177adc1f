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
  stationNameEn: z.string().nullable(),
  countyId: Uuid.nullable(),
  countyName: z.string().nullable(),
  countyNameEn: z.string().nullable(),
  /** The stations whose records this user reads: their own, or every station of their county. */
  stationIds: z.array(Uuid),
  personId: Uuid.nullable(),
  /** 'station': the whole station; 'grids': only gridIds; 'county': every station of the county, read-only; 'none': administrators. */
  scope: z.enum(['station', 'grids', 'none', 'county']),
  gridIds: z.array(Uuid),
  mfaEnabled: z.boolean(),
  mfaRequired: z.boolean(),
  /** Whether this session has passed its second factor (false until the code step for 2FA users). */
  mfaPassed: z.boolean(),
  mustChangePassword: z.boolean(),
  sessionIdleSeconds: z.number().int(),
  sessionExpiresAt: z.string(),
});
export type Me = z.infer<typeof Me>;

/** What the login step reached; the session cookie is set in every state but 'authenticated' grants nothing else. */
export const LoginState = z.enum(['authenticated', 'mfa_required', 'mfa_enrolment_required']);
export const LoginResponse = z.object({ state: LoginState, me: Me.optional() });
export type LoginResponse = z.infer<typeof LoginResponse>;

/** GET /api/auth/session: where the browser's session stands, without an error when there is none. */
export const SessionState = z.object({
  state: z.enum(['none', 'authenticated', 'mfa_required', 'mfa_enrolment_required']),
  me: Me.nullable(),
});
export type SessionState = z.infer<typeof SessionState>;

/** GET /api/config: what the web client needs before sign-in. */
export const PublicConfig = z.object({
  mapTileUrl: z.string().nullable(),
  mapTileAttribution: z.string().nullable(),
  defaultLocale: z.string(),
  sessionIdleSeconds: z.number().int(),
});
export type PublicConfig = z.infer<typeof PublicConfig>;

export const MfaCode = z.object({ code: z.string().regex(/^\d{6}$/) });
export const MfaEnrolment = z.object({ secret: z.string(), otpauthUrl: z.string() });
export type MfaEnrolment = z.infer<typeof MfaEnrolment>;

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

/** Password rules the server enforces; the UI shows them before submission. */
export const PASSWORD_MIN_LENGTH = 10;
