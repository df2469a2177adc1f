/** The phone's position through the browser's Geolocation API. */

export interface Fix {
  at: string;
  lng: number;
  lat: number;
  accuracyM?: number;
}

export class GeoError extends Error {
  constructor(readonly kind: 'denied' | 'unavailable') {
    super(kind);
    this.name = 'GeoError';
  }
}

function toFix(p: GeolocationPosition): Fix {
  return {
    at: new Date(p.timestamp || Date.now()).toISOString(),
    lng: p.coords.longitude,
    lat: p.coords.latitude,
    ...(Number.isFinite(p.coords.accuracy) ? { accuracyM: Math.min(10_000, Math.round(p.coords.accuracy)) } : {}),
  };
}

export function currentFix(): Promise<Fix> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new GeoError('unavailable'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ ...toFix(p), at: new Date().toISOString() }),
      (e) => reject(new GeoError(e.code === e.PERMISSION_DENIED ? 'denied' : 'unavailable')),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 5_000 },
    );
  });
}

/**
 * A fix for an action (check-in, pass, check-out) without hanging on the GPS:
 * the phone's answer within `waitMs`, else a fix of the last `maxAgeMs` the
 * live track already has, else the GPS error (or a timeout).
 */
export async function fixForAction(
  recent: Fix | null,
  { waitMs = 8_000, maxAgeMs = 60_000, preferRecentMs = 0 } = {},
): Promise<Fix> {
  const age = recent ? Date.now() - Date.parse(recent.at) : Number.POSITIVE_INFINITY;
  // Fresh enough to stand for now (the check-out): no need to wake the GPS.
  if (recent && age <= preferRecentMs) return { ...recent, at: new Date().toISOString() };
  const fresh = recent && age <= maxAgeMs ? recent : null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GeoError('unavailable')), waitMs);
  });
  try {
    return await Promise.race([currentFix(), timeout]);
  } catch (err) {
    if (fresh) return { ...fresh, at: new Date().toISOString() };
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Watches the position; returns the function that stops watching. */
export function watchFixes(onFix: (f: Fix) => void): () => void {
  if (!('geolocation' in navigator)) return () => {};
  const id = navigator.geolocation.watchPosition(
    (p) => onFix({ ...toFix(p), at: new Date().toISOString() }),
    () => {
      // No fix now (tunnel, indoors): the track simply has a gap, which the hours rule tolerates up to 15 minutes.
    },
    { enableHighAccuracy: true, maximumAge: 10_000 },
  );
  return () => navigator.geolocation.clearWatch(id);
}

/** Metres between two WGS-84 points (haversine), for "moved 25 m" decisions on the phone. */
export function metresBetween(a: [number, number], b: [number, number]): number {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
