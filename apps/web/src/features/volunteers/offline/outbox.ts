import { useEffect, useSyncExternalStore } from 'react';
import { request } from '../../../api/client';
import { ApiRequestError, NetworkError } from '../../../api/errors';
import { indexedDbBlobStore } from './photo-store';
import { type BlobStore, type KeyValueStore, OfflineQueue, type QueueItem, type QueueState } from './queue';

/**
 * The browser's one outbox (see queue.ts): JSON in localStorage, photos in
 * IndexedDB, sent through the app's HTTP client. Flushed when the browser
 * says the connection is back, every 20 s while items wait, and right after
 * each new item.
 */

const localStore: KeyValueStore = {
  get: (k) => {
    try {
      return window.localStorage.getItem(k);
    } catch {
      return null;
    }
  },
  set: (k, v) => {
    try {
      window.localStorage.setItem(k, v);
    } catch {
      // Storage full or blocked: the item still waits in memory for this tab.
    }
  },
};

/** Server trouble and lost connections are worth retrying; any other answer is final. */
function classify(err: unknown): 'offline' | 'refused' {
  if (err instanceof NetworkError) return 'offline';
  if (err instanceof ApiRequestError) {
    if (err.status >= 500 || err.status === 408 || err.status === 429 || err.status === 401) return 'offline';
    // The first copy of this write is still being handled: try again later.
    if (err.reason === 'in_progress') return 'offline';
    return 'refused';
  }
  return 'offline';
}

function photoForm(blob: Blob): FormData {
  const form = new FormData();
  const ext = blob.type === 'image/png' ? 'png' : blob.type === 'image/webp' ? 'webp' : 'jpg';
  form.append('photo', blob, `photo.${ext}`);
  return form;
}

/** Sends one item; a hazard report sends its photos after the report (replays answer the same hazard). */
async function send(item: QueueItem, blobs: BlobStore): Promise<unknown> {
  if (item.kind === 'photo') {
    const p = item.photos?.[0];
    const blob = p ? await blobs.get(p.key) : null;
    // The blob is gone (storage cleared): nothing left to send.
    if (!blob) return null;
    return request(item.path, { method: 'POST', query: item.query ?? {}, form: photoForm(blob) });
  }
  const answer = await request<{ id?: string }>(item.path, { method: 'POST', body: item.body ?? {} });
  if (item.kind === 'hazard' && answer?.id) {
    for (const p of item.photos ?? []) {
      const blob = await blobs.get(p.key);
      if (!blob) continue;
      await request(`/api/hazards/${answer.id}/photos`, {
        method: 'POST',
        query: { stage: 'report', clientId: p.clientId },
        form: photoForm(blob),
      });
    }
  }
  return answer;
}

let instance: OfflineQueue | null = null;
let describe: (err: unknown) => string = (err) => (err instanceof Error ? err.message : String(err));

/** The text shown for a refused item; the app sets it to its translated error text. */
export function setOutboxErrorText(fn: (err: unknown) => string): void {
  describe = fn;
}

export function outbox(): OfflineQueue {
  instance ??= new OfflineQueue({
    store: localStore,
    blobs: indexedDbBlobStore(),
    send,
    classify,
    describe: (err) => describe(err),
  });
  return instance;
}

export function isOffline(err: unknown): boolean {
  return classify(err) === 'offline';
}

/**
 * Sends a write now when the outbox is empty and the browser is online;
 * otherwise (or when the connection drops on the way) queues it. A refusal
 * of a direct send is thrown to the caller, who can show it and let the user
 * correct it (e.g. confirm a check-in far from the route).
 */
export async function sendOrQueue<T>(
  item: Omit<QueueItem, 'createdAt'>,
  blobs: { key: string; blob: Blob }[] = [],
): Promise<{ queued: true } | { queued: false; answer: T }> {
  const q = outbox();
  if (q.snapshot.pending.length === 0 && navigator.onLine) {
    try {
      // The blobs are handed to the sender directly; they reach IndexedDB only when queued.
      const answer = (await send({ ...item, createdAt: new Date().toISOString() }, memoryFor(blobs))) as T;
      return { queued: false, answer };
    } catch (err) {
      if (!isOffline(err)) throw err;
    }
  }
  await q.enqueue(item, blobs);
  void q.flush();
  return { queued: true };
}

function memoryFor(blobs: { key: string; blob: Blob }[]): BlobStore {
  const m = new Map(blobs.map((b) => [b.key, b.blob]));
  return {
    put: async (k, b) => void m.set(k, b),
    get: async (k) => m.get(k) ?? null,
    delete: async (k) => void m.delete(k),
  };
}

export function useOutbox(): QueueState {
  const q = outbox();
  useEffect(() => {
    const flush = () => void q.flush();
    window.addEventListener('online', flush);
    const timer = window.setInterval(() => {
      if (q.snapshot.pending.length > 0) flush();
    }, 20_000);
    flush();
    return () => {
      window.removeEventListener('online', flush);
      window.clearInterval(timer);
    };
  }, [q]);
  return useSyncExternalStore(
    (notify) => q.subscribe(notify),
    () => q.snapshot,
  );
}
