import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ClusterBus, type ClusterEvent, isOwnEcho, type LiveTransport } from './cluster.bus';
import type { LiveEvent } from './event-bus';

class FakeTransport implements LiveTransport {
  sent: ClusterEvent[] = [];
  up = true;
  accepts = true;
  constructor(readonly name: string) {}
  healthy(): boolean {
    return this.up;
  }
  async send(e: ClusterEvent): Promise<boolean> {
    if (!this.accepts) return false;
    this.sent.push(e);
    return true;
  }
  async close(): Promise<void> {}
}

function logSink() {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => lines.push(JSON.parse(s)) });
  return { log, lines };
}

const event = (n: number): LiveEvent => ({
  topic: 'incidents.changed',
  payload: { n },
  scope: { stationId: 's1' },
  at: '2026-11-28T10:00:00.000Z',
});

function setup() {
  const { log, lines } = logSink();
  const bus = new ClusterBus(log);
  const nats = new FakeTransport('nats');
  const notify = new FakeTransport('postgres-notify');
  bus.use([nats, notify]);
  const local: LiveEvent[] = [];
  bus.subscribe((e) => local.push(e));
  return { bus, nats, notify, local, lines };
}

describe('ClusterBus', () => {
  it('delivers locally and sends through the preferred transport only', async () => {
    const { bus, nats, notify, local } = setup();
    await bus.publish(event(1));
    expect(local).toHaveLength(1);
    expect(nats.sent).toHaveLength(1);
    expect(notify.sent).toHaveLength(0);
    expect(nats.sent[0]?.origin).toBe(bus.origin);
    expect(bus.route()).toBe('nats');
  });

  it('falls back when NATS is down or refuses, says so once, and says when it is back', async () => {
    const { bus, nats, notify, lines } = setup();
    await bus.publish(event(1));
    await bus.settled();
    nats.up = false;
    await bus.publish(event(2));
    await bus.settled();
    await bus.publish(event(3));
    await bus.settled();
    expect(notify.sent.map((e) => (e.payload as { n: number }).n)).toEqual([2, 3]);
    expect(bus.route()).toBe('postgres-notify');
    nats.up = true;
    nats.accepts = false;
    await bus.publish(event(4));
    await bus.settled();
    expect(notify.sent).toHaveLength(3);
    nats.accepts = true;
    await bus.publish(event(5));
    await bus.settled();
    expect(nats.sent.map((e) => (e.payload as { n: number }).n)).toEqual([1, 5]);
    const msgs = lines.map((l) => l.msg);
    expect(msgs.filter((m) => m.includes('degraded'))).toHaveLength(1);
    expect(msgs.filter((m) => m.includes('back on their preferred'))).toHaveLength(1);
  });

  it('keeps serving its own clients when no transport works', async () => {
    const { bus, nats, notify, local, lines } = setup();
    nats.up = false;
    notify.up = false;
    await bus.publish(event(1));
    await bus.publish(event(2));
    await bus.settled();
    expect(local).toHaveLength(2);
    expect(bus.route()).toBe('local');
    expect(lines.filter((l) => l.level === 50 && l.msg.includes('only this node'))).toHaveLength(1);
  });

  it('delivers an event from another node once, whichever transports carry it, and drops its own echoes', async () => {
    const { bus, local } = setup();
    const foreign: ClusterEvent = { ...event(7), id: 'e-7', origin: 'node-b' };
    bus.deliver(foreign);
    bus.deliver({ ...foreign });
    bus.deliver({ ...event(8), id: 'e-8', origin: bus.origin });
    expect(local.map((e) => (e.payload as { n: number }).n)).toEqual([7]);
  });

  it('answers once delivered locally, without waiting for the transport, and hands events over in order', async () => {
    const { log } = logSink();
    const bus = new ClusterBus(log);
    const handed: number[] = [];
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow: LiveTransport = {
      name: 'postgres-notify',
      healthy: () => true,
      send: async (e) => {
        handed.push((e.payload as { n: number }).n);
        await gate;
        return true;
      },
      close: async () => {},
    };
    bus.use([slow]);
    const local: number[] = [];
    bus.subscribe((e) => local.push((e.payload as { n: number }).n));
    for (let n = 1; n <= 5; n++) await bus.publish(event(n));
    expect(local).toEqual([1, 2, 3, 4, 5]);
    expect(handed).toEqual([1, 2, 3, 4, 5]);
    let settled = false;
    const s = bus.settled().then(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    release();
    await s;
    expect(settled).toBe(true);
  });

  it('recognises its own events coming back by their serialised origin', () => {
    const mine: ClusterEvent = { ...event(1), id: 'e-1', origin: 'node-a' };
    expect(isOwnEcho(JSON.stringify(mine), 'node-a')).toBe(true);
    expect(isOwnEcho(JSON.stringify({ ...mine, origin: 'node-b' }), 'node-a')).toBe(false);
    expect(isOwnEcho(JSON.stringify(mine), 'node')).toBe(false);
  });
});
