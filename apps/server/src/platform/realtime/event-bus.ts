import { EventEmitter } from 'node:events';

/** Who may receive an event: a station, optionally narrowed to grids or users. */
export interface EventScope {
  stationId: string | null;
  /** When set, only staff with station-wide scope, one of these grids, or one of `personIds` receive it. */
  gridIds?: string[] | null;
  /** People the event concerns directly (assignees), who receive it whatever their grids. */
  personIds?: string[] | null;
  /** When set, only these users receive it (personal notifications). */
  userIds?: string[] | null;
  /**
   * True: only `personIds` receive it, not station-wide staff. Defaults to
   * true for notification topics (`<module>.notification`), false otherwise.
   */
  personal?: boolean;
}

export interface LiveEvent {
  topic: string;
  payload: unknown;
  scope: EventScope;
  at: string;
  /** The node that published it, so NATS echoes can be told apart. */
  origin?: string;
}

/**
 * Carries live events to WebSocket clients. In-process by default; with
 * NATS_URL, events cross server processes through NATS JetStream.
 */
export interface EventBus {
  publish(event: LiveEvent): Promise<void>;
  subscribe(handler: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
}

export class InProcessBus implements EventBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  async publish(event: LiveEvent): Promise<void> {
    this.emitter.emit('event', event);
  }
  subscribe(handler: (event: LiveEvent) => void): () => void {
    this.emitter.on('event', handler);
    return () => this.emitter.off('event', handler);
  }
  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
