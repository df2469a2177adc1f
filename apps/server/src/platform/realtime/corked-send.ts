import type { Socket } from 'node:net';

/** What `corkedSender` needs of a `ws` WebSocket. */
export interface SendableSocket {
  readonly readyState: number;
  readonly OPEN: number;
  send(data: string): void;
}

/** The TCP socket under a `ws` WebSocket (a private field of `ws`; absent in other implementations). */
export function rawSocketOf(ws: unknown): Pick<Socket, 'cork' | 'uncork'> | undefined {
  const raw = (ws as { _socket?: unknown })._socket as Partial<Socket> | undefined;
  return raw && typeof raw.cork === 'function' && typeof raw.uncork === 'function'
    ? (raw as Pick<Socket, 'cork' | 'uncork'>)
    : undefined;
}

/**
 * Sends on a WebSocket so that the messages of one burst leave in one write
 * instead of one each: the TCP socket is corked at a burst's first message
 * and uncorked once the current tick's work is done. A transaction's live
 * events are published one after another within one tick, so a batch of
 * sixty reports becomes one system call per client, not sixty (at 1,000
 * reports a second those writes were ~4 % of the server's CPU with a single
 * board open, and they grow with every open board).
 */
export function corkedSender(ws: SendableSocket, raw: Pick<Socket, 'cork' | 'uncork'> | undefined) {
  let corked = false;
  return (data: string): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (raw && !corked) {
      corked = true;
      raw.cork();
      process.nextTick(() => {
        corked = false;
        raw.uncork();
      });
    }
    ws.send(data);
  };
}
