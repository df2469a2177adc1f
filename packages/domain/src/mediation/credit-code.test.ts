import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode, orgCodeCheckChar, parseCreditCode } from './credit-code';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function build(region: string, body8: string): string {
  const first17 = `91${region}${body8}${orgCodeCheckChar(body8)}`;
  return first17 + (creditCodeCheckChar(first17) ?? '');
}

describe('unified social credit code (GB 32100)', () => {
  it('accepts well-known valid codes and normalises case and spaces', () => {
    // A published code (Huawei Technologies Co., Ltd.).
    expect(parseCreditCode('914403001922038216')).toEqual({ ok: true, value: '914403001922038216' });
    const code = build('131081', 'MA0C1234');
    expect(isValidCreditCode(code)).toBe(true);
    expect(parseCreditCode(` ${code.toLowerCase().slice(0, 9)} ${code.slice(9)} `)).toEqual({ ok: true, value: code });
  });

  it('refuses bad format, bad checksum and bad organisation code', () => {
    expect(parseCreditCode('91131081MA0C1234')).toEqual({ ok: false, error: 'format' });
    expect(parseCreditCode('91131081MA0C12345I')).toEqual({ ok: false, error: 'format' });
    const code = build('131081', 'MA0C1234');
    const last = code.charAt(17);
    const wrong = ALPHABET.charAt((ALPHABET.indexOf(last) + 1) % 31);
    expect(parseCreditCode(code.slice(0, 17) + wrong)).toEqual({ ok: false, error: 'checksum' });
  });

  it('detects every single-character substitution', () => {
    const bodyArb = fc.string({
      unit: fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'),
      minLength: 8,
      maxLength: 8,
    });
    fc.assert(
      fc.property(bodyArb, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (body, pos, shift) => {
        const code = build('131081', body);
        expect(isValidCreditCode(code)).toBe(true);
        const ch = ALPHABET.charAt((ALPHABET.indexOf(code.charAt(pos)) + shift) % 31);
        expect(isValidCreditCode(code.slice(0, pos) + ch + code.slice(pos + 1))).toBe(false);
      }),
    );
  });
});
