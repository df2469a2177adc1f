import type { NearDuplicateProbe } from './incidents.repository';

/** What the resolution needs of one report of a batch, in batch order. */
export interface BatchReport {
  id: string;
  stationId: string;
  categoryCode: string;
  /** Where the stored incident will lie (its own grid and point, or its address key). */
  gridId: string | null;
  lng: number | null;
  lat: number | null;
  addressKey: string | null;
  probe: NearDuplicateProbe | null;
  /** The first open incident already stored that the probe found, if any. */
  storedOriginal: string | null;
  /** Its idempotency key or source id was already stored: it will not be inserted, so it is nobody's original. */
  repeated: boolean;
}

/** Whether report `o`, once stored, is what `d`'s probe looks for (same category; nearby, or at the address). */
function probeFinds(d: BatchReport, o: BatchReport): boolean {
  const p = d.probe;
  if (!p || o.categoryCode !== d.categoryCode) return false;
  if (p.kind === 'point') {
    return (
      o.gridId === p.gridId &&
      o.lng !== null &&
      o.lat !== null &&
      o.lng >= p.lng - p.radiusDeg &&
      o.lng <= p.lng + p.radiusDeg &&
      o.lat >= p.lat - p.radiusDeg &&
      o.lat <= p.lat + p.radiusDeg
    );
  }
  return o.stationId === d.stationId && o.addressKey === p.addressKey;
}

/**
 * The incident each report of a batch repeats, in batch order, as if the
 * reports were stored one by one: the stored original its probe found, else
 * the first earlier report of the batch that is itself an original (not a
 * near-duplicate, not a repeated submission) and that its probe would have
 * found once stored. Null: the report is an original.
 *
 * Pure, and at most n²/2 comparisons for n reports: resolving this in SQL
 * (a recursive CTE) cost ~0.13 ms a report, a quarter of PostgreSQL's whole
 * share of intake at 1,000 reports a second.
 */
export function resolveBatchDuplicates(reports: readonly BatchReport[]): (string | null)[] {
  const originals: BatchReport[] = [];
  return reports.map((d) => {
    const duplicateOf = d.storedOriginal ?? originals.find((o) => probeFinds(d, o))?.id ?? null;
    if (duplicateOf === null && !d.repeated) originals.push(d);
    return duplicateOf;
  });
}
