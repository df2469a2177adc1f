import { ClientMessage, type ServerMessage } from '@fengqiao/contracts';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../auth/actor';
import { SESSION_COOKIE, type SessionService } from '../auth/session.service';
import { corkedSender, rawSocketOf } from './corked-send';
import type { EventBus, EventScope } from './event-bus';

/**
 * A personal event goes only to the people it names. Notifications
 * (`<module>.notification`) are personal whatever their scope says, so a
 * publisher that names a person and an empty grid list (meaning "no grid")
 * does not also reach every station-wide user.
 */
export function isPersonal(topic: string, scope: EventScope): boolean {
  return scope.personal ?? topic.endsWith('.notification');
}

/** Jurisdiction applies to pushes exactly as to reads. */
export function mayReceive(actor: Actor, scope: EventScope, topic = ''): boolean {
  if (scope.userIds) return scope.userIds.includes(actor.userId);
  // County users read figures, not the stations' live streams.
  if (actor.scope === 'none' || actor.scope === 'county') return false;
  if (scope.stationId !== null && scope.stationId !== actor.stationId) return false;
  if (isPersonal(topic, scope)) return actor.personId !== null && (scope.personIds?.includes(actor.personId) ?? false);
  if (actor.scope === 'station') return true;
  if (actor.personId && scope.personIds?.includes(actor.personId)) return true;
  if (!scope.gridIds) return !scope.personIds;
  return scope.gridIds.some((g) => actor.gridIds.includes(g));
}

/**
 * `/api/live`: one WebSocket per browser tab. The client subscribes to
 * topics; the server forwards each bus event the actor may see. The session
 * is re-checked periodically, so a logout or timeout closes the socket.
 */
export function registerLiveRoutes(
  app: FastifyInstance,
  bus: EventBus,
  sessions: SessionService,
  recheckMs = 30_000,
): void {
  app.get('/api/live', { websocket: true, config: { policy: 'authenticated' } }, (socket, req) => {
    let actor = req.actor;
    const token = req.cookies[SESSION_COOKIE];
    const topics = new Set<string>();
    const sendText = corkedSender(socket, rawSocketOf(socket));
    const send = (m: ServerMessage) => sendText(JSON.stringify(m));
    const unsubscribe = bus.subscribe((event) => {
      if (!actor) return;
      if (event.topic === 'session.ended' && event.scope.userIds?.includes(actor.userId)) {
        // A logout, lock or reset ends this tab's live channel at once, whatever it subscribed to.
        const ended = event.payload as { sessionId: string | null; reason: string };
        if (ended.sessionId === null || ended.sessionId === actor.sessionId) {
          send({ type: 'event', topic: 'session.ended', payload: { reason: ended.reason }, at: event.at });
          socket.close(4401, 'session ended');
        }
        return;
      }
      if (!topics.has(event.topic) || !mayReceive(actor, event.scope, event.topic)) return;
      send({ type: 'event', topic: event.topic, payload: event.payload, at: event.at });
    });
    const recheck = setInterval(async () => {
      const found = await sessions.resolve(token, { touch: false }).catch(() => null);
      if (!found?.ok) {
        send({ type: 'event', topic: 'session.ended', payload: { reason: 'expired' }, at: new Date().toISOString() });
        socket.close(4401, 'session ended');
        return;
      }
      actor = found.actor;
    }, recheckMs);
    recheck.unref();
    socket.on('message', (raw: Buffer) => {
      let parsed: ReturnType<typeof ClientMessage.safeParse>;
      try {
        parsed = ClientMessage.safeParse(JSON.parse(raw.toString('utf8')));
      } catch {
        send({ type: 'error', message: 'messages must be JSON' });
        return;
      }
      if (!parsed.success) {
        send({ type: 'error', message: 'unknown message' });
        return;
      }
      const m = parsed.data;
      if (m.type === 'ping') send({ type: 'pong' });
      else if (m.type === 'subscribe') {
        for (const t of m.topics) topics.add(t);
        send({ type: 'subscribed', topics: [...topics] });
      } else {
        for (const t of m.topics) topics.delete(t);
        send({ type: 'subscribed', topics: [...topics] });
      }
    });
    socket.on('close', () => {
      clearInterval(recheck);
      unsubscribe();
    });
  });
}
