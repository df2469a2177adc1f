import { z } from 'zod';
import { Uuid } from './common.contract';

export const AuditOutcome = z.enum(['ok', 'denied', 'failed', 'error']);
export const AuditEntryView = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: Uuid.nullable(),
  actorName: z.string().nullable(),
  actorRoles: z.array(z.string()),
  ip: z.string().nullable(),
  action: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  outcome: AuditOutcome,
  purpose: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  sealed: z.boolean(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  resourceType: z.string().trim().max(64).optional(),
  resourceId: z.string().trim().max(64).optional(),
  outcome: AuditOutcome.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  unsealed: z.number().int(),
  headSeq: z.number().int(),
  problems: z.array(
    z.object({ seq: z.number().int().nullable(), id: z.number().int().nullable(), problem: z.string() }),
  ),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
