import type { HallRules, HallServiceCreate, HallServicePatch, HallServiceView } from '@fengqiao/contracts';
import { CN_HOLIDAYS, checkHolidayYear, type HolidayYear, isWorkingDay } from '@fengqiao/domain';
import { badRequest, conflict, fieldError, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import { bookableDays, bookingWindow, slotTimes } from './booking-rules';
import {
  ensureSlots,
  getService,
  getSlot,
  getWindow,
  insertService,
  insertWindow,
  listServices,
  listWindows,
  type ServiceFields,
  type SlotRow,
  setFutureSlotCapacity,
  setSlotCapacity,
  setWindowServices,
  slotsOfDays,
  updateService,
  updateWindow,
  type WindowRow,
  writeHallSetting,
} from './catalogue.repository';
import { CALENDAR_KEY, type CalendarSetting, type HallConfig, RULES_KEY } from './hall-config';
import { localDay } from './local-time';
import type { Stations } from './stations';
import { serviceRef, serviceView, windowRef, windowView } from './views';

/** The catalogue, windows, rules, working-day calendar and appointment slots. */
export class CatalogueService {
  /** Days whose slots this process has already generated (per station); a cheap guard against repeated inserts. */
  private ensured = new Map<string, number>();

  constructor(
    private readonly p: Platform,
    private readonly config: HallConfig,
    private readonly stations: Stations,
  ) {}

  // ------------------------------------------------------------ services

  async services(stationId: string, includeInactive: boolean): Promise<HallServiceView[]> {
    const [services, windows] = await Promise.all([listServices(this.p.db), listWindows(this.p.db, stationId)]);
    return services.filter((s) => includeInactive || s.active).map((s) => serviceView(s, windows));
  }

  async service(stationId: string, id: string, includeInactive: boolean): Promise<HallServiceView> {
    const s = await getService(this.p.db, id);
    if (!s || (!s.active && !includeInactive)) throw notFound('service');
    return serviceView(s, await listWindows(this.p.db, stationId));
  }

  async createService(ctx: Ctx, input: HallServiceCreate): Promise<HallServiceView> {
    const stationId = this.stations.staffStation(ctx);
    checkMaterials(input.materials);
    const id = await this.p.db.tx(async (tx) => {
      const { code, ...fields } = input;
      const newId = await insertService(tx, code, fields as ServiceFields, this.p.clock.now());
      if (!newId) throw fieldError('body.code', 'code_taken', `a service with code ${code} exists`);
      await this.p.audit.record(
        ctx.audit,
        { action: 'hall.service.create', resourceType: 'hall_service', resourceId: newId, details: { code } },
        tx,
      );
      return newId;
    });
    this.config.invalidate();
    return this.service(stationId, id, true);
  }

  async patchService(ctx: Ctx, id: string, patch: HallServicePatch): Promise<HallServiceView> {
    const stationId = this.stations.staffStation(ctx);
    if (patch.materials) checkMaterials(patch.materials);
    await this.p.db.tx(async (tx) => {
      const current = await getService(tx, id);
      if (!current) throw notFound('service');
      const { version, ...fields } = patch;
      if (!(await updateService(tx, id, version, fields as ServiceFields, this.p.clock.now()))) {
        throw conflict('the service was changed by someone else: reload it', 'version_conflict');
      }
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'hall.service.update',
          resourceType: 'hall_service',
          resourceId: id,
          details: { code: current.code, fields: Object.keys(fields) },
        },
        tx,
      );
    });
    this.config.invalidate();
    return this.service(stationId, id, true);
  }

  // ------------------------------------------------------------- windows

  async windows(stationId: string) {
    const [rows, snap] = await Promise.all([listWindows(this.p.db, stationId), this.config.get()]);
    return rows.map((w) => windowView(w, snap.services));
  }

  async windowRow(stationId: string, id: string): Promise<WindowRow> {
    const w = await getWindow(this.p.db, id);
    if (!w || w.station_id !== stationId) throw notFound('window');
    return w;
  }

  async createWindow(
    ctx: Ctx,
    input: {
      number: number;
      name: string;
      kind: string;
      appointments: boolean;
      slotCapacity: number;
      active: boolean;
      serviceIds: string[];
    },
  ) {
    const stationId = this.stations.staffStation(ctx);
    await this.checkServiceIds(input.serviceIds);
    const id = await this.p.db.tx(async (tx) => {
      const newId = await insertWindow(tx, { ...input, stationId, now: this.p.clock.now() });
      if (!newId) throw fieldError('body.number', 'window_number_taken', `window ${input.number} exists`);
      await setWindowServices(tx, newId, input.serviceIds);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'hall.window.create',
          resourceType: 'hall_window',
          resourceId: newId,
          details: { number: input.number },
        },
        tx,
      );
      return newId;
    });
    this.ensured.clear();
    const snap = await this.config.get();
    return windowView(await this.windowRow(stationId, id), snap.services);
  }

  async patchWindow(
    ctx: Ctx,
    id: string,
    patch: {
      name?: string | undefined;
      kind?: string | undefined;
      appointments?: boolean | undefined;
      slotCapacity?: number | undefined;
      active?: boolean | undefined;
      serviceIds?: string[] | undefined;
      version: number;
    },
  ) {
    const stationId = this.stations.staffStation(ctx);
    await this.windowRow(stationId, id);
    if (patch.serviceIds) await this.checkServiceIds(patch.serviceIds);
    const now = this.p.clock.now();
    await this.p.db.tx(async (tx) => {
      const { serviceIds, version, ...fields } = patch;
      if (!(await updateWindow(tx, id, version, fields, now))) {
        throw conflict('the window was changed by someone else: reload it', 'version_conflict');
      }
      if (serviceIds) await setWindowServices(tx, id, serviceIds);
      if (fields.slotCapacity !== undefined) await setFutureSlotCapacity(tx, id, localDay(now), fields.slotCapacity);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'hall.window.update',
          resourceType: 'hall_window',
          resourceId: id,
          details: { fields: Object.keys(patch).filter((k) => k !== 'version') },
        },
        tx,
      );
    });
    this.ensured.clear();
    const snap = await this.config.get();
    return windowView(await this.windowRow(stationId, id), snap.services);
  }

  private async checkServiceIds(ids: string[]): Promise<void> {
    const snap = await this.config.get();
    ids.forEach((sid, i) => {
      if (!snap.services.has(sid)) throw fieldError(`body.serviceIds.${i}`, 'service_unknown', 'no such service');
    });
  }

  // --------------------------------------------------- rules and calendar

  async putRules(ctx: Ctx, rules: HallRules): Promise<HallRules> {
    for (const [i, s] of rules.booking.sessions.entries()) {
      if (s.end <= s.start)
        throw fieldError(`body.booking.sessions.${i}.end`, 'session_order', 'end must be after start');
    }
    await this.p.db.tx(async (tx) => {
      await writeHallSetting(tx, RULES_KEY, rules, ctx.actor.userId, this.p.clock.now());
      await this.p.audit.record(
        ctx.audit,
        { action: 'hall.rules.update', resourceType: 'settings', resourceId: RULES_KEY },
        tx,
      );
    });
    this.config.invalidate();
    this.ensured.clear();
    return this.config.rules();
  }

  async calendarYear(year: number) {
    const snap = await this.config.get();
    const edited = snap.edited.get(year);
    const builtIn = CN_HOLIDAYS.find((y) => y.year === year);
    const y = edited ?? builtIn ?? null;
    const holidays: string[] = [];
    for (let m = 0; m < 12; m++) {
      for (let d = 1; d <= 31; d++) {
        const date = new Date(Date.UTC(year, m, d));
        if (date.getUTCMonth() !== m) break;
        const s = date.toISOString().slice(0, 10);
        const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
        if (weekend === isWorkingDay(s, snap.calendar)) holidays.push(s);
      }
    }
    return {
      year,
      configured: y !== null,
      builtIn: !edited && builtIn !== undefined,
      source: y?.source ?? null,
      off: y ? [...y.off] : [],
      workdays: y ? [...y.workdays] : [],
      holidays,
    };
  }

  async putCalendarYear(
    ctx: Ctx,
    year: number,
    input: { off: HolidayYear['off']; workdays: string[]; source: string },
  ) {
    const y: HolidayYear = { year, off: input.off, workdays: input.workdays, source: input.source };
    const problems = checkHolidayYear(y);
    if (problems.length > 0) {
      throw badRequest(
        'the holiday configuration is inconsistent',
        problems.map((message) => ({ path: 'body', code: 'calendar_invalid', message })),
      );
    }
    const snap = await this.config.get();
    const years: CalendarSetting = { years: [...[...snap.edited.values()].filter((e) => e.year !== year), y] };
    await this.p.db.tx(async (tx) => {
      await writeHallSetting(tx, CALENDAR_KEY, years, ctx.actor.userId, this.p.clock.now());
      await this.p.audit.record(
        ctx.audit,
        { action: 'hall.calendar.update', resourceType: 'settings', resourceId: CALENDAR_KEY, details: { year } },
        tx,
      );
    });
    this.config.invalidate();
    this.ensured.clear();
    return this.calendarYear(year);
  }

  // --------------------------------------------------------------- slots

  /** Generates the slots of these days for every active appointment window (idempotent). */
  async ensureDays(stationId: string, days: string[]): Promise<void> {
    const now = Date.now();
    const missing = days.filter((d) => (this.ensured.get(`${stationId}:${d}`) ?? 0) < now - 300_000);
    if (missing.length === 0) return;
    const [rules, cal, windows] = await Promise.all([
      this.config.rules(),
      this.config.calendar(),
      listWindows(this.p.db, stationId),
    ]);
    const rows = missing
      .filter((d) => isWorkingDay(d, cal))
      .flatMap((day) =>
        windows
          .filter((w) => w.active && w.appointments)
          .flatMap((w) =>
            slotTimes(day, rules).map((t) => ({ stationId, windowId: w.id, day, ...t, capacity: w.slot_capacity })),
          ),
      );
    await ensureSlots(this.p.db, rows);
    for (const d of missing) this.ensured.set(`${stationId}:${d}`, now);
  }

  /** Open places for a service over the booking window (public: the resident picks a slot). */
  async availability(stationCode: string | undefined, serviceId: string) {
    const station = await this.stations.public(stationCode);
    const service = await this.config.service(serviceId);
    if (!service?.active) throw fieldError('querystring.serviceId', 'service_unknown', 'no such service');
    if (!service.appointment) {
      throw fieldError('querystring.serviceId', 'service_not_bookable', 'this service takes no appointments');
    }
    const [rules, cal] = await Promise.all([this.config.rules(), this.config.calendar()]);
    const now = this.p.clock.now();
    const days = bookableDays(now, rules, cal);
    await this.ensureDays(station.id, days);
    const windows = (await listWindows(this.p.db, station.id)).filter(
      (w) => w.active && w.appointments && w.service_ids.includes(service.id),
    );
    const byId = new Map(windows.map((w) => [w.id, w]));
    const slots = windows.length > 0 ? await slotsOfDays(this.p.db, station.id, days, [...byId.keys()]) : [];
    const w = bookingWindow(now, rules, cal);
    return {
      service: serviceRef(service),
      bookableFrom: w.from,
      bookableTo: w.to,
      days: days.map((day) => {
        const list = slots.filter((s) => s.day === day).flatMap((s) => this.slotView(s, byId));
        return { day, remaining: list.reduce((n, s) => n + s.remaining, 0), slots: list };
      }),
    };
  }

  slotView(s: SlotRow, windows: Map<string, WindowRow>) {
    const w = windows.get(s.window_id);
    if (!w) return [];
    return [
      {
        id: s.id,
        window: windowRef(w),
        day: s.day,
        startsAt: s.starts_at.toISOString(),
        endsAt: s.ends_at.toISOString(),
        capacity: s.capacity,
        booked: s.booked,
        remaining: Math.max(0, s.capacity - s.booked),
      },
    ];
  }

  async slots(ctx: Ctx, day: string | undefined, windowId: string | undefined) {
    const stationId = this.stations.staffStation(ctx);
    const d = day ?? localDay(this.p.clock.now());
    await this.ensureDays(stationId, [d]);
    const windows = await listWindows(this.p.db, stationId);
    const byId = new Map(windows.map((w) => [w.id, w]));
    const rows = await slotsOfDays(this.p.db, stationId, [d], windowId ? [windowId] : null);
    return rows.flatMap((s) => this.slotView(s, byId));
  }

  async patchSlot(ctx: Ctx, id: string, capacity: number) {
    const stationId = this.stations.staffStation(ctx);
    const slot = await getSlot(this.p.db, id);
    if (!slot || slot.station_id !== stationId) throw notFound('slot');
    await this.p.db.tx(async (tx) => {
      if (!(await setSlotCapacity(tx, id, capacity))) {
        throw fieldError('body.capacity', 'below_booked', `${slot.booked} places are already booked`);
      }
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'hall.slot.capacity',
          resourceType: 'hall_slot',
          resourceId: id,
          details: { from: slot.capacity, to: capacity },
        },
        tx,
      );
    });
    const windows = new Map((await listWindows(this.p.db, stationId)).map((w) => [w.id, w]));
    const updated = await getSlot(this.p.db, id);
    if (!updated) throw notFound('slot');
    const [view] = this.slotView(updated, windows);
    if (!view) throw notFound('slot');
    return view;
  }
}

function checkMaterials(materials: { code: string }[]): void {
  const seen = new Set<string>();
  materials.forEach((m, i) => {
    if (seen.has(m.code))
      throw fieldError(`body.materials.${i}.code`, 'duplicate', `material ${m.code} is listed twice`);
    seen.add(m.code);
  });
}
