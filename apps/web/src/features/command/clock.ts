import { useSyncExternalStore } from 'react';

/**
 * One shared second-tick for every countdown on the page: a single interval
 * while something listens, none otherwise.
 */
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let now = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** The current time in ms, re-rendering once a second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

let serverOffsetMs = 0;

/** Records how far the server's clock is ahead of ours (from a response's `generatedAt`). */
export function noteServerTime(serverIso: string, receivedAtMs: number): void {
  const server = Date.parse(serverIso);
  if (Number.isFinite(server) && receivedAtMs > 0) serverOffsetMs = server - receivedAtMs;
}

/** Server time now, so deadlines count down the same on every screen. */
export function useServerNow(): number {
  return useNow() + serverOffsetMs;
}
