import { randomUUID } from 'node:crypto';
import { connect, DeliverPolicy, type JetStreamClient, type NatsConnection, RetentionPolicy, StringCodec } from 'nats';
import type { Logger } from 'pino';
import type { EventBus, LiveEvent } from './event-bus';
import { InProcessBus } from './event-bus';

const STREAM = 'FENGQIAO_LIVE';
const SUBJECT = 'fengqiao.live';
const sc = StringCodec();

/**
 * Live events across server processes through NATS JetStream. Each node
 * delivers its own events locally at once and reads the others' from an
 * ordered consumer that starts at new messages. The stream keeps an hour of
 * events, enough for a reconnecting node to catch up.
 */
export class NatsBus implements EventBus {
  private readonly local = new InProcessBus();
  private readonly origin = randomUUID();
  private closed = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly log: Logger,
  ) {}

  static async connect(url: string, log: Logger): Promise<NatsBus> {
    const nc = await connect({ servers: url, name: 'fengqiao-server', maxReconnectAttempts: -1 });
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
    const bus = new NatsBus(nc, nc.jetstream(), log);
    await bus.consume();
    return bus;
  }

  private async consume(): Promise<void> {
    const consumer = await this.js.consumers.get(STREAM, { deliver_policy: DeliverPolicy.New });
    const messages = await consumer.consume();
    void (async () => {
      for await (const m of messages) {
        try {
          const event = JSON.parse(sc.decode(m.data)) as LiveEvent;
          if (event.origin !== this.origin) await this.local.publish(event);
        } catch (e) {
          this.log.warn({ err: e }, 'unreadable live event from NATS');
        }
        if (this.closed) break;
      }
    })();
  }

  async publish(event: LiveEvent): Promise<void> {
    const stamped = { ...event, origin: this.origin };
    await this.local.publish(stamped);
    try {
      await this.js.publish(`${SUBJECT}.${event.topic}`, sc.encode(JSON.stringify(stamped)));
    } catch (e) {
      // The write this event describes is already committed; other nodes' boards catch up on refresh.
      this.log.error({ err: e, topic: event.topic }, 'could not publish live event to NATS');
    }
  }

  subscribe(handler: (event: LiveEvent) => void): () => void {
    return this.local.subscribe(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.local.close();
    await this.nc.drain().catch(() => undefined);
  }
}
