import { describe, expect, it } from 'vitest';
import { backoffDelay, LiveStore, SESSION_ENDED_CLOSE, type SocketLike, type TimerApi } from './live-store';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closed = true;
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  event(topic: string, payload: unknown): void {
    this.onmessage?.({ data: JSON.stringify({ type: 'event', topic, payload, at: '2026-01-01T00:00:00Z' }) });
  }
}

class FakeTimers implements TimerApi {
  now = 0;
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  delays: number[] = [];
  set(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.queue.push({ at: this.now + ms, fn, id });
    this.delays.push(ms);
    return id;
  }
  clear(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const due = this.queue[0];
      if (!due || due.at > until) break;
      this.queue.shift();
      this.now = due.at;
      due.fn();
    }
    this.now = until;
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const timers = new FakeTimers();
  const ended: string[] = [];
  const store = new LiveStore({
    url: () => 'ws://test/api/live',
    createSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    timers,
    baseDelayMs: 1000,
    maxDelayMs: 8000,
    random: () => 0.5,
    pingMs: 0,
    onSessionEnded: (r) => ended.push(r),
  });
  const last = () => {
    const s = sockets[sockets.length - 1];
    if (!s) throw new Error('no socket');
    return s;
  };
  return { store, sockets, timers, ended, last };
}

describe('backoffDelay', () => {
  it('doubles per attempt, with jitter, up to the cap', () => {
    expect(backoffDelay(0, 1000, 30_000, 0.5)).toBe(1000);
    expect(backoffDelay(1, 1000, 30_000, 0.5)).toBe(2000);
    expect(backoffDelay(3, 1000, 30_000, 0.5)).toBe(8000);
    expect(backoffDelay(10, 1000, 30_000, 0.5)).toBe(30_000);
    expect(backoffDelay(2, 1000, 30_000, 0)).toBe(3000);
    expect(backoffDelay(2, 1000, 30_000, 0.999)).toBeLessThanOrEqual(5000);
  });
});

describe('LiveStore', () => {
  it('opens one socket on first use and subscribes every topic once it is open', () => {
    const { store, sockets, last } = setup();
    expect(sockets).toHaveLength(0);
    store.subscribe('grids.changed', () => {});
    store.subscribe('incidents.created', () => {});
    store.subscribe('grids.changed', () => {});
    expect(sockets).toHaveLength(1);
    last().open();
    expect(last().sent).toEqual([{ type: 'subscribe', topics: ['grids.changed', 'incidents.created'] }]);
    expect(store.status).toBe('open');
  });

  it('delivers events to the handlers of their topic only', () => {
    const { store, last } = setup();
    const got: unknown[] = [];
    const other: unknown[] = [];
    store.subscribe('grids.changed', (p) => got.push(p));
    store.subscribe('other', (p) => other.push(p));
    last().open();
    last().event('grids.changed', { gridId: 'g1', version: 2 });
    last().onmessage?.({ data: 'not json' });
    last().onmessage?.({ data: JSON.stringify({ type: 'pong' }) });
    expect(got).toEqual([{ gridId: 'g1', version: 2 }]);
    expect(other).toEqual([]);
  });

  it('subscribes late topics at once and unsubscribes when the last handler leaves', () => {
    const { store, last } = setup();
    store.subscribe('a', () => {});
    last().open();
    const off1 = store.subscribe('b', () => {});
    const off2 = store.subscribe('b', () => {});
    expect(last().sent).toContainEqual({ type: 'subscribe', topics: ['b'] });
    off1();
    expect(last().sent).not.toContainEqual({ type: 'unsubscribe', topics: ['b'] });
    off2();
    expect(last().sent).toContainEqual({ type: 'unsubscribe', topics: ['b'] });
    expect(store.topics).toEqual(['a']);
  });

  it('reconnects with growing delays and resubscribes everything after a drop', () => {
    const { store, sockets, timers, last } = setup();
    store.subscribe('grids.changed', () => {});
    last().open();
    last().drop();
    expect(store.status).toBe('waiting');
    // Attempts fail: 1 s, 2 s, 4 s, then capped at 8 s.
    timers.advance(1000);
    expect(sockets).toHaveLength(2);
    last().drop();
    timers.advance(1999);
    expect(sockets).toHaveLength(2);
    timers.advance(1);
    expect(sockets).toHaveLength(3);
    last().drop();
    timers.advance(4000);
    last().drop();
    timers.advance(8000);
    last().drop();
    timers.advance(8000);
    expect(timers.delays).toEqual([1000, 2000, 4000, 8000, 8000]);
    // A topic added while disconnected is included when the connection returns.
    store.subscribe('incidents.created', () => {});
    last().open();
    expect(last().sent).toEqual([{ type: 'subscribe', topics: ['grids.changed', 'incidents.created'] }]);
    expect(store.attempts).toBe(0);
    // After a success the backoff starts over.
    last().drop();
    expect(timers.delays.at(-1)).toBe(1000);
  });

  it('stops for good when the server ends the session', () => {
    const { store, sockets, timers, ended, last } = setup();
    store.subscribe('grids.changed', () => {});
    last().open();
    last().drop(SESSION_ENDED_CLOSE);
    timers.advance(60_000);
    expect(sockets).toHaveLength(1);
    expect(store.status).toBe('stopped');
    expect(ended).toEqual(['expired']);
  });

  it('reports a session.ended event', () => {
    const { store, ended, last } = setup();
    store.subscribe('grids.changed', () => {});
    last().open();
    last().event('session.ended', { reason: 'idle' });
    expect(ended).toEqual(['idle']);
  });

  it('does not reconnect after stop(), and start() resumes', () => {
    const { store, sockets, timers, last } = setup();
    store.subscribe('grids.changed', () => {});
    last().open();
    store.stop();
    expect(last().closed).toBe(true);
    timers.advance(60_000);
    expect(sockets).toHaveLength(1);
    store.start();
    expect(sockets).toHaveLength(2);
    last().open();
    expect(last().sent).toEqual([{ type: 'subscribe', topics: ['grids.changed'] }]);
  });

  it('keeps running when a handler throws', () => {
    const { store, last } = setup();
    const got: unknown[] = [];
    const original = console.error;
    console.error = () => {};
    try {
      store.subscribe('t', () => {
        throw new Error('boom');
      });
      store.subscribe('t', (p) => got.push(p));
      last().open();
      last().event('t', 1);
    } finally {
      console.error = original;
    }
    expect(got).toEqual([1]);
  });

  it('waits for the session to prove usable before the first connection', () => {
    const sockets: FakeSocket[] = [];
    const store = new LiveStore({
      url: () => 'ws://test/api/live',
      createSocket: () => {
        const sock = new FakeSocket();
        sockets.push(sock);
        return sock;
      },
      timers: new FakeTimers(),
      pingMs: 0,
      ready: false,
    });
    store.subscribe('grids.changed', () => {});
    expect(sockets).toHaveLength(0);
    expect(store.status).toBe('idle');
    store.setReady(true);
    expect(sockets).toHaveLength(1);
    store.setReady(true);
    expect(sockets).toHaveLength(1);
  });
});
