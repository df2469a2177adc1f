import type { INCIDENT_TOPICS, MEDIATION_TOPICS, TOPICS } from '@fengqiao/contracts';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { z } from 'zod';
import { onSessionUsable } from './client';
import { type LiveStatus, LiveStore, type SocketLike } from './live-store';

/** Every topic the UI listens to: the platform's, the command room's and dispute mediation's. */
type LiveTopics = typeof TOPICS & typeof INCIDENT_TOPICS & typeof MEDIATION_TOPICS;
export type LiveTopic = keyof LiveTopics;
export type LivePayload<T extends LiveTopic> = z.infer<LiveTopics[T]>;

let sessionEndedHandler: (reason: string) => void = () => {};

/** The tab's one live connection to /api/live. */
export const live = new LiveStore({
  url: () => `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/live`,
  createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
  onSessionEnded: (reason) => sessionEndedHandler(reason),
  ready: false,
});
onSessionUsable(() => live.setReady(true));

/** Signing out: close the channel and keep it closed until the next session proves usable. */
export function closeLive(): void {
  live.stop();
  live.setReady(false);
}

export function onLiveSessionEnded(handler: (reason: string) => void): () => void {
  sessionEndedHandler = handler;
  return () => {
    sessionEndedHandler = () => {};
  };
}

/**
 * Calls `handler` with each event of `topic` while the component is mounted.
 * The handler may change between renders without resubscribing.
 */
export function useLiveTopic<T extends LiveTopic>(topic: T, handler: (payload: LivePayload<T>) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => live.subscribe(topic, (payload) => ref.current(payload as LivePayload<T>)), [topic]);
}

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (notify) => live.onStatus(notify),
    () => live.status,
  );
}
