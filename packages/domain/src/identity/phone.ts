/**
 * Mainland China phone numbers: 11-digit mobiles (1[3-9]xxxxxxxxx) and
 * landlines with an area code (0xx-xxxxxxxx). Input may carry +86, spaces or
 * dashes; the normalised form keeps a dash only between area code and number.
 */
export type PhoneResult = { ok: true; value: string; kind: 'mobile' | 'landline' } | { ok: false; error: 'format' };

export function parsePhone(input: string): PhoneResult {
  let s = input.trim().replace(/[\s()]/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  s = s.replace(/^-/, '');
  const digits = s.replaceAll('-', '');
  if (/^1[3-9]\d{9}$/.test(digits)) return { ok: true, value: digits, kind: 'mobile' };
  // Landline: 3-digit area codes start 01x/02x, the rest are 4 digits.
  const m = /^(0(?:1\d|2\d|[3-9]\d{2}))-?([2-9]\d{6,7})$/.exec(s);
  if (m) return { ok: true, value: `${m[1]}-${m[2]}`, kind: 'landline' };
  return { ok: false, error: 'format' };
}

export function isValidPhone(input: string): boolean {
  return parsePhone(input).ok;
}

/** `138****5678` for mobiles, `0316-****5678` for landlines. */
export function maskPhone(value: string): string {
  const dash = value.indexOf('-');
  if (dash > 0) {
    const local = value.slice(dash + 1);
    return `${value.slice(0, dash)}-${'*'.repeat(Math.max(0, local.length - 4))}${local.slice(-4)}`;
  }
  if (value.length < 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}
