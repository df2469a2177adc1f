/**
 * Traffic violation review: what evidence must show before a reviewer may
 * confirm, the review deadline, and the export line for the enforcement
 * system.
 */

export const VIOLATION_SOURCES = ['patrol', 'camera'] as const;
export type ViolationSource = (typeof VIOLATION_SOURCES)[number];
export const VIOLATION_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export type ViolationStatus = (typeof VIOLATION_STATUSES)[number];

/** A violation is reviewed within 5 days of its entry. */
export const REVIEW_DAYS = 5;
export const REVIEW_MS = REVIEW_DAYS * 86_400_000;

export function reviewDueAt(enteredAt: Date): Date {
  return new Date(enteredAt.getTime() + REVIEW_MS);
}

/** The six facts the evidence must show (the checklist a reviewer ticks). */
export const EVIDENCE_FACTS = ['vehicleType', 'plate', 'appearance', 'time', 'place', 'act'] as const;
export type EvidenceFact = (typeof EVIDENCE_FACTS)[number];

export const VEHICLE_TYPES = [
  'small_car',
  'large_car',
  'small_truck',
  'large_truck',
  'bus',
  'motorcycle',
  'trailer',
  'other',
] as const;
export type VehicleType = (typeof VEHICLE_TYPES)[number];
export const VEHICLE_TYPE_TEXT: Record<VehicleType, { zh: string; en: string; gaCode: string }> = {
  small_car: { zh: '小型汽车', en: 'Small car', gaCode: '02' },
  large_car: { zh: '大型汽车', en: 'Large vehicle', gaCode: '01' },
  small_truck: { zh: '轻型货车', en: 'Light truck', gaCode: '02' },
  large_truck: { zh: '重型货车', en: 'Heavy truck', gaCode: '01' },
  bus: { zh: '客车', en: 'Bus', gaCode: '01' },
  motorcycle: { zh: '摩托车', en: 'Motorcycle', gaCode: '07' },
  trailer: { zh: '挂车', en: 'Trailer', gaCode: '15' },
  other: { zh: '其他', en: 'Other', gaCode: '99' },
};

export const REJECT_REASONS = [
  'plate_unreadable',
  'vehicle_unclear',
  'act_not_shown',
  'time_place_missing',
  'exempt_vehicle',
  'duplicate',
  'other',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export const REJECT_REASON_TEXT: Record<RejectReason, { zh: string; en: string }> = {
  plate_unreadable: { zh: '号牌无法辨认', en: 'Plate unreadable' },
  vehicle_unclear: { zh: '车型或外观无法确认', en: 'Vehicle type or appearance unclear' },
  act_not_shown: { zh: '证据未反映违法行为', en: 'Evidence does not show the act' },
  time_place_missing: { zh: '时间或地点缺失', en: 'Time or place missing' },
  exempt_vehicle: { zh: '执行任务的特种车辆', en: 'Exempt vehicle on duty' },
  duplicate: { zh: '重复记录', en: 'Duplicate record' },
  other: { zh: '其他原因', en: 'Other reason' },
};

/** A row of the violation code table (违法代码). */
export interface ViolationCode {
  code: string;
  nameZh: string;
  nameEn: string;
  points: number;
  fineMin: number;
  fineMax: number;
}

/** Four digits: the code table's key. */
export function violationCodeOk(code: string): boolean {
  return /^\d{4}$/.test(code);
}

/** Whether a reviewer's checklist covers every fact: an unticked fact blocks confirmation. */
export function uncheckedFacts(checked: readonly string[]): EvidenceFact[] {
  return EVIDENCE_FACTS.filter((f) => !checked.includes(f));
}

/** The export's columns, in order (docs/traffic.md). */
export const EXPORT_COLUMNS = [
  'record_no',
  'plate',
  'plate_colour',
  'vehicle_type_code',
  'occurred_at',
  'place',
  'lng',
  'lat',
  'violation_code',
  'points',
  'fine_min',
  'fine_max',
  'source',
  'evidence_count',
  'reviewed_by',
  'reviewed_at',
  'station_code',
] as const;

/** One CSV field: quoted when it holds a comma, quote or line break; formulas defused. */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (/^[=+\-@]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
