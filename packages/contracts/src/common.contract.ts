import { z } from 'zod';

export const Uuid = z.uuid();
export const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export type Position = z.infer<typeof Position>;

export const Crs = z.enum(['WGS84', 'GCJ02', 'BD09']);
export type Crs = z.infer<typeof Crs>;

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** Every error response has this shape; `fields` names the inputs at fault with a stable code the UI translates. */
export const ApiErrorCode = z.enum([
  'validation',
  'unauthorized',
  'mfa_required',
  'forbidden',
  'not_found',
  'conflict',
  'locked',
  'rate_limited',
  'payload_too_large',
  'internal',
]);
export const FieldError = z.object({ path: z.string(), code: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;
export const ApiError = z.object({
  error: ApiErrorCode,
  message: z.string(),
  fields: z.array(FieldError).optional(),
  /** Stable reason for errors whose code alone is too coarse (invalid_credentials, account_locked, …). */
  reason: z.string().optional(),
  requestId: z.string().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export const Ok = z.object({ ok: z.literal(true) });

/** A reference to a person as lists show it: personal data already masked. */
export const PersonRef = z.object({
  id: Uuid,
  name: z.string(),
  badgeNo: z.string().nullable(),
  phone: z.string().nullable(),
});
export type PersonRef = z.infer<typeof PersonRef>;
