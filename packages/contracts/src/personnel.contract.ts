import { z } from 'zod';
import { Uuid } from './common.contract';

export const PersonKind = z.enum(['officer', 'auxiliary', 'volunteer', 'grid_worker', 'mediator']);
export const Team = z.enum(['leadership', 'command_room', 'community', 'case', 'patrol']);

export const PersonView = z.object({
  id: Uuid,
  kind: PersonKind,
  name: z.string(),
  gender: z.enum(['M', 'F']).nullable(),
  team: Team.nullable(),
  title: z.string().nullable(),
  badgeNo: z.string().nullable(),
  /** Masked unless revealed through /reveal. */
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  gridIds: z.array(Uuid),
  attributes: z.record(z.string(), z.unknown()),
});
export type PersonView = z.infer<typeof PersonView>;

export const PersonListQuery = z.object({
  kind: PersonKind.optional(),
  team: Team.optional(),
  gridId: Uuid.optional(),
  q: z.string().trim().max(64).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const RevealRequest = z.object({
  field: z.enum(['idNumber', 'phone']),
  /** Why the caller needs the full value; stored in the audit log. */
  reason: z.string().trim().min(4).max(200),
});
export const RevealResponse = z.object({ field: z.enum(['idNumber', 'phone']), value: z.string().nullable() });
