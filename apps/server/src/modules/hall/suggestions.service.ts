import type { Tx } from '../../platform/db/db';
import { conflict, fieldError, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import type { CitizenCtx } from '../citizens';
import type { Stations } from './stations';
import {
  type EventRow,
  getEvent,
  getSuggestion,
  insertEvent,
  insertProgress,
  insertSuggestion,
  listEvents,
  listSuggestions,
  progressOf,
  type SuggestionRow,
  type SuggestionStatus,
  suggestionCounts,
  suggestionFacts,
  suggestionsOfCitizen,
  updateSuggestion,
} from './suggestions.repository';
import { iso } from './views';

const CHANNELS = ['meeting', 'open_day', 'online', 'hall', 'other'] as const;

/**
 * Suggestions from police–public meetings (警民恳谈会), open days
 * (警营开放日), the hall and online. Each gets an answer; an accepted one an
 * action whose progress is tracked until done. The public summary counts
 * collected and acted-on suggestions from the records.
 */
export class SuggestionsService {
  constructor(
    private readonly p: Platform,
    private readonly stations: Stations,
  ) {}

  private eventView(e: EventRow) {
    return {
      id: e.id,
      kind: e.kind,
      title: e.title,
      heldOn: e.held_on,
      location: e.location,
      attendees: e.attendees,
      note: e.note,
      suggestions: e.suggestions,
      actedOn: e.acted_on,
    };
  }

  async events(ctx: Ctx) {
    return (await listEvents(this.p.db, this.stations.staffStation(ctx))).map((e) => this.eventView(e));
  }

  async createEvent(
    ctx: Ctx,
    b: { kind: string; title: string; heldOn: string; location?: string | undefined; attendees: number; note: string },
  ) {
    const stationId = this.stations.staffStation(ctx);
    const id = await this.p.db.tx(async (tx) => {
      const newId = await insertEvent(tx, {
        stationId,
        kind: b.kind,
        title: b.title,
        heldOn: b.heldOn,
        location: b.location ?? null,
        attendees: b.attendees,
        note: b.note,
        createdBy: ctx.actor.userId,
        now: this.p.clock.now(),
      });
      await this.p.audit.record(
        ctx.audit,
        { action: 'hall.suggestion_event.create', resourceType: 'hall_suggestion_event', resourceId: newId },
        tx,
      );
      return newId;
    });
    const e = await getEvent(this.p.db, id);
    if (!e) throw notFound('event');
    return this.eventView(e);
  }

  async views(rows: SuggestionRow[]) {
    const progress = await progressOf(
      this.p.db,
      rows.map((r) => r.id),
    );
    return rows.map((s) => ({
      id: s.id,
      number: s.number,
      channel: s.channel,
      event:
        s.event_id && s.event_title && s.event_held_on
          ? { id: s.event_id, title: s.event_title, heldOn: s.event_held_on }
          : null,
      submitterName: s.submitter_name,
      category: s.category,
      content: s.content,
      status: s.status,
      answer: s.answer,
      answeredAt: iso(s.answered_at),
      action: s.action,
      progress: s.progress,
      doneAt: iso(s.done_at),
      createdAt: s.created_at.toISOString(),
      progressLog: progress
        .filter((x) => x.suggestion_id === s.id)
        .map((x) => ({ at: x.at.toISOString(), progress: x.progress, note: x.note, actorName: x.actor_name })),
      version: s.version,
    }));
  }

  private async one(id: string) {
    const row = await getSuggestion(this.p.db, id);
    if (!row) throw notFound('suggestion');
    const [v] = await this.views([row]);
    if (!v) throw notFound('suggestion');
    return v;
  }

  async create(
    ctx: Ctx,
    b: {
      eventId?: string | undefined;
      channel: string;
      submitterName?: string | undefined;
      category: string;
      content: string;
    },
  ) {
    const stationId = this.stations.staffStation(ctx);
    if (b.eventId) {
      const e = await getEvent(this.p.db, b.eventId);
      if (!e || e.station_id !== stationId) throw fieldError('body.eventId', 'event_unknown', 'no such event');
    }
    const id = await this.p.db.tx(async (tx) => {
      const newId = await insertSuggestion(tx, {
        stationId,
        eventId: b.eventId ?? null,
        channel: b.channel,
        citizenId: null,
        submitterName: b.submitterName ?? null,
        category: b.category,
        content: b.content,
        now: this.p.clock.now(),
      });
      await this.p.audit.record(
        ctx.audit,
        { action: 'hall.suggestion.create', resourceType: 'hall_suggestion', resourceId: newId },
        tx,
      );
      return newId;
    });
    return this.one(id);
  }

  async submitByCitizen(c: CitizenCtx, b: { category: string; content: string }) {
    const station = await this.stations.public(undefined);
    const id = await this.p.db.tx(async (tx) => {
      const newId = await insertSuggestion(tx, {
        stationId: station.id,
        eventId: null,
        channel: 'online',
        citizenId: c.citizen.citizenId,
        submitterName: c.citizen.name,
        category: b.category,
        content: b.content,
        now: this.p.clock.now(),
      });
      await this.p.audit.record(
        { ...c.audit, stationId: station.id },
        {
          action: 'hall.suggestion.create',
          resourceType: 'hall_suggestion',
          resourceId: newId,
          details: { channel: 'online' },
        },
        tx,
      );
      return newId;
    });
    return this.one(id);
  }

  async mine(c: CitizenCtx) {
    return this.views(await suggestionsOfCitizen(this.p.db, c.citizen.citizenId));
  }

  async list(
    ctx: Ctx,
    q: {
      status?: string | undefined;
      eventId?: string | undefined;
      channel?: string | undefined;
      page: number;
      pageSize: number;
    },
  ) {
    const stationId = this.stations.staffStation(ctx);
    const { rows, total } = await listSuggestions(this.p.db, {
      stationId,
      ...(q.status ? { status: q.status } : {}),
      ...(q.eventId ? { eventId: q.eventId } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: await this.views(rows), total, page: q.page, pageSize: q.pageSize };
  }

  private async act(
    ctx: Ctx,
    id: string,
    version: number | undefined,
    from: SuggestionStatus[],
    action: string,
    fn: (tx: Tx, s: SuggestionRow, now: Date) => Promise<void>,
  ) {
    const stationId = this.stations.staffStation(ctx);
    await this.p.db.tx(async (tx) => {
      const s = await getSuggestion(tx, id, true);
      if (!s || s.station_id !== stationId) throw notFound('suggestion');
      if (version !== undefined && version !== s.version)
        throw conflict('the suggestion changed meanwhile', 'version_conflict');
      if (!from.includes(s.status)) throw conflict(`the suggestion is ${s.status}`, 'suggestion_state');
      const now = this.p.clock.now();
      await fn(tx, s, now);
      await this.p.audit.record(
        ctx.audit,
        { action: `hall.suggestion.${action}`, resourceType: 'hall_suggestion', resourceId: id },
        tx,
      );
    });
    return this.one(id);
  }

  /** Answers a received suggestion: accepted ones name the action to be taken, declined ones are closed. */
  answer(
    ctx: Ctx,
    id: string,
    b: { answer: string; accepted: boolean; action?: string | undefined; version?: number | undefined },
  ) {
    return this.act(ctx, id, b.version, ['received'], 'answer', async (tx, s, now) => {
      await updateSuggestion(tx, s.id, {
        status: b.accepted ? 'accepted' : 'declined',
        answer: b.answer,
        answered_at: now,
        answered_by: ctx.actor.userId,
        action: b.accepted ? (b.action ?? null) : null,
        updated_at: now,
      });
    });
  }

  /** Records progress on an accepted suggestion's action; 100 means done (整改落实). */
  progress(ctx: Ctx, id: string, b: { progress: number; note: string; version?: number | undefined }) {
    return this.act(ctx, id, b.version, ['accepted', 'in_progress'], 'progress', async (tx, s, now) => {
      if (b.progress < s.progress)
        throw fieldError('body.progress', 'progress_backwards', `progress is already ${s.progress}%`);
      await insertProgress(tx, {
        suggestionId: s.id,
        at: now,
        progress: b.progress,
        note: b.note,
        actorUserId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
      });
      await updateSuggestion(tx, s.id, {
        status: b.progress >= 100 ? 'done' : 'in_progress',
        progress: b.progress,
        ...(b.progress >= 100 ? { done_at: now } : {}),
        updated_at: now,
      });
    });
  }

  /** Public: collected and acted on, counted from the records. */
  async summary(stationCode: string | undefined) {
    const station = await this.stations.public(stationCode);
    const [counts, facts] = await Promise.all([
      suggestionCounts(this.p.db, station.id),
      suggestionFacts(this.p.db, station.id),
    ]);
    const sum = (pred: (c: { channel: string; status: string }) => boolean) =>
      counts.filter(pred).reduce((n, c) => n + c.n, 0);
    return {
      collected: sum(() => true),
      answered: sum((c) => c.status !== 'received'),
      accepted: sum((c) => ['accepted', 'in_progress', 'done'].includes(c.status)),
      inProgress: sum((c) => c.status === 'in_progress' || c.status === 'accepted'),
      actedOn: sum((c) => c.status === 'done'),
      declined: sum((c) => c.status === 'declined'),
      events: facts.events,
      byChannel: CHANNELS.map((channel) => ({
        channel,
        collected: sum((c) => c.channel === channel),
        actedOn: sum((c) => c.channel === channel && c.status === 'done'),
      })).filter((c) => c.collected > 0),
      since: facts.since,
    };
  }
}
