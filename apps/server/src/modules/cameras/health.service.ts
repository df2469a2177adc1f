import type { CameraHealth, CameraStatus } from '@fengqiao/contracts';
import { z } from 'zod';
import type { Queryable, Tx } from '../../platform/db/db';
import { defineJob } from '../../platform/jobs/job.types';
import type { Ctx, Platform } from '../../platform/platform';
import { reachOf } from './cameras.policy';
import { listCameras } from './cameras.repository';
import type { CamerasDeps } from './deps';
import { effectiveStatus } from './views';

export const LEASE_SWEEP_JOB = 'cameras.lease-sweep';

interface Changed {
  id: string;
  code: string;
  station_id: string;
  grid_id: string | null;
  status: CameraStatus;
  status_reason: string | null;
  status_at: Date;
}

/**
 * Camera health for the command room: which cameras are offline, why and
 * since when, pushed live on `cameras.status` whenever a stream goes down
 * or comes back, or a worker's lease lapses (found by the sweep job, so a
 * dead worker shows on the board without anyone opening the registry).
 */
export class CameraHealthService {
  constructor(
    private readonly p: Platform,
    private readonly deps: CamerasDeps,
  ) {}

  /** Pushes the change after the transaction commits, to the camera's grid and station-wide staff. */
  publish(tx: Tx, c: Changed): void {
    tx.afterCommit(() =>
      this.p.bus.publish({
        topic: 'cameras.status',
        payload: {
          cameraId: c.id,
          code: c.code,
          status: c.status,
          reason: c.status_reason,
          since: c.status_at.toISOString(),
        },
        scope: { stationId: c.station_id, gridIds: c.grid_id ? [c.grid_id] : [] },
        at: this.p.clock.now().toISOString(),
      }),
    );
  }

  /** Marks every camera whose lease lapsed offline ('no_worker', since the lease ran out). */
  async sweep(tx: Tx, now: Date): Promise<number> {
    const r = await lapsed(tx, now);
    for (const c of r) this.publish(tx, c);
    return r.length;
  }

  async health(ctx: Ctx): Promise<CameraHealth> {
    const reach = reachOf(ctx.actor);
    const now = this.p.clock.now();
    const [rows, codes] = await Promise.all([
      listCameras(this.p.db, reach.stationId, reach.gridIds),
      this.deps.gridCodes(reach.stationId),
    ]);
    const out: CameraHealth = { total: rows.length, online: 0, unknown: 0, disabled: 0, offline: [] };
    for (const c of rows) {
      const s = effectiveStatus(c, now);
      if (s.status === 'offline') {
        // A lease that lapsed since the last sweep: offline since it ran out.
        const since = s.reason === 'no_worker' && c.status !== 'offline' ? c.lease_expires_at : c.status_at;
        out.offline.push({
          id: c.id,
          code: c.code,
          name: c.name,
          gridCode: c.grid_id ? (codes.get(c.grid_id) ?? null) : null,
          status: 'offline',
          reason: s.reason,
          since: since ? since.toISOString() : null,
        });
      } else out[s.status] += 1;
    }
    out.offline.sort((a, b) => (a.since ?? '').localeCompare(b.since ?? ''));
    return out;
  }
}

async function lapsed(q: Queryable, now: Date): Promise<Changed[]> {
  const r = await q.query<Changed>(
    `UPDATE cameras c SET status = 'offline', status_reason = 'no_worker', status_at = l.expires_at
     FROM camera_leases l
     WHERE l.camera_id = c.id AND l.expires_at <= $1 AND c.enabled
       AND NOT (c.status = 'offline' AND c.status_reason IS NOT DISTINCT FROM 'no_worker')
     RETURNING c.id, c.code, c.station_id, c.grid_id, c.status, c.status_reason, c.status_at`,
    [now],
  );
  return r.rows;
}

/** Every 10 s: a third of the shortest lease, so a dead worker shows on the board within seconds. */
export function leaseSweepJob(health: CameraHealthService) {
  return defineJob({
    id: LEASE_SWEEP_JOB,
    payload: z.object({}).loose(),
    everyMs: 10_000,
    handler: async (_p, { tx, now }) => {
      await health.sweep(tx, now);
    },
  });
}
