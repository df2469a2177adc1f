import type { CameraEventView, EventEvidence, RuleQuality } from '@fengqiao/contracts';
import { conflict, notFound } from '../../platform/errors';
import { readFile } from '../../platform/files/files.service';
import type { Ctx, Platform } from '../../platform/platform';
import { incidentNumbers } from '../incidents';
import { reaches, reachOf } from './cameras.policy';
import { type EventRow, evidenceOf, getEvent, listEvents, reviewEvent, ruleQuality } from './events.repository';
import { eventView } from './views';

/**
 * Events, their evidence and the violation review queue. Evidence frames
 * show people and plates: every view states a purpose and is audited.
 */
export class EventsService {
  constructor(private readonly p: Platform) {}

  private async visible(ctx: Ctx, id: string): Promise<EventRow> {
    const e = await getEvent(this.p.db, id);
    if (!e || !reaches(reachOf(ctx.actor), e)) throw notFound('event');
    return e;
  }

  private async views(rows: EventRow[]): Promise<CameraEventView[]> {
    const numbers = await incidentNumbers(
      this.p.db,
      rows.flatMap((r) => (r.incident_id ? [r.incident_id] : [])),
    );
    return rows.map((r) => eventView(r, r.incident_id ? (numbers.get(r.incident_id) ?? null) : null));
  }

  async list(
    ctx: Ctx,
    f: {
      cameraId?: string | undefined;
      review?: string | undefined;
      violationsOnly?: boolean | undefined;
      reviewedHere?: boolean | undefined;
      page: number;
      pageSize: number;
    },
  ) {
    const reach = reachOf(ctx.actor);
    const { rows, total } = await listEvents(this.p.db, {
      stationId: reach.stationId,
      gridIds: reach.gridIds,
      cameraId: f.cameraId,
      review: f.review,
      violationsOnly: f.violationsOnly,
      reviewedHere: f.reviewedHere,
      limit: f.pageSize,
      offset: (f.page - 1) * f.pageSize,
    });
    return { items: await this.views(rows), total, page: f.page, pageSize: f.pageSize };
  }

  async evidence(ctx: Ctx, id: string, purpose: string): Promise<EventEvidence> {
    const e = await this.visible(ctx, id);
    const ev = await evidenceOf(this.p.db, id);
    await this.p.audit.record(ctx.audit, {
      action: 'camera_evidence.view',
      resourceType: 'camera_event',
      resourceId: id,
      purpose,
      details: { frames: ev.length },
    });
    const [view] = await this.views([e]);
    if (!view) throw notFound('event');
    return {
      event: view,
      evidence: ev.map((v) => ({
        id: v.id,
        role: v.role as EventEvidence['evidence'][number]['role'],
        capturedAt: v.captured_at.toISOString(),
        sha256: v.sha256,
        contentType: v.content_type,
        size: v.size_bytes,
        regions: v.regions,
      })),
    };
  }

  /**
   * One frame or the clip. Every view is audited with its purpose; a
   * player's follow-up range requests of the clip (seeking) are part of the
   * view that opened it and are not recorded again.
   */
  async evidenceFile(ctx: Ctx, id: string, evidenceId: string, purpose: string, range?: string) {
    await this.visible(ctx, id);
    const v = (await evidenceOf(this.p.db, id)).find((x) => x.id === evidenceId);
    if (!v) throw notFound('evidence');
    const f = await readFile(this.p.db, v.file_id);
    if (!f) throw notFound('evidence');
    const continuation = range !== undefined && !/^bytes=0-/.test(range);
    if (!continuation)
      await this.p.audit.record(ctx.audit, {
        action: 'camera_evidence.file',
        resourceType: 'camera_event',
        resourceId: id,
        purpose,
        details: { evidenceId, role: v.role, sha256: v.sha256 },
      });
    return f;
  }

  async review(ctx: Ctx, id: string, decision: 'confirmed' | 'rejected', reason: string): Promise<CameraEventView> {
    const e = await this.visible(ctx, id);
    if (!e.violation) throw conflict('only violations are reviewed', 'not_violation');
    if (e.handoff === 'pending' || e.handoff === 'submitted')
      throw conflict('this violation is reviewed in the traffic violation queue', 'reviewed_in_traffic');
    await this.p.db.tx(async (tx) => {
      const ok = await reviewEvent(
        tx,
        id,
        decision,
        reason,
        { id: ctx.actor.userId, name: ctx.actor.displayName },
        this.p.clock.now(),
      );
      if (!ok) throw conflict('this violation has already been reviewed', 'already_reviewed');
      await this.p.audit.record(
        ctx.audit,
        {
          action: `camera_event.${decision === 'confirmed' ? 'confirm' : 'reject'}`,
          resourceType: 'camera_event',
          resourceId: id,
          details: { reason },
        },
        tx,
      );
    });
    const again = await this.visible(ctx, id);
    const [view] = await this.views([again]);
    if (!view) throw notFound('event');
    return view;
  }

  async quality(ctx: Ctx): Promise<RuleQuality[]> {
    const reach = reachOf(ctx.actor);
    const rows = await ruleQuality(this.p.db, reach.stationId, reach.gridIds);
    return rows.map((r) => ({
      ruleId: r.rule_id,
      ruleName: r.rule_name,
      cameraName: r.camera_name,
      template: r.template as RuleQuality['template'],
      events: r.events,
      confirmed: r.confirmed,
      rejected: r.rejected,
      pending: r.pending,
      falseAlarmRate: r.confirmed + r.rejected > 0 ? r.rejected / (r.confirmed + r.rejected) : null,
    }));
  }
}
