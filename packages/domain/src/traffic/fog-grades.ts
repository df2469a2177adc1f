/**
 * National fog warning grades by visibility (大雾预警信号: yellow < 500 m,
 * orange < 200 m, red < 50 m) and what each means on an expressway.
 */
export const FOG_GRADES = ['yellow', 'orange', 'red'] as const;
export type FogGrade = (typeof FOG_GRADES)[number];

/** Upper visibility bound (exclusive) of each grade, metres. */
export const FOG_GRADE_LIMIT_M: Record<FogGrade, number> = { yellow: 500, orange: 200, red: 50 };

/** The grade for a visibility, or null when it is 500 m or more. */
export function fogGradeOf(visibilityM: number): FogGrade | null {
  if (!Number.isFinite(visibilityM)) return null;
  if (visibilityM < FOG_GRADE_LIMIT_M.red) return 'red';
  if (visibilityM < FOG_GRADE_LIMIT_M.orange) return 'orange';
  if (visibilityM < FOG_GRADE_LIMIT_M.yellow) return 'yellow';
  return null;
}

const RANK: Record<FogGrade, number> = { yellow: 1, orange: 2, red: 3 };
export function fogGradeRank(g: FogGrade | null): number {
  return g ? RANK[g] : 0;
}

/** The more severe of two grades. */
export function worseGrade(a: FogGrade | null, b: FogGrade | null): FogGrade | null {
  return fogGradeRank(a) >= fogGradeRank(b) ? a : b;
}

export interface ExpresswayRule {
  maxSpeedKmh: number;
  /** Minimum gap to the vehicle ahead in the same lane, metres; null where vehicles must leave. */
  minGapM: number | null;
  /** Leave the expressway at the nearest exit. */
  leaveAtNextExit: boolean;
  zh: string;
  en: string;
}

/**
 * Expressway driving rules per grade, after art. 81 of the Road Traffic
 * Safety Law's implementing regulations (fog lights, low beams, hazard
 * lights; 60 / 40 / 20 km/h with 100 m / 50 m gaps, and leaving the
 * expressway in the worst band), mapped onto the three warning grades.
 */
export const EXPRESSWAY_RULES: Record<FogGrade, ExpresswayRule> = {
  yellow: {
    maxSpeedKmh: 60,
    minGapM: 100,
    leaveAtNextExit: false,
    zh: '开启雾灯、近光灯、示廓灯和前后位灯，车速不得超过每小时60公里，与同车道前车保持100米以上的距离。',
    en: 'Fog lights, low beams, position and clearance lights on; at most 60 km/h; keep 100 m or more from the vehicle ahead in the lane.',
  },
  orange: {
    maxSpeedKmh: 40,
    minGapM: 50,
    leaveAtNextExit: false,
    zh: '开启雾灯、近光灯、示廓灯、前后位灯和危险报警闪光灯，车速不得超过每小时40公里，与同车道前车保持50米以上的距离。',
    en: 'Fog lights, low beams, clearance lights and hazard lights on; at most 40 km/h; keep 50 m or more from the vehicle ahead in the lane.',
  },
  red: {
    maxSpeedKmh: 20,
    minGapM: null,
    leaveAtNextExit: true,
    zh: '开启全部灯光，车速不得超过每小时20公里，并从最近的出口尽快驶离高速公路；必要时实施交通管制。',
    en: 'All lights on; at most 20 km/h and leave the expressway at the nearest exit; traffic control may be imposed.',
  },
};

/** Advice for roads other than expressways. */
export const ORDINARY_ROAD_ADVICE: Record<FogGrade, { zh: string; en: string }> = {
  yellow: {
    zh: '开启雾灯和近光灯，减速慢行，保持安全车距。',
    en: 'Fog lights and low beams on; slow down and keep a safe gap.',
  },
  orange: {
    zh: '开启雾灯、近光灯和危险报警闪光灯，低速行驶，非必要不出行。',
    en: 'Fog, low-beam and hazard lights on; drive slowly; avoid unnecessary trips.',
  },
  red: {
    zh: '能见度极低，尽量停止出行；已在途车辆就近驶入安全地点停放。',
    en: 'Visibility is extremely low: avoid travel; vehicles on the road stop at the nearest safe place.',
  },
};
