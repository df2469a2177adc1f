import type { Logger } from 'pino';
import type { Config } from '../config';
import { type EventBus, InProcessBus } from './event-bus';

/** In-process unless NATS_URL is set; NATS support lands with multi-node deployment. */
export async function createEventBus(config: Config, log: Logger): Promise<EventBus> {
  if (config.natsUrl) {
    const { NatsBus } = await import('./nats-bus');
    return NatsBus.connect(config.natsUrl, log);
  }
  return new InProcessBus();
}
