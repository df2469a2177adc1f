import type { DutyDetail } from '@fengqiao/contracts';
import { DEFAULT_HOURS_RULE, type DutyHours, dutyHours, type Fix, type RouteShape } from '@fengqiao/domain';
import type { Queryable, Tx } from '../../platform/db/db';
import {
  type CheckpointRow,
  checkpointsOf,
  type DutyRow,
  getRoute,
  listDutyPhotos,
  listPasses,
  listPoints,
  type RouteRow,
  setHours,
  type Verification,
} from './patrols.repository';
import { dutyView, iso, routeView } from './views';

export async function routeOf(
  q: Queryable,
  routeId: string,
): Promise<{ route: RouteRow; cps: CheckpointRow[]; shape: RouteShape }> {
  const route = await getRoute(q, routeId);
  if (!route) throw new Error(`route ${routeId} vanished`);
  const cps = await checkpointsOf(q, [routeId]);
  return {
    route,
    cps,
    shape: {
      path: route.path,
      checkpoints: cps.map((c) => ({ id: c.id, lng: c.lng, lat: c.lat, radiusM: c.radius_m })),
      corridorM: route.corridor_m,
    },
  };
}

/** Every fix of a duty: the check-in and check-out positions and the track. */
export async function fixesOf(q: Queryable, d: DutyRow): Promise<Fix[]> {
  const fixes: Fix[] = (await listPoints(q, d.id)).map((p) => ({
    at: p.recorded_at.getTime(),
    lng: p.lng,
    lat: p.lat,
    accuracyM: p.accuracy_m,
  }));
  if (d.check_in_at && d.check_in_lng !== null && d.check_in_lat !== null)
    fixes.push({
      at: d.check_in_at.getTime(),
      lng: d.check_in_lng,
      lat: d.check_in_lat,
      accuracyM: d.check_in_accuracy_m,
    });
  if (d.check_out_at && d.check_out_lng !== null && d.check_out_lat !== null)
    fixes.push({
      at: d.check_out_at.getTime(),
      lng: d.check_out_lng,
      lat: d.check_out_lat,
      accuracyM: d.check_out_accuracy_m,
    });
  return fixes;
}

export function hoursDetail(h: DutyHours): Record<string, unknown> {
  return {
    seconds: h.seconds,
    startedAt: h.startedAt === null ? null : new Date(h.startedAt).toISOString(),
    endedAt: h.endedAt === null ? null : new Date(h.endedAt).toISOString(),
    gapSeconds: h.gapSeconds,
    offRouteSeconds: h.offRouteSeconds,
    fixesUsed: h.fixesUsed,
    fixesIgnored: h.fixesIgnored,
    rule: DEFAULT_HOURS_RULE,
  };
}

/** Recomputes a finished duty's hours from its evidence and stores them (with a verification when given). */
export async function recompute(tx: Tx, d: DutyRow, verification: Verification | null, now: Date): Promise<DutyHours> {
  const { shape } = await routeOf(tx, d.route_id);
  const h = dutyHours({
    shiftStart: d.starts_at.getTime(),
    shiftEnd: d.ends_at.getTime(),
    checkOutAt: d.check_out_at?.getTime() ?? null,
    fixes: await fixesOf(tx, d),
    route: shape,
  });
  await setHours(tx, d.id, { seconds: h.seconds, detail: hoursDetail(h), verification, now });
  return h;
}

/** Everything about one duty: the route, the track, passes, missed checkpoints, photos and the hours' reckoning. */
export async function dutyDetail(
  q: Queryable,
  d: DutyRow,
  photoUrl: (photoId: string) => string,
  showQr: boolean,
): Promise<DutyDetail> {
  const [{ route, cps }, points, passes, photos] = await Promise.all([
    routeOf(q, d.route_id),
    listPoints(q, d.id),
    listPasses(q, d.id),
    listDutyPhotos(q, d.id),
  ]);
  const passed = new Set(passes.map((x) => x.checkpoint_id));
  const name = new Map(cps.map((c) => [c.id, c.name]));
  const detail = d.hours_detail as DutyDetail['hoursDetail'] | null;
  return {
    ...dutyView(d),
    routeShape: routeView(route, cps, showQr),
    track: points.map((p) => ({ at: p.recorded_at.toISOString(), lng: p.lng, lat: p.lat, accuracyM: p.accuracy_m })),
    passes: passes.map((x) => ({
      checkpointId: x.checkpoint_id,
      name: name.get(x.checkpoint_id) ?? '',
      passedAt: x.passed_at.toISOString(),
      method: x.method,
      distanceM: x.distance_m === null ? null : Math.round(x.distance_m),
    })),
    missedCheckpoints:
      d.status === 'checked_out'
        ? cps.filter((c) => !passed.has(c.id)).map((c) => ({ checkpointId: c.id, name: c.name }))
        : [],
    photos: photos.map((ph) => ({
      id: ph.id,
      checkpointId: ph.checkpoint_id,
      takenAt: iso(ph.taken_at),
      url: photoUrl(ph.id),
    })),
    hoursDetail: detail
      ? {
          seconds: detail.seconds,
          startedAt: detail.startedAt,
          endedAt: detail.endedAt,
          gapSeconds: detail.gapSeconds,
          offRouteSeconds: detail.offRouteSeconds,
          fixesUsed: detail.fixesUsed,
          fixesIgnored: detail.fixesIgnored,
        }
      : null,
    reviewNote: d.review_note,
  };
}
