/**
 * The live channel's client side, without React or the DOM so the unit suite
 * can drive it: one socket per tab, handlers keyed by topic, reconnection
 * with capped exponential backoff and jitter, and every topic subscribed
 * again after a reconnect.
 */

/** The part of the browser WebSocket the store uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type LiveStatus = 'idle' | 'connecting' | 'open' | 'waiting' | 'stopped';

export interface LiveEvent {
  topic: string;
  payload: unknown;
  at: string;
}

export type TopicHandler = (payload: unknown, event: LiveEvent) => void;

export interface TimerApi {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface LiveStoreOptions {
  url: () => string;
  createSocket: (url: string) => SocketLike;
  timers?: TimerApi;
  /** First retry delay; doubles per failed attempt. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** In [0, 1); spreads reconnects of many tabs after a server restart. */
  random?: () => number;
  /** The server closed the socket because the session ended (close code 4401 or a session.ended event). */
  onSessionEnded?: (reason: string) => void;
  /** How often to ping an open socket, so proxies do not drop it for silence; 0 turns it off. */
  pingMs?: number;
  /**
   * Whether connecting is allowed from the start (default true). The app
   * starts closed and opens once the session has proved fully usable, so a
   * half-signed-in session never attempts a handshake the server refuses.
   */
  ready?: boolean;
}

const OPEN = 1;
/** Close code the server uses when the session behind the socket ended. */
export const SESSION_ENDED_CLOSE = 4401;

/** Delay before reconnect attempt `attempt` (0-based): base·2^attempt, capped, with ±25 % jitter. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: number): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  const jitter = 0.75 + random * 0.5;
  return Math.round(Math.min(maxMs, raw * jitter));
}

const defaultTimers: TimerApi = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class LiveStore {
  private socket: SocketLike | null = null;
  private readonly handlers = new Map<string, Set<TopicHandler>>();
  private readonly statusListeners = new Set<(s: LiveStatus) => void>();
  private attempt = 0;
  private retryTimer: unknown = null;
  private pingTimer: unknown = null;
  private state: LiveStatus = 'idle';
  private readonly timers: TimerApi;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;
  private readonly pingMs: number;
  private ready: boolean;

  constructor(private readonly options: LiveStoreOptions) {
    this.ready = options.ready ?? true;
    this.timers = options.timers ?? defaultTimers;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.random = options.random ?? Math.random;
    this.pingMs = options.pingMs ?? 25_000;
  }

  get status(): LiveStatus {
    return this.state;
  }

  /** Topics with at least one handler. */
  get topics(): string[] {
    return [...this.handlers.keys()];
  }

  /** Failed attempts since the last successful open. */
  get attempts(): number {
    return this.attempt;
  }

  onStatus(listener: (s: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Adds a handler for a topic; opens the socket on first use. Returns the unsubscribe function. */
  subscribe(topic: string, handler: TopicHandler): () => void {
    let set = this.handlers.get(topic);
    const isNew = !set;
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
    }
    set.add(handler);
    if (isNew) this.sendIfOpen({ type: 'subscribe', topics: [topic] });
    if (this.state === 'idle' && this.ready) this.connect();
    return () => {
      const current = this.handlers.get(topic);
      if (!current) return;
      current.delete(handler);
      if (current.size === 0) {
        this.handlers.delete(topic);
        this.sendIfOpen({ type: 'unsubscribe', topics: [topic] });
      }
    };
  }

  /** Closes the socket and stops reconnecting (sign-out); `start()` or a new subscription after `reset()` resumes. */
  stop(): void {
    this.setStatus('stopped');
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = null;
      s.onmessage = null;
      s.onerror = null;
      s.onopen = null;
      s.close(1000, 'stopped');
    }
  }

  /** After a stop: forget the stop and connect again (once ready) if anything is subscribed. */
  start(): void {
    if (this.state !== 'stopped' && this.state !== 'idle') return;
    this.attempt = 0;
    this.setStatus('idle');
    if (this.handlers.size > 0 && this.ready) this.connect();
  }

  /** Allows (or forbids) connecting; allowing connects at once when topics wait. */
  setReady(ready: boolean): void {
    this.ready = ready;
    if (ready && this.state === 'idle' && this.handlers.size > 0) this.connect();
  }

  private setStatus(s: LiveStatus): void {
    if (this.state === s) return;
    this.state = s;
    for (const l of this.statusListeners) l(s);
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) this.timers.clear(this.retryTimer);
    if (this.pingTimer !== null) this.timers.clear(this.pingTimer);
    this.retryTimer = null;
    this.pingTimer = null;
  }

  private sendIfOpen(message: unknown): void {
    if (this.socket && this.socket.readyState === OPEN && this.state === 'open')
      this.socket.send(JSON.stringify(message));
  }

  private connect(): void {
    if (this.state === 'stopped') return;
    this.retryTimer = null;
    this.setStatus('connecting');
    let socket: SocketLike;
    try {
      socket = this.options.createSocket(this.options.url());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempt = 0;
      this.setStatus('open');
      const topics = this.topics;
      if (topics.length > 0) socket.send(JSON.stringify({ type: 'subscribe', topics }));
      this.schedulePing();
    };
    socket.onmessage = (ev) => {
      if (this.socket !== socket) return;
      this.dispatch(ev.data);
    };
    socket.onerror = () => {
      // A close event always follows; reconnection happens there.
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.pingTimer !== null) this.timers.clear(this.pingTimer);
      this.pingTimer = null;
      if (ev.code === SESSION_ENDED_CLOSE) {
        this.setStatus('stopped');
        this.options.onSessionEnded?.('expired');
        return;
      }
      this.scheduleReconnect();
    };
  }

  private schedulePing(): void {
    if (this.pingMs <= 0) return;
    this.pingTimer = this.timers.set(() => {
      this.pingTimer = null;
      this.sendIfOpen({ type: 'ping' });
      if (this.state === 'open') this.schedulePing();
    }, this.pingMs);
  }

  private scheduleReconnect(): void {
    if (this.state === 'stopped') return;
    if (this.handlers.size === 0) {
      this.setStatus('idle');
      return;
    }
    const delay = backoffDelay(this.attempt, this.baseDelayMs, this.maxDelayMs, this.random());
    this.attempt += 1;
    this.setStatus('waiting');
    this.retryTimer = this.timers.set(() => this.connect(), delay);
  }

  private dispatch(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as { type?: unknown; topic?: unknown; payload?: unknown; at?: unknown };
    if (m.type !== 'event' || typeof m.topic !== 'string') return;
    const event: LiveEvent = { topic: m.topic, payload: m.payload, at: typeof m.at === 'string' ? m.at : '' };
    if (m.topic === 'session.ended') {
      const reason =
        typeof m.payload === 'object' && m.payload !== null && 'reason' in m.payload
          ? String(m.payload.reason)
          : 'ended';
      this.options.onSessionEnded?.(reason);
    }
    const set = this.handlers.get(m.topic);
    if (!set) return;
    for (const h of [...set]) {
      try {
        h(m.payload, event);
      } catch (e) {
        console.error('live handler failed', e);
      }
    }
  }
}
