import net from 'node:net';

export interface TcpProxy {
  /** host:port to connect to instead of the target. */
  readonly host: string;
  readonly port: number;
  /** Connections currently relayed. */
  readonly open: number;
  /** Cuts every relayed connection and refuses new ones: what a restart of the target looks like. */
  cut(): void;
  /** Accepts and relays connections again (on the same port). */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP relay between a process under test and a shared service (PostgreSQL,
 * NATS), so a test can take the service away for that process alone without
 * touching the real server other tests use. While cut, the listening socket
 * is closed, so connection attempts are refused at once (ECONNREFUSED) as
 * they are while a database restarts.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const relay = (client: net.Socket) => {
    const upstream = net.connect(target);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };
  let server = net.createServer(relay);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  let down = false;
  return {
    host: '127.0.0.1',
    port,
    get open() {
      return sockets.size / 2;
    },
    cut() {
      if (down) return;
      down = true;
      server.close();
      for (const s of sockets) s.destroy();
    },
    async restore() {
      if (!down) return;
      down = false;
      server = net.createServer(relay);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        down = true;
        for (const s of sockets) s.destroy();
        if (server.listening) server.close(() => resolve());
        else resolve();
      }),
  };
}
