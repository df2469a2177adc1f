import type { AuditEntryView, AuditVerifyResult } from '@fengqiao/contracts';
import { type AuditRow, searchAudit } from '../../platform/audit/audit.repository';
import type { Ctx, Platform } from '../../platform/platform';

function view(r: AuditRow): AuditEntryView {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorRoles: r.actor_roles,
    ip: r.ip,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    outcome: r.outcome as AuditEntryView['outcome'],
    purpose: r.purpose,
    details: r.details,
    sealed: r.seal_seq !== null,
  };
}

/** The auditor's view of the trail. Searching it is itself audited. */
export class AuditLogService {
  constructor(private readonly p: Platform) {}

  async search(
    ctx: Ctx,
    q: {
      from?: string | undefined;
      to?: string | undefined;
      actor?: string | undefined;
      action?: string | undefined;
      resourceType?: string | undefined;
      resourceId?: string | undefined;
      outcome?: string | undefined;
      page: number;
      pageSize: number;
    },
  ) {
    const { rows, total } = await searchAudit(this.p.db, {
      stationId: ctx.actor.stationId,
      ...(q.from ? { from: new Date(q.from) } : {}),
      ...(q.to ? { to: new Date(q.to) } : {}),
      ...(q.actor ? { actor: q.actor } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.resourceType ? { resourceType: q.resourceType } : {}),
      ...(q.resourceId ? { resourceId: q.resourceId } : {}),
      ...(q.outcome ? { outcome: q.outcome } : {}),
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    await this.p.audit.record(ctx.audit, {
      action: 'audit.search',
      details: { filter: { ...q }, results: rows.length },
    });
    return { items: rows.map(view), total, page: q.page, pageSize: q.pageSize };
  }

  async verify(ctx: Ctx): Promise<AuditVerifyResult> {
    await this.p.audit.seal();
    const result = await this.p.audit.verify();
    await this.p.audit.record(ctx.audit, {
      action: 'audit.verify',
      outcome: result.ok ? 'ok' : 'failed',
      details: { checked: result.checked, problems: result.problems.length },
    });
    return result;
  }
}
