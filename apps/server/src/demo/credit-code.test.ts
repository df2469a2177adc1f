import { describe, expect, it } from 'vitest';
import {
  creditCodeCheckChar,
  hasValidOrgCode,
  isValidCreditCode,
  makeCreditCode,
  orgCodeCheckChar,
} from './credit-code';

describe('unified social credit code (GB 32100)', () => {
  it('accepts the example printed in the standard', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(hasValidOrgCode('91350100M000100Y43')).toBe(true);
  });

  it('rejects a changed character, a forbidden letter and a wrong length', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100I43')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
  });

  it('builds codes that pass both checks', () => {
    for (const body of ['MA0CXT1B', '12345678', 'MA07Y9K2', '00000000']) {
      const code = makeCreditCode('131081', body);
      expect(code).toMatch(/^91131081[0-9A-HJ-NPQRTUWXY]{10}$/);
      expect(isValidCreditCode(code)).toBe(true);
      expect(hasValidOrgCode(code)).toBe(true);
    }
  });

  it('maps the check values 10 and 11 of GB 11714 to X and 0, and 31 of GB 32100 to 0', () => {
    // Weighted sums chosen so the remainders hit the edge cases.
    expect(orgCodeCheckChar('00000000')).toBe('0');
    expect(orgCodeCheckChar('00000001')).toBe('9');
    expect(orgCodeCheckChar('40000000')).toBe('X');
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
    expect(() => makeCreditCode('13108', 'MA0CXT1B')).toThrow();
    expect(() => makeCreditCode('131081', 'MA0CXT1O')).toThrow();
  });
});
