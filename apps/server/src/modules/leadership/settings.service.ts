import { checkDuties, DEFAULT_DUTIES, type DutyConfig, MEASURES } from '@fengqiao/domain';
import { badRequest, conflict } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import { getSettings, saveSettings } from './work.repository';

/** The station's duties and weights; the defaults until a leader saves their own. */
export class SettingsService {
  constructor(private readonly p: Platform) {}

  async duties(stationId: string): Promise<{ duties: DutyConfig[]; version: number }> {
    const s = await getSettings(this.p.db, stationId);
    return s ?? { duties: DEFAULT_DUTIES.map((d) => ({ ...d, measures: [...d.measures] })), version: 0 };
  }

  async view(stationId: string) {
    const s = await this.duties(stationId);
    return {
      duties: s.duties,
      version: s.version,
      measures: MEASURES.map((m) => ({
        key: m.key,
        module: m.module,
        aggregate: m.aggregate,
        unit: m.unit,
        better: m.better,
        attribution: m.attribution,
        available: m.available,
      })),
    };
  }

  async save(ctx: Ctx, stationId: string, duties: DutyConfig[], version: number) {
    const problems = checkDuties(duties);
    if (problems.length > 0)
      throw badRequest(
        'the duty configuration is not valid',
        problems.map(([path, code]) => ({ path, code, message: code })),
      );
    await this.p.db.tx(async (tx) => {
      if (!(await saveSettings(tx, stationId, duties, version, ctx.actor.userId, this.p.clock.now())))
        throw conflict('the configuration was changed meanwhile; reload it', 'stale_version');
      await this.p.audit.record(
        ctx.audit,
        { action: 'leadership.settings.update', resourceType: 'leadership_settings', resourceId: stationId },
        tx,
      );
    });
    return this.view(stationId);
  }
}
