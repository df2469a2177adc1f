import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './db-errors';
import { openPostgres } from './postgres.engine';

/**
 * A database host that accepts the TCP connection and then says nothing (a
 * hung server, a half-open network path): the pool gives up after its
 * connect timeout with an error the HTTP layer answers with 503, instead of
 * holding requests for the operating system's TCP timeout.
 */
describe('PostgreSQL connect timeout', () => {
  let server: net.Server;
  let port = 0;
  const sockets: net.Socket[] = [];
  beforeAll(async () => {
    server = net.createServer((s) => {
      sockets.push(s);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  it('fails within the timeout as "database unavailable"', async () => {
    const started = Date.now();
    const error = await openPostgres({
      url: `postgres://x@127.0.0.1:${port}/x`,
      connectTimeoutMs: 300,
      onClientError: () => undefined,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    const took = Date.now() - started;
    expect(error).not.toBeNull();
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(5_000);
  });
});
