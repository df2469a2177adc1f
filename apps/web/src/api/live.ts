import type { Topic, TopicPayload } from '@fengqiao/contracts';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { onSessionUsable } from './client';
import { type LiveStatus, LiveStore, type SocketLike } from './live-store';

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
export function useLiveTopic<T extends Topic>(topic: T, handler: (payload: TopicPayload<T>) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => live.subscribe(topic, (payload) => ref.current(payload as TopicPayload<T>)), [topic]);
}

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (notify) => live.onStatus(notify),
    () => live.status,
  );
}
