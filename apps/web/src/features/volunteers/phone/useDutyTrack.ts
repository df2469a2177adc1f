import { useCallback, useEffect, useRef, useState } from 'react';
import { newClientId } from '../format';
import { currentFix, type Fix, metresBetween, watchFixes } from '../geo';
import { sendOrQueue } from '../offline/outbox';

const SEND_EVERY_MS = 30_000;
const MOVE_M = 25;

export interface TrackResult {
  newPasses?: { checkpointId: string; name: string; passedAt: string }[];
}

/**
 * The live track while on duty: a fix every 30 s or on 25 m of movement,
 * sent in batches through the outbox (so fixes made offline keep their
 * device times and fill the track later). `take()` hands the unsent fixes
 * to the check-out, which carries them.
 */
export function useDutyTrack(dutyId: string, active: boolean, onSent: (r: TrackResult | null) => void) {
  const buffer = useRef<Fix[]>([]);
  const last = useRef<Fix | null>(null);
  const [position, setPosition] = useState<[number, number] | null>(null);
  const [recorded, setRecorded] = useState(0);
  const sentRef = useRef(onSent);
  sentRef.current = onSent;

  const latest = useRef<Fix | null>(null);
  const add = useCallback((f: Fix) => {
    latest.current = f;
    setPosition([f.lng, f.lat]);
    const prev = last.current;
    const moved = prev ? metresBetween([prev.lng, prev.lat], [f.lng, f.lat]) : Number.POSITIVE_INFINITY;
    const waited = prev ? Date.parse(f.at) - Date.parse(prev.at) : Number.POSITIVE_INFINITY;
    if (moved < MOVE_M && waited < SEND_EVERY_MS) return;
    last.current = f;
    buffer.current.push(f);
    setRecorded((n) => n + 1);
  }, []);

  const send = useCallback(async () => {
    const points = buffer.current.splice(0, 500);
    if (points.length === 0) return;
    const clientId = newClientId();
    try {
      const res = await sendOrQueue<TrackResult>({
        id: clientId,
        kind: 'points',
        dutyId,
        path: `/api/me/volunteer/duties/${dutyId}/points`,
        body: { clientId, points },
      });
      sentRef.current(res.queued ? null : res.answer);
    } catch {
      // Refused as a whole (e.g. the duty was closed meanwhile): these fixes have nowhere to go.
      sentRef.current(null);
    }
  }, [dutyId]);

  useEffect(() => {
    if (!active) return;
    const stop = watchFixes(add);
    const timer = window.setInterval(() => {
      // watchPosition stays silent while the phone stands still: ask, so the track has no gap.
      if (!last.current || Date.now() - Date.parse(last.current.at) >= SEND_EVERY_MS)
        void currentFix()
          .then(add)
          .catch(() => {});
      void send();
    }, SEND_EVERY_MS);
    return () => {
      stop();
      window.clearInterval(timer);
    };
  }, [active, add, send]);

  /** The fixes not yet sent, removed from the buffer (for the check-out). */
  const take = useCallback(() => buffer.current.splice(0, 500), []);

  /** The newest fix seen (watched or asked for), sent or not. */
  const lastFix = useCallback(() => latest.current, []);

  return { position, setPosition, recorded, add, send, take, lastFix };
}
