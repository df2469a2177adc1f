import {
  type ConsumerMessages,
  connect,
  DeliverPolicy,
  type JetStreamClient,
  type NatsConnection,
  RetentionPolicy,
  StringCodec,
} from 'nats';
import type { Logger } from 'pino';
import { type ClusterEvent, isOwnEcho, type LiveTransport } from './cluster.bus';

const STREAM = 'FENGQIAO_LIVE';
const SUBJECT = 'fengqiao.live';
const sc = StringCodec();
/** How long start-up waits for NATS before serving degraded (and connecting on in the background). */
const FIRST_CONNECT_WAIT_MS = 3_000;
/** A node that was cut off replays the stream from a little before it lost NATS; duplicates are dropped by id. */
const REPLAY_MARGIN_MS = 2_000;

/**
 * Live events through NATS JetStream. The stream keeps an hour of events; each
 * node reads it with an ordered consumer. NATS going away never stops the
 * server: the transport reports itself unhealthy (the bus then sends through
 * LISTEN/NOTIFY or keeps events local), the client reconnects forever, and
 * on reconnect the node replays what it missed from the stream.
 */
export class NatsTransport implements LiveTransport {
  readonly name = 'nats';
  private nc: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private messages: ConsumerMessages | null = null;
  private connected = false;
  private closed = false;
  private lostAt: number | null = null;

  private constructor(
    private readonly subject: string,
    private readonly deliver: (e: ClusterEvent) => void,
    private readonly log: Logger,
    private readonly origin: string | null,
  ) {}

  /**
   * `namespace` keeps deployments that share a NATS server apart (see
   * deploymentKey); `origin` is this node's, so its own events coming back
   * are dropped unparsed.
   */
  static async start(
    url: string,
    namespace: string,
    deliver: (e: ClusterEvent) => void,
    log: Logger,
    origin: string | null = null,
  ): Promise<NatsTransport> {
    const t = new NatsTransport(`${SUBJECT}.${namespace}`, deliver, log, origin);
    const connecting = connect({
      servers: url,
      name: 'fengqiao-server',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
      waitOnFirstConnect: true,
      // A silent network partition is noticed within ~15 s instead of the default minutes.
      pingInterval: 5_000,
      maxPingOut: 2,
    }).then(
      (nc) => t.attach(nc),
      (e) => log.error({ err: e }, 'cannot connect to NATS'),
    );
    const waited = await Promise.race([
      connecting.then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), FIRST_CONNECT_WAIT_MS).unref()),
    ]);
    if (!waited) log.warn({ url }, 'NATS does not answer; starting without it and connecting in the background');
    return t;
  }

  private async attach(nc: NatsConnection): Promise<void> {
    if (this.closed) {
      await nc.close().catch(() => undefined);
      return;
    }
    this.nc = nc;
    this.js = nc.jetstream();
    void this.watch(nc);
    try {
      await this.subscribe(null);
      this.connected = true;
      this.log.info('connected to NATS JetStream');
    } catch (e) {
      this.log.error({ err: e }, 'NATS JetStream is not usable (is JetStream enabled?)');
    }
  }

  private async watch(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (this.closed) return;
      if (s.type === 'disconnect' && this.connected) {
        this.connected = false;
        this.lostAt = Date.now();
        this.log.warn('lost NATS; live events between nodes fall back');
      } else if (s.type === 'reconnect') {
        try {
          // The server may have restarted without its stream, and the old consumer is gone with the connection.
          await this.subscribe(this.lostAt);
          this.connected = true;
          this.lostAt = null;
          this.log.info('NATS is back');
        } catch (e) {
          this.log.error({ err: e }, 'NATS reconnected but JetStream is not usable');
        }
      }
    }
  }

  private async subscribe(since: number | null): Promise<void> {
    const nc = this.nc;
    const js = this.js;
    if (!nc || !js) return;
    const jsm = await nc.jetstreamManager();
    try {
      await jsm.streams.info(STREAM);
    } catch {
      await jsm.streams.add({
        name: STREAM,
        subjects: [`${SUBJECT}.>`],
        retention: RetentionPolicy.Limits,
        max_age: 3_600 * 1_000_000_000,
      });
    }
    this.messages?.stop();
    // One filter subject as a string: NATS servers before 2.10 do not understand a list of them.
    const consumer = await js.consumers.get(
      STREAM,
      since === null
        ? { filterSubjects: `${this.subject}.>`, deliver_policy: DeliverPolicy.New }
        : {
            filterSubjects: `${this.subject}.>`,
            deliver_policy: DeliverPolicy.StartTime,
            opt_start_time: new Date(since - REPLAY_MARGIN_MS).toISOString(),
          },
    );
    const messages = await consumer.consume();
    this.messages = messages;
    void (async () => {
      for await (const m of messages) {
        try {
          const text = sc.decode(m.data);
          if (this.origin && isOwnEcho(text, this.origin)) continue;
          this.deliver(JSON.parse(text) as ClusterEvent);
        } catch (e) {
          this.log.warn({ err: e }, 'unreadable live event from NATS');
        }
      }
    })().catch((e) => this.log.warn({ err: e }, 'NATS consumer stopped'));
  }

  healthy(): boolean {
    return this.connected && !this.closed;
  }

  async send(event: ClusterEvent): Promise<boolean> {
    const js = this.js;
    if (!js || !this.healthy()) return false;
    try {
      await js.publish(`${this.subject}.${event.topic}`, sc.encode(JSON.stringify(event)), { timeout: 2_000 });
      return true;
    } catch (e) {
      this.log.warn({ err: e, topic: event.topic }, 'could not publish live event to NATS');
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.connected = false;
    this.messages?.stop();
    const nc = this.nc;
    if (!nc) return;
    // Draining waits for the server; with NATS gone a shutdown must not hang on it.
    await Promise.race([nc.drain().catch(() => undefined), new Promise<void>((r) => setTimeout(r, 2_000).unref())]);
    if (!nc.isClosed()) await nc.close().catch(() => undefined);
  }
}
