/**
 * Unified social credit codes per GB 32100-2015: registration authority (1),
 * organisation type (1), region (6), organisation code per GB 11714 (8 + its
 * own check character), and a MOD 31 check character over the first 17.
 */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** GB 11714 value of a character: digits as themselves, letters A=10 … Z=35. */
function orgValue(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  throw new Error(`invalid organisation code character ${ch}`);
}

export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgValue(body8.charAt(i)) * (ORG_WEIGHTS[i] as number);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17.charAt(i));
    if (v < 0) throw new Error(`invalid credit code character ${first17.charAt(i)}`);
    sum += v * (USCC_WEIGHTS[i] as number);
  }
  return USCC_CHARS.charAt((31 - (sum % 31)) % 31);
}

/** Builds a code for an enterprise ('9' industry and commerce, '1' company) from an 8-character organisation body. */
export function makeCreditCode(region: string, orgBody8: string): string {
  if (!/^\d{6}$/.test(region) || !/^[0-9A-HJ-NPQRTUWXY]{8}$/.test(orgBody8)) {
    throw new Error(`cannot build a credit code from ${region}/${orgBody8}`);
  }
  const first17 = `91${region}${orgBody8}${orgCodeCheckChar(orgBody8)}`;
  return first17 + creditCodeCheckChar(first17);
}

/** GB 32100 check only; the embedded organisation code is checked by `hasValidOrgCode`. */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code.charAt(17);
}

export function hasValidOrgCode(code: string): boolean {
  return orgCodeCheckChar(code.slice(8, 16)) === code.charAt(16);
}

/** Characters allowed in a generated organisation body (the credit code alphabet). */
export const CREDIT_CODE_CHARS = USCC_CHARS;
