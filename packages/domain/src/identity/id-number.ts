/**
 * Resident identity numbers per GB 11643-1999: 6-digit region, 8-digit birth
 * date, 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check character.
 * The 15-digit legacy form (2-digit year, no check character) is accepted and
 * upgraded to 18 digits.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Province-level prefixes (first two digits) that exist in GB/T 2260. */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
  '91',
]);

export type IdNumberError = 'format' | 'region' | 'date' | 'checksum';

export interface IdNumber {
  /** Normalised 18-character form, check character upper-case. */
  value: string;
  region: string;
  /** ISO date YYYY-MM-DD. */
  birthDate: string;
  gender: 'M' | 'F';
  /** True when the input was the 15-digit legacy form. */
  legacy: boolean;
}

export type IdNumberResult = { ok: true; id: IdNumber } | { ok: false; error: IdNumberError };

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

function validDate(y: number, m: number, d: number, today: Date): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return false;
  return y >= 1880 && dt.getTime() <= today.getTime();
}

export function parseIdNumber(input: string, today: Date = new Date()): IdNumberResult {
  const raw = input.trim().toUpperCase();
  let body: string;
  let legacy = false;
  if (/^\d{15}$/.test(raw)) {
    legacy = true;
    body = `${raw.slice(0, 6)}19${raw.slice(6)}`;
  } else if (/^\d{17}[\dX]$/.test(raw)) {
    body = raw.slice(0, 17);
  } else {
    return { ok: false, error: 'format' };
  }
  const region = body.slice(0, 6);
  if (!PROVINCES.has(region.slice(0, 2)) || region.slice(2) === '0000') return { ok: false, error: 'region' };
  const y = Number(body.slice(6, 10));
  const m = Number(body.slice(10, 12));
  const d = Number(body.slice(12, 14));
  if (!validDate(y, m, d, today)) return { ok: false, error: 'date' };
  const check = idNumberCheckChar(body);
  if (!legacy && raw[17] !== check) return { ok: false, error: 'checksum' };
  const seq = Number(body.slice(14, 17));
  return {
    ok: true,
    id: {
      value: body + check,
      region,
      birthDate: `${body.slice(6, 10)}-${body.slice(10, 12)}-${body.slice(12, 14)}`,
      gender: seq % 2 === 1 ? 'M' : 'F',
      legacy,
    },
  };
}

export function isValidIdNumber(input: string): boolean {
  return parseIdNumber(input).ok;
}

/** Builds a valid 18-digit number; used by the demo generator and test factories. */
export function makeIdNumber(region: string, birthDate: string, sequence: number): string {
  const body = `${region}${birthDate.replaceAll('-', '')}${String(sequence % 1000).padStart(3, '0')}`;
  if (!/^\d{17}$/.test(body)) throw new Error(`cannot build an ID number from ${region}/${birthDate}`);
  return body + idNumberCheckChar(body);
}

/** `110105********002X`: region kept, birth date and sequence hidden. */
export function maskIdNumber(value: string): string {
  if (value.length < 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}
