/**
 * Minor-accident quick handling (交通事故快处快赔): who may settle on the
 * spot, which photos a case needs, how liability is written.
 */

/** The eligibility questions, each answered yes/no; every answer must be the safe one. */
export const ELIGIBILITY_QUESTIONS = [
  'noInjuries',
  'vehiclesMovable',
  'bothInsured',
  'validLicences',
  'noDrinkOrDrugs',
] as const;
export type EligibilityQuestion = (typeof ELIGIBILITY_QUESTIONS)[number];
export type EligibilityAnswers = Record<EligibilityQuestion, boolean>;

export const ELIGIBILITY_TEXT: Record<EligibilityQuestion, { zh: string; en: string }> = {
  noInjuries: { zh: '无人员伤亡', en: 'Nobody is injured' },
  vehiclesMovable: { zh: '车辆可以移动', en: 'The vehicles can be moved' },
  bothInsured: { zh: '双方均有交强险', en: 'Both vehicles have compulsory insurance' },
  validLicences: { zh: '双方驾驶证、行驶证有效', en: 'Both drivers and vehicles hold valid licences' },
  noDrinkOrDrugs: { zh: '无酒驾、毒驾嫌疑', en: 'No suspicion of drink or drug driving' },
};

/** The questions answered the unsafe way (empty: the case may be handled quickly). */
export function ineligibleReasons(a: EligibilityAnswers): EligibilityQuestion[] {
  return ELIGIBILITY_QUESTIONS.filter((q) => a[q] !== true);
}

/** Guided photos: the first four are required, "other" is optional. */
export const PHOTO_KINDS = ['front_side', 'rear_side', 'impact', 'surroundings', 'other'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];
export const REQUIRED_PHOTOS: readonly PhotoKind[] = ['front_side', 'rear_side', 'impact', 'surroundings'];
export const PHOTO_TEXT: Record<PhotoKind, { zh: string; en: string; hintZh: string }> = {
  front_side: { zh: '车前侧全景', en: 'Front side', hintZh: '站在车辆前方斜45°，拍下两车及车牌' },
  rear_side: { zh: '车后侧全景', en: 'Rear side', hintZh: '站在车辆后方斜45°，拍下两车及车牌' },
  impact: { zh: '碰撞部位', en: 'Point of impact', hintZh: '近距离拍摄两车接触部位' },
  surroundings: { zh: '周边环境', en: 'Surroundings', hintZh: '拍下路口、标线、信号灯等参照物' },
  other: { zh: '其他', en: 'Other', hintZh: '其他需要说明的情况' },
};
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;

/** Required photos not yet uploaded. */
export function missingPhotos(kinds: readonly string[]): PhotoKind[] {
  return REQUIRED_PHOTOS.filter((k) => !kinds.includes(k));
}

export const ACCIDENT_TYPES = [
  'rear_end',
  'side_swipe',
  'lane_change',
  'turning',
  'reversing',
  'door_opening',
  'parked',
  'other',
] as const;
export type AccidentType = (typeof ACCIDENT_TYPES)[number];
export const ACCIDENT_TYPE_TEXT: Record<AccidentType, { zh: string; en: string }> = {
  rear_end: { zh: '追尾', en: 'Rear-end' },
  side_swipe: { zh: '刮擦', en: 'Side-swipe' },
  lane_change: { zh: '变道碰撞', en: 'Lane change' },
  turning: { zh: '转弯碰撞', en: 'Turning' },
  reversing: { zh: '倒车碰撞', en: 'Reversing' },
  door_opening: { zh: '开关车门碰撞', en: 'Door opening' },
  parked: { zh: '碰撞停放车辆', en: 'Hit a parked vehicle' },
  other: { zh: '其他', en: 'Other' },
};

export const WEATHERS = ['clear', 'cloudy', 'rain', 'snow', 'fog', 'ice'] as const;
export type Weather = (typeof WEATHERS)[number];
export const WEATHER_TEXT: Record<Weather, { zh: string; en: string }> = {
  clear: { zh: '晴', en: 'Clear' },
  cloudy: { zh: '阴', en: 'Cloudy' },
  rain: { zh: '雨', en: 'Rain' },
  snow: { zh: '雪', en: 'Snow' },
  fog: { zh: '雾', en: 'Fog' },
  ice: { zh: '路面结冰', en: 'Ice' },
};

/** How liability is split between party A (who opened the case) and party B. */
export const LIABILITIES = ['a_full', 'b_full', 'a_main', 'b_main', 'equal', 'none'] as const;
export type Liability = (typeof LIABILITIES)[number];
export const LIABILITY_TEXT: Record<Liability, { zh: string; en: string }> = {
  a_full: { zh: '甲方负全部责任，乙方无责任', en: 'A fully liable, B not liable' },
  b_full: { zh: '乙方负全部责任，甲方无责任', en: 'B fully liable, A not liable' },
  a_main: { zh: '甲方负主要责任，乙方负次要责任', en: 'A mainly liable, B partly liable' },
  b_main: { zh: '乙方负主要责任，甲方负次要责任', en: 'B mainly liable, A partly liable' },
  equal: { zh: '双方负同等责任', en: 'Equal liability' },
  none: { zh: '双方均无责任', en: 'Neither party liable' },
};
/** The shares (percent) of the damage each party bears, the usual split for each liability. */
export const LIABILITY_SHARES: Record<Liability, [number, number]> = {
  a_full: [100, 0],
  b_full: [0, 100],
  a_main: [70, 30],
  b_main: [30, 70],
  equal: [50, 50],
  none: [0, 0],
};

export const INSURERS = [
  '中国人民财产保险',
  '中国平安财产保险',
  '中国太平洋财产保险',
  '中华联合财产保险',
  '中国大地财产保险',
  '阳光财产保险',
  '中国人寿财产保险',
  '太平财产保险',
] as const;

/** Chinese plates: province character, letter, then five (or six for new-energy) letters/digits. */
const PLATE =
  /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]$/;

/** Uppercases and strips spaces and the middle dot; null when it is not a plate. */
export function normalisePlate(input: string): string | null {
  const p = input.replace(/[\s·•.-]/g, '').toUpperCase();
  return PLATE.test(p) ? p : null;
}

/** The join code the other party types: six digits, no ambiguity on a phone keypad. */
export function joinCodeOk(code: string): boolean {
  return /^\d{6}$/.test(code);
}

/** Minutes from the case's creation to its document (one decimal). */
export function minutesToDocument(createdAt: Date, documentAt: Date | null): number | null {
  if (!documentAt) return null;
  return Math.round((documentAt.getTime() - createdAt.getTime()) / 6_000) / 10;
}
