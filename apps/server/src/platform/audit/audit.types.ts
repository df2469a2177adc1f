import type { Role } from '@fengqiao/domain';

/** Who acted and from where; built once per request by the auth hook. */
export interface AuditActor {
  userId: string | null;
  name: string | null;
  roles: readonly Role[];
  stationId: string | null;
  ip: string | null;
  requestId: string | null;
}

export interface AuditEvent {
  action: string;
  resourceType?: string | null;
  resourceId?: string | null;
  outcome?: 'ok' | 'denied' | 'failed' | 'error';
  /** The stated reason for reading personal data (reveals, evidence views). */
  purpose?: string | null;
  details?: Record<string, unknown>;
}

export const SYSTEM_ACTOR: AuditActor = {
  userId: null,
  name: 'system',
  roles: [],
  stationId: null,
  ip: null,
  requestId: null,
};
