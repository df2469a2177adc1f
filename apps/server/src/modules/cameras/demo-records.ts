import { createHash } from 'node:crypto';
import type { RuleTemplate } from '@fengqiao/contracts';
import { insertCamera, insertRule, replaceShapes } from './cameras.repository';
import { insertEvent, insertEvidence, reviewEvent } from './events.repository';

/** Rule names as an officer would save them from the templates. */
const TEMPLATE_NAMES: Record<RuleTemplate, string> = {
  pedestrian_on_carriageway: '行人进入高速行车道',
  emergency_lane_stop: '应急车道停车',
  no_stopping_zone: '禁停区域停车',
  wrong_way: '逆行',
  illegal_u_turn: '违法掉头',
  speeding: '超速',
  night_intrusion: '夜间闯入',
  crowd_gathering: '人员聚集',
  loitering: '可疑徘徊',
};

/** A stable event id for a demo record (the demo town is the same on every load). */
function eventId(...parts: (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The records the demo town's camera history is written with (src/demo):
 * the module's own repository functions, so demo rows are the rows the API
 * writes. Not for use by other modules.
 */
export const cameraDemo = {
  insertCamera,
  replaceShapes,
  insertRule,
  insertEvent,
  insertEvidence,
  reviewEvent,
  eventId,
  TEMPLATE_NAMES,
};
