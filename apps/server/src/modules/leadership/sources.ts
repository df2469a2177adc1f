import type { FigureSource } from '@fengqiao/domain';
import { HALL_FIGURE_SOURCES } from '../hall';
import { INCIDENT_FIGURE_SOURCES } from '../incidents';
import { MEDIATION_FIGURE_SOURCES } from '../mediation';
import { VOLUNTEER_FIGURE_SOURCES } from '../volunteers';
import { CAMERA_FIGURE_SOURCES, TRAFFIC_FIGURE_SOURCES } from './camera-traffic.sources';

/**
 * The record sets behind every measure. Those of incidents, mediation, hall
 * and volunteers are owned by those modules and taken from their index.ts;
 * the cameras' and traffic's are kept in leadership (camera-traffic.sources.ts).
 */
export const SOURCES: Record<FigureSource, string> = {
  ...INCIDENT_FIGURE_SOURCES,
  ...MEDIATION_FIGURE_SOURCES,
  ...HALL_FIGURE_SOURCES,
  ...VOLUNTEER_FIGURE_SOURCES,
  ...CAMERA_FIGURE_SOURCES,
  ...TRAFFIC_FIGURE_SOURCES,
};
