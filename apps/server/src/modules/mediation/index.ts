import type { Platform } from '../../platform/platform';
import { AgreementsService } from './agreements.service';
import { caseworkRoutes } from './casework.routes';
import { CaseworkService } from './casework.service';
import { ConfigService, MediationConfig } from './config.service';
import { GridDirectory, type MediationDeps } from './deps';
import { disputeRoutes } from './disputes.routes';
import { DisputesService } from './disputes.service';
import { IndicatorsService } from './indicators.service';
import { ledgerRoutes } from './ledger.routes';
import { LedgerIoService } from './ledger-io.service';
import { MatchingService } from './matching.service';
import { MediatorsService } from './mediators.service';
import { MeetingsService } from './meetings.service';
import { MediationLive } from './notify';
import { poolRoutes } from './pool.routes';
import { MediationTimers } from './timers';

export {
  type HistoryAgreement,
  type HistoryTerm,
  insertAgreementHistory,
  insertTermHistory,
} from './agreements.repository';
export { type HistoryFollowup, insertFollowupHistory } from './casework.repository';
export type { GridInfo, IncidentInfo, MediationDeps } from './deps';
export {
  advanceDisputeSequences,
  type HistoryDispute,
  type HistoryEventRow,
  type HistoryParty,
  insertDisputeHistory,
  insertEventHistory as insertDisputeEventHistory,
  insertPartyHistory,
  setIncidents as setDisputeIncidents,
} from './disputes.repository';
export { MEDIATION_FIGURE_SOURCES } from './figures.repository';
export { type LedgerCells, writeLedger } from './ledger-xlsx';
export { MEDIATION_RETENTION } from './mediation.retention';
export { type HistoryAssignment, insertAssignmentHistory, insertMediators } from './mediators.repository';
export { DEADLINE_JOB, FOLLOWUP_JOB, JUDICIAL_JOB, judicialDeadline, timerKeys } from './timers';

/**
 * Dispute mediation: the ledger (矛盾纠纷台账), the three-level workflow and
 * the commercial track, the mediator pool with classified dispatch,
 * sessions, consultation meetings, follow-up visits, agreements with
 * judicial confirmation and performance, indicators, .xlsx import/export.
 */
export function createMediationModule(platform: Platform, deps: MediationDeps) {
  const config = new MediationConfig(platform);
  const grids = new GridDirectory(deps.grids);
  const timers = new MediationTimers(platform);
  const live = new MediationLive(platform);
  const disputes = new DisputesService(platform, deps, grids, config, timers, live);
  const mediators = new MediatorsService(platform, deps, grids, config);
  const matching = new MatchingService(platform, disputes, mediators, live);
  const casework = new CaseworkService(platform, disputes, live);
  const agreements = new AgreementsService(platform, deps, disputes, timers, live);
  const meetings = new MeetingsService(platform, deps, disputes, live);
  const indicators = new IndicatorsService(platform, disputes, grids);
  const io = new LedgerIoService(platform, deps, disputes, grids, config, timers);
  const configuration = new ConfigService(platform, config);
  for (const job of MediationTimers.jobs({
    deadline: (p, { tx }) => disputes.onDeadline(tx, p.disputeId, p.kind, p.dueAt),
    followup: (p, { tx }) => casework.onFollowupDue(tx, p.followupId),
    judicial: (p, { tx }) => agreements.onJudicialWindow(tx, p.agreementId),
  }))
    platform.jobs.register(job);
  return {
    disputes,
    mediators,
    matching,
    casework,
    agreements,
    meetings,
    indicators,
    io,
    config,
    routes: disputeRoutes({ disputes, matching, casework, agreements }),
    caseworkRoutes: caseworkRoutes({ casework, agreements, meetings }),
    poolRoutes: poolRoutes(mediators),
    ledgerRoutes: ledgerRoutes({ io, indicators, config, configuration }),
  };
}
