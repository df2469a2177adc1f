import { RuleSpec, type RuleTemplate, type TemplateView } from '@fengqiao/contracts';

const VEHICLES = ['car', 'bus', 'truck', 'motorcycle'] as const;
const ZERO = '00000000-0000-4000-8000-000000000000';

/**
 * Shipped rules for the scenes the station watches. The zone and line ids
 * are placeholders: the officer draws the shapes on the camera's snapshot
 * and the editor puts their ids in before saving.
 */
const RAW: Record<RuleTemplate, Omit<TemplateView, 'id' | 'defaults'> & { defaults: Record<string, unknown> }> = {
  pedestrian_on_carriageway: {
    kind: 'presence',
    needs: ['zone'],
    defaults: {
      kind: 'presence',
      classes: ['person'],
      minConfidence: 0.45,
      zoneId: ZERO,
      dwellSeconds: 2,
      cooldownSeconds: 120,
    },
    categoryCode: 'traffic',
    raiseIncident: true,
    violation: false,
  },
  emergency_lane_stop: {
    kind: 'dwell',
    needs: ['zone'],
    defaults: {
      kind: 'dwell',
      classes: [...VEHICLES],
      minConfidence: 0.4,
      zoneId: ZERO,
      dwellSeconds: 10,
      cooldownSeconds: 600,
    },
    categoryCode: 'traffic.violation',
    raiseIncident: true,
    violation: true,
  },
  no_stopping_zone: {
    kind: 'dwell',
    needs: ['zone'],
    defaults: {
      kind: 'dwell',
      classes: [...VEHICLES],
      minConfidence: 0.4,
      zoneId: ZERO,
      dwellSeconds: 60,
      cooldownSeconds: 1800,
    },
    categoryCode: 'traffic.parking',
    raiseIncident: false,
    violation: true,
  },
  wrong_way: {
    kind: 'wrong_way',
    needs: ['line'],
    defaults: {
      kind: 'wrong_way',
      classes: [...VEHICLES],
      minConfidence: 0.4,
      lineId: ZERO,
      direction: 'right_to_left',
      cooldownSeconds: 300,
    },
    categoryCode: 'traffic.violation',
    raiseIncident: true,
    violation: true,
  },
  illegal_u_turn: {
    kind: 'u_turn',
    needs: ['line'],
    defaults: {
      kind: 'u_turn',
      classes: [...VEHICLES],
      minConfidence: 0.4,
      lineId: ZERO,
      dwellSeconds: 30,
      cooldownSeconds: 300,
    },
    categoryCode: 'traffic.violation',
    raiseIncident: false,
    violation: true,
  },
  speeding: {
    kind: 'speed',
    needs: ['line', 'secondLine'],
    defaults: {
      kind: 'speed',
      classes: [...VEHICLES],
      minConfidence: 0.4,
      lineId: ZERO,
      secondLineId: ZERO,
      distanceM: 50,
      speedLimitKmh: 60,
      cooldownSeconds: 60,
    },
    categoryCode: 'traffic.violation',
    raiseIncident: false,
    violation: true,
  },
  night_intrusion: {
    kind: 'intrusion',
    needs: ['zone'],
    defaults: {
      kind: 'intrusion',
      classes: ['person'],
      minConfidence: 0.5,
      zoneId: ZERO,
      dwellSeconds: 3,
      timeWindow: { from: '22:00', to: '06:00' },
      cooldownSeconds: 600,
    },
    categoryCode: 'criminal.burglary',
    raiseIncident: true,
    violation: false,
  },
  crowd_gathering: {
    kind: 'crowd',
    needs: ['zone'],
    defaults: {
      kind: 'crowd',
      classes: ['person'],
      minConfidence: 0.4,
      zoneId: ZERO,
      minCount: 30,
      dwellSeconds: 60,
      cooldownSeconds: 1800,
    },
    categoryCode: 'mass_incident',
    raiseIncident: true,
    violation: false,
  },
  loitering: {
    kind: 'loiter',
    needs: ['zone'],
    defaults: {
      kind: 'loiter',
      classes: ['person'],
      minConfidence: 0.45,
      zoneId: ZERO,
      dwellSeconds: 300,
      cooldownSeconds: 1800,
    },
    categoryCode: 'public_order',
    raiseIncident: true,
    violation: false,
  },
};

export const TEMPLATES: TemplateView[] = Object.entries(RAW).map(([id, t]) => ({
  ...t,
  id: id as RuleTemplate,
  defaults: RuleSpec.parse(t.defaults),
}));
