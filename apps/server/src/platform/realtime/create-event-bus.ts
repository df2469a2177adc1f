import type { Logger } from 'pino';
import type { Config } from '../config';
import { type EventBus, InProcessBus } from './event-bus';

/**
 * In-process for the embedded database (one process). With NATS_URL and/or
 * DATABASE_URL events cross processes: NATS JetStream first, PostgreSQL
 * LISTEN/NOTIFY without NATS or while NATS is down (cluster.bus.ts).
 */
export async function createEventBus(config: Config, log: Logger): Promise<EventBus> {
  if (config.natsUrl || config.databaseUrl) {
    const { createClusterBus } = await import('./cluster.bus');
    return createClusterBus({ natsUrl: config.natsUrl, databaseUrl: config.databaseUrl }, log);
  }
  return new InProcessBus();
}
