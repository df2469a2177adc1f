import pg from 'pg';
import type { Logger } from 'pino';
import { type ClusterEvent, isOwnEcho, type LiveTransport } from './cluster.bus';

export const LIVE_CHANNEL = 'fengqiao_live';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; stay clear of the limit. */
export const NOTIFY_MAX_BYTES = 7_900;
/** Overflow rows only need to outlive the notification's delivery. */
const OVERFLOW_KEEP_MS = 10 * 60_000;
const OVERFLOW_SWEEP_MS = 60_000;
/** Events per NOTIFY statement at most. */
const NOTIFY_BATCH = 500;
/** The listening connections' application_name: how a node sees, in pg_stat_activity, that others listen. */
export const LISTENER_APP = 'fengqiao-live';
/** How often a node looks for other listeners. */
export const PEER_CHECK_MS = 1_000;
/** How long a node that finds others listening waits before it serves: long enough for each of them to see it. */
const JOIN_GRACE_MS = PEER_CHECK_MS + 500;

/**
 * Live events between server processes through PostgreSQL LISTEN/NOTIFY, for
 * deployments without NATS (and as NATS's fallback). Events up to ~8 kB
 * travel in the notification; larger ones are stored in
 * `live_event_overflow` and the notification carries `@<id>`. One dedicated
 * connection listens and reconnects with backoff when PostgreSQL goes away;
 * NOTIFY has no replay, so events sent while a node was disconnected are not
 * delivered to it (its clients re-read the board when their socket reconnects).
 */
export class PgNotifyTransport implements LiveTransport {
  readonly name = 'postgres-notify';
  private listener: pg.Client | null = null;
  private listening = false;
  private closed = false;
  private retryMs = 500;
  private retryTimer: NodeJS.Timeout | null = null;
  private lastSweep = 0;
  private pending: { text: string; done: (ok: boolean) => void }[] = [];
  private sending = false;
  /** Whether another node listens on this database; until known, assume so. */
  private others = true;
  private peerTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
    private readonly deliver: (e: ClusterEvent) => void,
    private readonly log: Logger,
    private readonly origin: string | null,
  ) {}

  /** `origin`: this node's, so its own notifications coming back are dropped unparsed. */
  static async start(
    url: string,
    deliver: (e: ClusterEvent) => void,
    log: Logger,
    origin: string | null = null,
  ): Promise<PgNotifyTransport> {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    // A pooled connection that loses its server is replaced on next use; it must not crash the process.
    pool.on('error', (e) => log.warn({ err: e }, 'live-event connection lost'));
    const t = new PgNotifyTransport(url, pool, deliver, log, origin);
    await t.listen();
    t.peerTimer = setInterval(() => void t.checkPeers(), PEER_CHECK_MS);
    t.peerTimer.unref();
    // Nodes already running send nothing while they see no other listener; give each of them one check to see
    // this one before this node serves clients (a node alone starts at once).
    if (t.others) await new Promise((r) => setTimeout(r, JOIN_GRACE_MS));
    return t;
  }

  /**
   * Looks for other nodes' listening connections on this database. A node
   * alone sends no NOTIFY at all: its own clients already have every event,
   * and a notification nobody else hears would only come back to it. If the
   * check fails, it assumes others listen.
   */
  private async checkPeers(): Promise<void> {
    const l = this.listener;
    if (!l || !this.listening) {
      this.others = true;
      return;
    }
    try {
      const r = await l.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`,
        [LISTENER_APP],
      );
      this.others = (r.rows[0]?.n ?? 1) > 0;
    } catch {
      this.others = true;
    }
  }

  /** Sending only needs the pool; the listener's state says whether this node still hears the others. */
  healthy(): boolean {
    return !this.closed && this.listening;
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, application_name: LISTENER_APP });
    client.on('notification', (n) => {
      if (n.channel === LIVE_CHANNEL && n.payload) void this.receive(n.payload);
    });
    const lost = (e?: unknown) => {
      if (this.listener !== client) return;
      this.listener = null;
      this.listening = false;
      // Without its listener this node cannot look for others: send to whoever may be there.
      this.others = true;
      client.end().catch(() => undefined);
      if (!this.closed) {
        this.log.warn({ err: e }, 'live-event listener lost PostgreSQL; reconnecting');
        this.scheduleRetry();
      }
    };
    client.on('error', lost);
    client.on('end', () => lost());
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
      this.listening = true;
      await this.checkPeers();
      if (this.retryMs > 500) this.log.info('live-event listener is back on PostgreSQL');
      this.retryMs = 500;
    } catch (e) {
      lost(e);
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.listen();
    }, wait);
    this.retryTimer.unref();
  }

  private async receive(payload: string): Promise<void> {
    if (this.origin && isOwnEcho(payload, this.origin)) return;
    try {
      let text = payload;
      if (payload.startsWith('@')) {
        const r = await this.pool.query<{ event: unknown }>('SELECT event FROM live_event_overflow WHERE id = $1', [
          Number(payload.slice(1)),
        ]);
        const row = r.rows[0];
        if (!row) return;
        // jsonb comes back parsed; keep one code path below.
        text = JSON.stringify(row.event);
      }
      this.deliver(JSON.parse(text) as ClusterEvent);
    } catch (e) {
      this.log.warn({ err: e }, 'unreadable live event from PostgreSQL');
    }
  }

  /**
   * Queues the event; events sent while a NOTIFY is in flight go together in
   * the next one (one statement and one commit for a burst, in order).
   */
  send(event: ClusterEvent): Promise<boolean> {
    // Delivered: this node's clients have it (ClusterBus.publish), and no other node listens.
    if (!this.others) return Promise.resolve(true);
    const text = JSON.stringify(event);
    return new Promise<boolean>((done) => {
      this.pending.push({ text, done });
      if (!this.sending) {
        this.sending = true;
        void this.flush();
      }
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, NOTIFY_BATCH);
        let ok = true;
        try {
          const payloads: string[] = [];
          for (const { text } of batch) {
            if (Buffer.byteLength(text, 'utf8') <= NOTIFY_MAX_BYTES) payloads.push(text);
            else {
              const r = await this.pool.query<{ id: number }>(
                'INSERT INTO live_event_overflow (event) VALUES ($1::jsonb) RETURNING id',
                [text],
              );
              payloads.push(`@${r.rows[0]?.id}`);
            }
          }
          // One text joined by U+001E, not a text[]: node-postgres escapes every character of an array
          // parameter, and JSON never holds a raw control character (nor does an `@<id>` reference).
          await this.pool.query(
            `SELECT pg_notify($1, p) FROM string_to_table($2, E'\\x1e') WITH ORDINALITY AS u(p, i) ORDER BY i`,
            [LIVE_CHANNEL, payloads.join('\u001e')],
          );
          if (payloads.some((p) => p.startsWith('@'))) await this.sweep();
        } catch (e) {
          ok = false;
          this.log.warn({ err: e, events: batch.length }, 'could not send live events through PostgreSQL');
        }
        for (const { done } of batch) done(ok);
      }
    } finally {
      this.sending = false;
    }
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < OVERFLOW_SWEEP_MS) return;
    this.lastSweep = now;
    await this.pool.query('DELETE FROM live_event_overflow WHERE created_at < $1', [new Date(now - OVERFLOW_KEEP_MS)]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.peerTimer) clearInterval(this.peerTimer);
    const l = this.listener;
    this.listener = null;
    if (l) await l.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}
