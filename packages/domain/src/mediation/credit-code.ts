/**
 * Unified social credit codes per GB 32100-2015: registration authority (1),
 * organisation type (1), region (6), organisation code per GB 11714 (8 + its
 * own check character), and a MOD 31 check character over the first 17.
 */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

function orgValue(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return Number.NaN;
}

/** GB 11714 check character of an 8-character organisation body. */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgValue(body8.charAt(i)) * (ORG_WEIGHTS[i] as number);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** GB 32100 check character over the first 17 characters, or null when one is outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17.charAt(i));
    if (v < 0) return null;
    sum += v * (USCC_WEIGHTS[i] as number);
  }
  return USCC_CHARS.charAt((31 - (sum % 31)) % 31);
}

export type CreditCodeError = 'format' | 'checksum' | 'org_code';

/**
 * Validates a unified social credit code: 18 characters of the GB 32100
 * alphabet (no I, O, S, V, Z), the MOD 31 check character, and the embedded
 * GB 11714 organisation code's own check character. Lower case and spaces
 * are tolerated and normalised away.
 */
export function parseCreditCode(input: string): { ok: true; value: string } | { ok: false; error: CreditCodeError } {
  const value = input.replace(/\s+/g, '').toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(value)) return { ok: false, error: 'format' };
  if (creditCodeCheckChar(value.slice(0, 17)) !== value.charAt(17)) return { ok: false, error: 'checksum' };
  if (orgCodeCheckChar(value.slice(8, 16)) !== value.charAt(16)) return { ok: false, error: 'org_code' };
  return { ok: true, value };
}

export function isValidCreditCode(input: string): boolean {
  return parseCreditCode(input).ok;
}
