import type { IndicatorsView } from '@fengqiao/contracts';
import { type DisputeLevel, rate } from '@fengqiao/domain';
import type { Ctx, Platform } from '../../platform/platform';
import type { GridDirectory } from './deps';
import { ledgerWhere } from './disputes.repository';
import type { DisputesService } from './disputes.service';
import {
  commercialRow,
  followupRow,
  levelRows,
  type RateRow,
  rateRows,
  registeredAndOpen,
} from './indicators.repository';

const ZERO: RateRow = {
  key: null,
  decided: 0,
  success: 0,
  partial: 0,
  failed: 0,
  withdrawn: 0,
  grassroots: 0,
  avg_days: null,
};

function rates(r: RateRow) {
  return {
    decided: r.decided,
    success: r.success,
    partial: r.partial,
    failed: r.failed,
    withdrawn: r.withdrawn,
    successRate: rate(r.success, r.decided),
    grassrootsShare: rate(r.grassroots, r.decided),
    avgDaysToResolve: r.avg_days === null ? null : Math.round(r.avg_days * 10) / 10,
  };
}

/**
 * The mediation indicators, computed from the records for a period (by the
 * date the outcome was recorded), within the caller's reach, optionally for
 * one grid or category:
 * - success rate = successes / decided (success + partial + failed; withdrawn apart);
 * - per level L: of the disputes that passed through L, the share resolved at L;
 * - grassroots share = successes at levels 1–2 on the standard track / decided;
 * - average days from registration to a successful or partial outcome;
 * - relapse rate = disputes found relapsed at a follow-up visit in the period / disputes visited.
 */
export class IndicatorsService {
  constructor(
    private readonly p: Platform,
    private readonly disputes: DisputesService,
    private readonly grids: GridDirectory,
  ) {}

  async compute(
    ctx: Ctx,
    q: {
      from?: string | undefined;
      to?: string | undefined;
      gridId?: string | undefined;
      category?: string | undefined;
    },
  ): Promise<IndicatorsView> {
    const now = this.p.clock.now();
    const to = q.to ? new Date(q.to) : now;
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 365 * 86_400_000);
    const f = await this.disputes.ledgerFilter(ctx, {
      ...(q.gridId ? { gridId: q.gridId } : {}),
      ...(q.category ? { category: q.category } : {}),
    });
    const w = ledgerWhere(f);
    const db = this.p.db;
    const [overall, byGrid, byCategory, byMonth, levels, commercial, followups, counts, grids] = await Promise.all([
      rateRows(db, w, from, to, 'none'),
      rateRows(db, w, from, to, 'grid'),
      rateRows(db, w, from, to, 'category'),
      rateRows(db, w, from, to, 'month'),
      levelRows(db, w, from, to),
      commercialRow(db, w, from, to),
      followupRow(db, w, from, to),
      registeredAndOpen(db, w, from, to),
      this.grids.of(f.stationId),
    ]);
    await this.p.audit.record(ctx.audit, {
      action: 'mediation.indicators',
      resourceType: 'dispute',
      details: {
        from: from.toISOString(),
        to: to.toISOString(),
        gridId: q.gridId ?? null,
        category: q.category ?? null,
      },
    });
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      registered: counts.registered,
      open: counts.open,
      overall: rates(overall[0] ?? ZERO),
      levels: ([1, 2, 3] as DisputeLevel[]).map((level) => {
        const l = levels.find((x) => x.level === level);
        return {
          level,
          handled: l?.handled ?? 0,
          resolvedHere: l?.resolved_here ?? 0,
          escalated: l?.escalated ?? 0,
          failedHere: l?.failed_here ?? 0,
          successRate: rate(l?.resolved_here ?? 0, l?.handled ?? 0),
        };
      }),
      commercial: { ...commercial, successRate: rate(commercial.success, commercial.handled) },
      followups: {
        disputesVisited: followups.visited,
        relapsed: followups.relapsed,
        relapseRate: rate(followups.relapsed, followups.visited),
      },
      byGrid: byGrid.map((r) => ({
        ...rates(r),
        gridId: r.key,
        gridCode: r.key ? (grids.byId.get(r.key)?.code ?? null) : null,
      })),
      byCategory: byCategory.map((r) => ({ ...rates(r), categoryCode: r.key ?? 'other' })),
      byMonth: byMonth.map((r) => ({ ...rates(r), month: r.key ?? '' })),
    };
  }
}
