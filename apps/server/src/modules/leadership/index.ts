import type { Platform } from '../../platform/platform';
import type { LeadershipDeps } from './deps';
import { EvaluationService } from './evaluation.service';
import { FiguresService } from './figures.service';
import { leadershipRoutes } from './leadership.routes';
import { SettingsService } from './settings.service';
import { WorkService } from './work.service';

export type { LeadershipDeps, LeadershipGrid, LeadershipStaff } from './deps';

/**
 * Station leadership (所领导): the core duties as configuration, tasks and
 * the weekly dispatch meeting, the monthly evaluation, dashboards with
 * drill-down, the command-room wall and the monthly report — all computed
 * from the records the other modules keep (docs/leadership.md).
 */
export function createLeadershipModule(platform: Platform, deps: LeadershipDeps) {
  const figures = new FiguresService(platform, deps);
  const settings = new SettingsService(platform);
  const evaluation = new EvaluationService(platform, deps, figures, settings);
  const work = new WorkService(platform, deps, figures);
  return {
    figures,
    evaluation,
    work,
    settings,
    routes: leadershipRoutes({ figures, work, evaluation, settings, deps }),
  };
}
