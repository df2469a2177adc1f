import { HallRules } from '@fengqiao/contracts';
import { buildCalendar, CN_HOLIDAYS, type HolidayYear, type WorkCalendar } from '@fengqiao/domain';
import type { Platform } from '../../platform/platform';
import { DEFAULT_RULES } from './booking-rules';
import { listServices, readHallSetting, type ServiceRow } from './catalogue.repository';

export const RULES_KEY = 'hall.rules';
export const CALENDAR_KEY = 'hall.calendar';

export interface CalendarSetting {
  years: HolidayYear[];
}

interface Snapshot {
  at: number;
  rules: HallRules;
  calendar: WorkCalendar;
  edited: Map<number, HolidayYear>;
  services: Map<string, ServiceRow>;
}

/**
 * Rules, the working-day calendar (built-in State Council years plus edits
 * stored in settings) and the catalogue, read through a snapshot that
 * refreshes every 15 s and at once after an edit on this node.
 */
export class HallConfig {
  private snap: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;
  private generation = 0;

  constructor(private readonly p: Platform) {}

  invalidate(): void {
    this.generation += 1;
    this.snap = null;
    this.loading = null;
  }

  async get(): Promise<Snapshot> {
    if (this.snap && Date.now() - this.snap.at < 15_000) return this.snap;
    const generation = this.generation;
    this.loading ??= (async () => {
      const [rules, cal, services] = await Promise.all([
        readHallSetting<unknown>(this.p.db, RULES_KEY),
        readHallSetting<CalendarSetting>(this.p.db, CALENDAR_KEY),
        listServices(this.p.db),
      ]);
      const parsed = rules ? HallRules.safeParse(rules) : null;
      const edited = new Map((cal?.years ?? []).map((y) => [y.year, y]));
      const snap: Snapshot = {
        at: Date.now(),
        rules: parsed?.success ? parsed.data : DEFAULT_RULES,
        calendar: buildCalendar([...CN_HOLIDAYS, ...edited.values()]),
        edited,
        services: new Map(services.map((s) => [s.id, s])),
      };
      if (generation === this.generation) this.snap = snap;
      return snap;
    })().finally(() => {
      if (generation === this.generation) this.loading = null;
    });
    return this.loading;
  }

  async rules(): Promise<HallRules> {
    return (await this.get()).rules;
  }

  async calendar(): Promise<WorkCalendar> {
    return (await this.get()).calendar;
  }

  async service(id: string): Promise<ServiceRow | null> {
    return (await this.get()).services.get(id) ?? null;
  }
}
