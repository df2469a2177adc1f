import { randomUUID } from 'node:crypto';
import type { CameraAssignment, Shape } from '@fengqiao/contracts';
import { ROAD } from '../src/scene-video';
import { rule } from './synthetic';

/** The camera the generated scenes are seen by: its zones, lines and rules as an officer would draw them. */
export function sceneCamera(streamUrl: string): CameraAssignment {
  const lane: Shape = {
    id: randomUUID(),
    kind: 'zone',
    name: '应急车道',
    points: [
      [0, ROAD.emergencyLane.top + 0.01],
      [1, ROAD.emergencyLane.top + 0.01],
      [1, 0.999],
      [0, 0.999],
    ],
    direction: 'any',
  };
  const road: Shape = {
    id: randomUUID(),
    kind: 'zone',
    name: '行车道',
    points: [
      [0, ROAD.carriageway.top + 0.02],
      [1, ROAD.carriageway.top + 0.02],
      [1, ROAD.emergencyLane.top],
      [0, ROAD.emergencyLane.top],
    ],
    direction: 'any',
  };
  const centre: Shape = {
    id: randomUUID(),
    kind: 'line',
    name: '中心线',
    points: [
      [0, ROAD.centreLine],
      [1, ROAD.centreLine],
    ],
    direction: 'any',
  };
  const vehicles = ['car', 'truck', 'bus'] as const;
  return {
    id: randomUUID(),
    code: 'SCENE',
    name: '测试路段',
    streamUrl,
    mainStreamUrl: null,
    detectFps: 5,
    enabledHours: null,
    shapes: [lane, road, centre],
    rules: [
      {
        ...rule({ kind: 'dwell', classes: [...vehicles], zoneId: lane.id, dwellSeconds: 3 }, '应急车道停车'),
        template: 'emergency_lane_stop',
      },
      {
        ...rule({ kind: 'u_turn', classes: [...vehicles], lineId: centre.id, dwellSeconds: 30 }, '违法掉头'),
        template: 'illegal_u_turn',
      },
      {
        ...rule({ kind: 'presence', classes: ['person'], zoneId: road.id, dwellSeconds: 1 }, '行人上高速'),
        template: 'pedestrian_on_carriageway',
      },
    ],
    leaseExpiresAt: new Date().toISOString(),
    hasSnapshot: true,
    version: '1',
  };
}
