import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { type EventBus, InProcessBus, type LiveEvent } from './event-bus';

/** An event as it travels between nodes: who sent it, and an id to drop the copies of. */
export type ClusterEvent = LiveEvent & { id: string; origin: string };

/**
 * One way of carrying events to the other server processes (NATS JetStream,
 * PostgreSQL LISTEN/NOTIFY). `send` answers false instead of throwing when the
 * transport cannot take the event, so the bus can try the next one.
 */
export interface LiveTransport {
  readonly name: string;
  healthy(): boolean;
  send(event: ClusterEvent): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * True when a transport's message text is this node's own event coming back
 * (LISTEN/NOTIFY and the NATS consumer hear their own sends). `publish`
 * serialises `origin` last, so the echo is recognised without parsing it;
 * anything else is parsed and `deliver` drops its echoes as before.
 */
export function isOwnEcho(text: string, origin: string): boolean {
  return text.endsWith(`,"origin":${JSON.stringify(origin)}}`);
}

/** Remembers the last ids seen, so an event that arrives by two transports is delivered once. */
class SeenIds {
  private readonly ids = new Set<string>();
  constructor(private readonly max = 20_000) {}
  /** True the first time an id is offered. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.max) {
      // Sets iterate in insertion order: the first is the oldest.
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }
}

/**
 * Live events for several server processes. Each node delivers its own
 * events to its WebSocket clients at once, then hands them to the first
 * healthy transport in order of preference (NATS, then LISTEN/NOTIFY); it
 * receives from every transport, drops its own echoes and duplicates. When
 * no transport works the node keeps serving its own clients and says so in
 * the log once, and again when a transport is back.
 */
export class ClusterBus implements EventBus {
  readonly origin = randomUUID();
  private readonly local = new InProcessBus();
  private readonly seen = new SeenIds();
  private transports: LiveTransport[] = [];
  private lastRoute: string | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  /** Transports call this with every event they receive. */
  readonly deliver = (event: ClusterEvent): void => {
    if (event.origin === this.origin || !this.seen.add(event.id)) return;
    void this.local.publish(event);
  };

  use(transports: LiveTransport[]): void {
    this.transports = transports;
  }

  /** Which transport events leave by now, for /metrics and the log. */
  route(): string {
    return this.transports.find((t) => t.healthy())?.name ?? 'local';
  }

  /**
   * Resolves once the event is delivered to this node's clients and handed
   * to a transport, without waiting for the transport to carry it: a
   * transaction's events are published one after another, and waiting for
   * each NOTIFY or NATS ack in turn cost one round trip per event (the
   * transports coalesce what is queued while a send is in flight).
   * `settled()` waits for the sends.
   */
  async publish(event: LiveEvent): Promise<void> {
    const stamped: ClusterEvent = { ...event, id: randomUUID(), origin: this.origin };
    this.seen.add(stamped.id);
    await this.local.publish(stamped);
    const sending = this.forward(stamped);
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }

  /** Sends through the first healthy transport that takes the event; transports are tried in the order of preference. */
  private async forward(stamped: ClusterEvent): Promise<void> {
    let sentBy = 'local';
    for (const t of this.transports) {
      if (!t.healthy()) continue;
      if (await t.send(stamped).catch(() => false)) {
        sentBy = t.name;
        break;
      }
    }
    this.noteRoute(sentBy, stamped.topic);
  }

  /** Waits until the events published so far have left by a transport (or failed to). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private noteRoute(route: string, topic: string): void {
    if (route === this.lastRoute) return;
    const previous = this.lastRoute;
    this.lastRoute = route;
    if (previous === null && route === this.transports[0]?.name) return;
    if (route === 'local') {
      this.log.error({ topic, previous }, 'live events reach only this node: no transport to the other nodes works');
    } else if (route === this.transports[0]?.name) {
      this.log.info({ route, previous }, 'live events between nodes are back on their preferred transport');
    } else {
      this.log.warn({ route, previous }, 'live events between nodes degraded to a fallback transport');
    }
  }

  subscribe(handler: (event: LiveEvent) => void): () => void {
    return this.local.subscribe(handler);
  }

  async close(): Promise<void> {
    await this.settled();
    await this.local.close();
    await Promise.all(this.transports.map((t) => t.close().catch(() => undefined)));
  }
}

/**
 * The bus for a deployment of several processes: NATS JetStream when
 * NATS_URL is set, PostgreSQL LISTEN/NOTIFY when DATABASE_URL is set (as the
 * only transport, or as NATS's fallback).
 */
export async function createClusterBus(
  o: { natsUrl: string | null; databaseUrl: string | null },
  log: Logger,
): Promise<ClusterBus> {
  const bus = new ClusterBus(log);
  const transports: LiveTransport[] = [];
  if (o.natsUrl) {
    const { NatsTransport } = await import('./nats.transport');
    const namespace = o.databaseUrl ? await deploymentKey(o.databaseUrl, log) : 'embedded';
    transports.push(await NatsTransport.start(o.natsUrl, namespace, bus.deliver, log, bus.origin));
  }
  if (o.databaseUrl) {
    const { PgNotifyTransport } = await import('./pg-notify.bus');
    transports.push(await PgNotifyTransport.start(o.databaseUrl, bus.deliver, log, bus.origin));
  }
  bus.use(transports);
  log.info({ transports: transports.map((t) => t.name), route: bus.route() }, 'live events cross nodes');
  return bus;
}

/**
 * One NATS server may carry several deployments (a county's staging and
 * production, parallel test runs); each reads only its own subjects. Nodes
 * of one deployment share a database, so the key is derived from it: the
 * PostgreSQL cluster's system identifier (where the role may read it) and
 * the database name.
 */
export async function deploymentKey(databaseUrl: string, log: Logger): Promise<string> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const db = (await c.query<{ name: string }>('SELECT current_database() AS name')).rows[0]?.name ?? '';
    const system = await c
      .query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()')
      .then((r) => r.rows[0]?.id ?? '')
      .catch(() => {
        log.debug('pg_control_system() not readable; NATS subjects keyed by database name only');
        return '';
      });
    return createHash('sha256').update(`${system}/${db}`).digest('hex').slice(0, 16);
  } finally {
    await c.end().catch(() => undefined);
  }
}
