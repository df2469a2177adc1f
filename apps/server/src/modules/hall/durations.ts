/**
 * Waiting and handling time of one visit from its event log. Each time the
 * ticket enters the queue (ticketed, or transferred) and is then called, the
 * interval counts as waiting; each interval from started to finished (or to
 * a transfer away) counts as handling. Only the immediately preceding event
 * matters, exactly as in the statistics SQL (stats.repository.ts), so a
 * ticket's detail and the statistics agree.
 */
export interface VisitEvent {
  kind: string;
  at: Date;
}

export function visitDurations(events: readonly VisitEvent[]): {
  waitSeconds: number | null;
  handleSeconds: number | null;
} {
  let wait: number | null = null;
  let handle: number | null = null;
  for (let i = 1; i < events.length; i++) {
    const prev = events[i - 1];
    const cur = events[i];
    if (!prev || !cur) continue;
    const secs = (cur.at.getTime() - prev.at.getTime()) / 1000;
    if (cur.kind === 'called' && (prev.kind === 'ticketed' || prev.kind === 'transferred')) wait = (wait ?? 0) + secs;
    if ((cur.kind === 'finished' || cur.kind === 'transferred') && prev.kind === 'started')
      handle = (handle ?? 0) + secs;
  }
  return {
    waitSeconds: wait === null ? null : Math.round(wait),
    handleSeconds: handle === null ? null : Math.round(handle),
  };
}
