import { describe, expect, it } from 'vitest';
import { corkedSender, rawSocketOf } from './corked-send';

/** A WebSocket and its TCP socket that record what reaches the wire and when. */
function fakeSocket() {
  const log: string[] = [];
  let corks = 0;
  const raw = {
    cork: () => {
      corks++;
    },
    uncork: () => {
      corks--;
      if (corks === 0) log.push('flush');
    },
  };
  const ws = { readyState: 1, OPEN: 1, send: (d: string) => log.push(corks > 0 ? `buffered ${d}` : `written ${d}`) };
  return { ws, raw, log };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('corkedSender', () => {
  it('holds the messages of one tick back and lets them leave together once the tick is over', async () => {
    const f = fakeSocket();
    const send = corkedSender(f.ws, f.raw);
    send('1');
    await Promise.resolve();
    // Awaited publishes of one transaction's events run as microtasks of the same tick.
    send('2');
    expect(f.log).toEqual(['buffered 1', 'buffered 2']);
    await tick();
    send('3');
    await tick();
    expect(f.log).toEqual(['buffered 1', 'buffered 2', 'flush', 'buffered 3', 'flush']);
  });

  it('sends nothing on a socket that is no longer open, and sends uncorked without a TCP socket', async () => {
    const f = fakeSocket();
    f.ws.readyState = 3;
    corkedSender(f.ws, f.raw)('lost');
    f.ws.readyState = 1;
    corkedSender(f.ws, undefined)('plain');
    await tick();
    expect(f.log).toEqual(['written plain']);
  });

  it('finds the TCP socket only where it has cork and uncork', () => {
    const raw = { cork() {}, uncork() {} };
    expect(rawSocketOf({ _socket: raw })).toBe(raw);
    expect(rawSocketOf({ _socket: {} })).toBeUndefined();
    expect(rawSocketOf({})).toBeUndefined();
  });
});
