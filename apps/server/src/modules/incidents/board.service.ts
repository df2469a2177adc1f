import type { BoardView } from '@fengqiao/contracts';
import { forbidden } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import type { UnitRow } from '../geo';
import type { PersonnelService } from '../personnel';
import { listAlerts } from './alerts.repository';
import { alertView, summaryView } from './incident-views';
import { type IncidentRow, listIncidents, sentOutsideGrids } from './incidents.repository';
import { startOfLocalDay } from './local-time';
import { openOrderLoad } from './orders.repository';

const URGENCY: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

function byUrgency(a: IncidentRow, b: IncidentRow): number {
  return (
    (URGENCY[a.priority] ?? 9) - (URGENCY[b.priority] ?? 9) ||
    (a.next_deadline?.getTime() ?? Number.MAX_SAFE_INTEGER) - (b.next_deadline?.getTime() ?? Number.MAX_SAFE_INTEGER) ||
    b.created_at.getTime() - a.created_at.getTime()
  );
}

/** The command room's live board: queues by status and deadline, alerts, and who is free. */
export class BoardService {
  constructor(
    private readonly p: Platform,
    private readonly personnel: PersonnelService,
    private readonly units: (stationId: string) => Promise<UnitRow[]>,
    private readonly gridCodes: (stationId: string) => Promise<Map<string, string>>,
  ) {}

  async board(ctx: Ctx): Promise<BoardView> {
    const stationId = ctx.actor.stationId;
    if (!stationId) throw forbidden('no station');
    const grids = ctx.actor.scope === 'station' ? null : ctx.actor.gridIds;
    // Grid staff: the incidents they were sent to outside their grids, read once for the four queues.
    const scope = grids
      ? {
          withinGrids: grids,
          personId: ctx.actor.personId,
          sentElsewhere: await sentOutsideGrids(this.p.db, stationId, grids, ctx.actor.personId),
        }
      : {};
    const alertScope = grids ? { withinGrids: grids, personId: ctx.actor.personId } : {};
    const now = this.p.clock.now();
    // Each queue is read in board order (priority, nearest deadline, newest) from the board index, so the
    // limit keeps the most pressing incidents; the sort only restates that order.
    const queue = async (statuses: string[], limit = 200) =>
      (
        await listIncidents(this.p.db, {
          stationId,
          statuses,
          ...scope,
          limit,
          offset: 0,
          orderBy: 'urgency',
          count: false,
        })
      ).rows.sort(byUrgency);
    const [fresh, dispatched, inProgress, resolved, alerts, today, load, units, staff, codes] = await Promise.all([
      queue(['new']),
      queue(['dispatched']),
      queue(['in_progress']),
      queue(['resolved'], 50),
      listAlerts(this.p.db, { stationId, status: 'open', ...alertScope, limit: 100 }).then((a) => a ?? []),
      this.p.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM incidents WHERE station_id = $1 AND created_at >= $2',
        [stationId, startOfLocalDay(now)],
      ),
      openOrderLoad(this.p.db, stationId),
      this.units(stationId),
      this.personnel.staff(stationId),
      this.gridCodes(stationId),
    ]);
    const open = [...fresh, ...dispatched, ...inProgress];
    const unitLoad = new Map<string, { n: number; onScene: boolean }>();
    const personLoad = new Map<string, { n: number; onScene: boolean }>();
    for (const o of load) {
      for (const [map, key] of [
        [unitLoad, o.assignee_unit_id],
        [personLoad, o.assignee_person_id],
      ] as const) {
        if (!key) continue;
        const cur = map.get(key) ?? { n: 0, onScene: false };
        map.set(key, { n: cur.n + o.n, onScene: cur.onScene || o.on_scene });
      }
    }
    const state = (l: { n: number; onScene: boolean } | undefined): 'available' | 'assigned' | 'on_scene' =>
      !l ? 'available' : l.onScene ? 'on_scene' : 'assigned';
    const forces = (kind: 'officer' | 'auxiliary') =>
      staff
        .filter((s) => s.kind === kind)
        .map((s) => ({
          personId: s.id,
          name: s.name,
          team: s.team,
          state: state(personLoad.get(s.id)),
          openOrders: personLoad.get(s.id)?.n ?? 0,
        }));
    return {
      generatedAt: now.toISOString(),
      queues: {
        new: fresh.map(summaryView),
        dispatched: dispatched.map(summaryView),
        in_progress: inProgress.map(summaryView),
        resolved: resolved.map(summaryView),
      },
      alerts: alerts.map(alertView),
      counts: {
        today: today.rows[0]?.n ?? 0,
        open: open.length,
        breached: open.filter((i) => i.breached).length,
        urgentOpen: open.filter((i) => i.priority === 'urgent').length,
      },
      units: units.map((u) => ({
        id: u.id,
        code: u.code,
        name: u.name,
        gridCode: codes.get(u.grid_id) ?? '',
        state: state(unitLoad.get(u.id)),
        openOrders: unitLoad.get(u.id)?.n ?? 0,
      })),
      officers: forces('officer'),
      auxiliaries: forces('auxiliary'),
    };
  }
}
