import type { FigureSource } from '@fengqiao/domain';
import { HALL_FIGURE_SOURCES } from '../hall';
import { INCIDENT_FIGURE_SOURCES } from '../incidents';
import { MEDIATION_FIGURE_SOURCES } from '../mediation';
import { VOLUNTEER_FIGURE_SOURCES } from '../volunteers';

/**
 * The record sets behind every measure, each owned by the module whose
 * tables it reads and taken from that module's index.ts. Adding the
 * cameras' or traffic figures later means adding their sources here and
 * flipping their measures to available in the domain registry.
 */
export const SOURCES: Record<FigureSource, string> = {
  ...INCIDENT_FIGURE_SOURCES,
  ...MEDIATION_FIGURE_SOURCES,
  ...HALL_FIGURE_SOURCES,
  ...VOLUNTEER_FIGURE_SOURCES,
};
