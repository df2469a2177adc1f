import { z } from 'zod';
import { RoleSchema } from './auth.contract';
import { Uuid } from './common.contract';

export const UserView = z.object({
  id: Uuid,
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  status: z.enum(['active', 'disabled']),
  locked: z.boolean(),
  lockedAt: z.string().nullable(),
  mfaEnabled: z.boolean(),
  personId: Uuid.nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof UserView>;

export const Username = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_.-]{2,31}$/, 'lower-case letters, digits, _ . -, 3-32 characters, starting with a letter');

export const CreateUserRequest = z.object({
  username: Username,
  displayName: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  personId: Uuid.nullable().optional(),
});
export const UpdateUserRequest = z.object({
  displayName: z.string().trim().min(1).max(64).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export const SetRolesRequest = z.object({ roles: z.array(RoleSchema).min(1).max(12) });
export const ResetPasswordRequest = z.object({ newPassword: z.string().min(1).max(256) });
export const UserListQuery = z.object({
  q: z.string().trim().max(64).optional(),
  role: RoleSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
