/**
 * The volunteer's outbox: writes made while the phone has no connection
 * (check-ins, track fixes, checkpoint passes, photos, alarms, hazard
 * reports) wait here in the order they were made and are sent when the
 * connection returns. Every item carries the client id the server
 * deduplicates on, so sending one twice (a flush cut off mid-way, two tabs)
 * changes nothing. Pure: storage and transport are injected, so the unit
 * suite runs it without a browser.
 */

export type QueueKind = 'check_in' | 'points' | 'pass' | 'photo' | 'check_out' | 'served' | 'alarm' | 'hazard';

export interface QueuedPhoto {
  /** Key of the blob in the photo store. */
  key: string;
  clientId: string;
}

export interface QueueItem {
  /** The client id of the write (also the queue key). */
  id: string;
  kind: QueueKind;
  /** The API path, e.g. /api/me/volunteer/duties/<id>/check-in. */
  path: string;
  body?: unknown;
  query?: Record<string, string>;
  /** Photos sent after the write: the write's own photo (kind photo) or a hazard report's. */
  photos?: QueuedPhoto[];
  /** The duty the item belongs to, so the duty screen can show its own backlog. */
  dutyId?: string;
  createdAt: string;
}

/** Where the queue's JSON lives (localStorage in the browser). */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

/** Where photo blobs wait (IndexedDB in the browser). */
export interface BlobStore {
  put(key: string, blob: Blob): Promise<void>;
  get(key: string): Promise<Blob | null>;
  delete(key: string): Promise<void>;
}

/** How one item is sent: resolves when the server accepted it (or had already). */
export type Sender = (item: QueueItem, blobs: BlobStore) => Promise<unknown>;

/** What a failed send means for the queue. */
export type FailureKind = 'offline' | 'refused';

/** A queued write the server refused (e.g. a check-in too far from the route): dropped, shown to the user. */
export interface RefusedItem {
  item: QueueItem;
  message: string;
  at: string;
}

export interface QueueOptions {
  store: KeyValueStore;
  blobs: BlobStore;
  send: Sender;
  /** offline: keep the item and stop (retry later); refused: drop it and go on. */
  classify: (err: unknown) => FailureKind;
  describe?: (err: unknown) => string;
  now?: () => Date;
  storageKey?: string;
}

export interface QueueState {
  pending: QueueItem[];
  refused: RefusedItem[];
  flushing: boolean;
}

const DEFAULT_KEY = 'fq.volunteer.outbox';

function parseItems(raw: string | null): { pending: QueueItem[]; refused: RefusedItem[] } {
  if (!raw) return { pending: [], refused: [] };
  try {
    const v = JSON.parse(raw) as { pending?: unknown; refused?: unknown };
    return {
      pending: Array.isArray(v.pending) ? (v.pending as QueueItem[]) : [],
      refused: Array.isArray(v.refused) ? (v.refused as RefusedItem[]) : [],
    };
  } catch {
    // A corrupt entry (another app version): start empty rather than crash the duty screen.
    return { pending: [], refused: [] };
  }
}

export class OfflineQueue {
  private readonly key: string;
  private readonly now: () => Date;
  private listeners = new Set<() => void>();
  private running: Promise<void> | null = null;
  private state: QueueState;

  constructor(private readonly opts: QueueOptions) {
    this.key = opts.storageKey ?? DEFAULT_KEY;
    this.now = opts.now ?? (() => new Date());
    this.state = { ...parseItems(opts.store.get(this.key)), flushing: false };
  }

  get snapshot(): QueueState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private commit(next: Partial<QueueState>): void {
    this.state = { ...this.state, ...next };
    this.opts.store.set(this.key, JSON.stringify({ pending: this.state.pending, refused: this.state.refused }));
    for (const l of this.listeners) l();
  }

  /** Adds an item at the end (an item with a known id is not added twice); photo blobs are stored first. */
  async enqueue(item: Omit<QueueItem, 'createdAt'>, blobs: { key: string; blob: Blob }[] = []): Promise<void> {
    for (const b of blobs) await this.opts.blobs.put(b.key, b.blob);
    if (this.state.pending.some((p) => p.id === item.id)) return;
    this.commit({ pending: [...this.state.pending, { ...item, createdAt: this.now().toISOString() }] });
  }

  /**
   * Sends the items in order. Stops at the first one that cannot get
   * through (still offline, server down) so later writes never overtake it;
   * an item the server refuses is dropped into `refused` and the rest go on.
   * Concurrent calls share one run.
   */
  flush(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.run().finally(() => {
      this.running = null;
      this.commit({ flushing: false });
    });
    return this.running;
  }

  private async run(): Promise<void> {
    this.commit({ flushing: true });
    for (;;) {
      const item = this.state.pending[0];
      if (!item) return;
      try {
        await this.opts.send(item, this.opts.blobs);
      } catch (err) {
        if (this.opts.classify(err) === 'offline') return;
        const refused: RefusedItem = {
          item,
          message: this.opts.describe?.(err) ?? String(err),
          at: this.now().toISOString(),
        };
        await this.dropBlobs(item);
        this.commit({
          pending: this.state.pending.filter((p) => p.id !== item.id),
          refused: [...this.state.refused, refused].slice(-20),
        });
        continue;
      }
      await this.dropBlobs(item);
      this.commit({ pending: this.state.pending.filter((p) => p.id !== item.id) });
    }
  }

  private async dropBlobs(item: QueueItem): Promise<void> {
    for (const p of item.photos ?? []) await this.opts.blobs.delete(p.key);
  }

  dismissRefused(): void {
    this.commit({ refused: [] });
  }
}

/** A blob store in memory (tests, and browsers without IndexedDB, where photos then live as long as the tab). */
export function memoryBlobStore(): BlobStore {
  const m = new Map<string, Blob>();
  return {
    put: async (k, b) => {
      m.set(k, b);
    },
    get: async (k) => m.get(k) ?? null,
    delete: async (k) => {
      m.delete(k);
    },
  };
}
