/**
 * Chinese motor-vehicle plate numbers (GA 36-2018 《中华人民共和国机动车号牌》).
 * Canonical form: no separator dot, half-width, upper case, e.g. 粤B12345.
 *
 * Formats accepted (P = province abbreviation, L = issuing-authority letter
 * A–Z without I and O, X = serial letter-or-digit without I and O, 9 = digit):
 *  - ordinary (blue/yellow/black):         P L X X X X X            7 chars
 *  - small new-energy (green gradient):    P L S X 9 9 9 9          8 chars,
 *      S = D A B C E (pure electric) or F G H J K (not pure electric)
 *  - large new-energy (yellow-green):      P L 9 9 9 9 9 T          8 chars, T = D or F
 *  - trailer / coach / police:             P L X X X X 挂|学|警     7 chars
 *  - Hong Kong / Macao vehicles entering Guangdong: 粤 Z X X X X 港|澳
 * Not accepted (so never reported as read): embassy/consulate (使/领),
 * military and armed-police plates, temporary and test plates, two-row
 * rear plates read as one line.
 */

export const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

export type PlateKind =
  | 'ordinary'
  | 'new_energy_small'
  | 'new_energy_large'
  | 'trailer'
  | 'coach'
  | 'police'
  | 'hong_kong'
  | 'macao';

const P = `[${PLATE_PROVINCES}]`;
const L = '[A-HJ-NP-Z]';
const X = '[A-HJ-NP-Z0-9]';

const FORMATS: [PlateKind, RegExp][] = [
  ['ordinary', new RegExp(`^${P}${L}${X}{5}$`, 'u')],
  ['new_energy_small', new RegExp(`^${P}${L}[DABCEFGHJK]${X}[0-9]{4}$`, 'u')],
  ['new_energy_large', new RegExp(`^${P}${L}[0-9]{5}[DF]$`, 'u')],
  ['trailer', new RegExp(`^${P}${L}${X}{4}挂$`, 'u')],
  ['coach', new RegExp(`^${P}${L}${X}{4}学$`, 'u')],
  ['police', new RegExp(`^${P}${L}${X}{4}警$`, 'u')],
  ['hong_kong', new RegExp(`^粤Z${X}{4}港$`, 'u')],
  ['macao', new RegExp(`^粤Z${X}{4}澳$`, 'u')],
];

/** The GA 36 format a canonical plate string has, or null when it has none. */
export function plateKind(plate: string): PlateKind | null {
  for (const [kind, re] of FORMATS) if (re.test(plate)) return kind;
  return null;
}

export type PlateParse = { ok: true; value: string; kind: PlateKind } | { ok: false };

/** Separators a plate is written or recognised with (the dot after the authority letter, spaces, dashes). */
const SEPARATORS = /[\s·•.\-・‧∙_]/gu;

/**
 * Normalises a plate as typed or recognised and validates it. Full-width
 * characters become half-width, letters upper case, separators go. Past the
 * authority letter GA 36 never uses the letters I and O, so there an O can
 * only be a 0 and an I only a 1; nothing else is corrected (a wrong plate
 * is worse than an unread one).
 */
export function parsePlate(raw: string): PlateParse {
  const s = raw.normalize('NFKC').toUpperCase().replace(SEPARATORS, '');
  const chars = [...s];
  if (chars.length < 7 || chars.length > 8) return { ok: false };
  const value = chars.map((c, i) => (i < 2 ? c : c === 'O' ? '0' : c === 'I' ? '1' : c)).join('');
  const kind = plateKind(value);
  return kind ? { ok: true, value, kind } : { ok: false };
}
