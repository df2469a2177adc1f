import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLATE_PROVINCES, type PlateKind, parsePlate, plateKind } from './plate-number';

const LETTERS = [...'ABCDEFGHJKLMNPQRSTUVWXYZ'];
const DIGITS = [...'0123456789'];
const province = fc.constantFrom(...PLATE_PROVINCES);
const letter = fc.constantFrom(...LETTERS);
const digit = fc.constantFrom(...DIGITS);
const alnum = fc.constantFrom(...LETTERS, ...DIGITS);
const join = (...parts: fc.Arbitrary<string>[]) => fc.tuple(...parts).map((p) => p.join(''));

/** Valid plates of every GA 36 kind the validator accepts, with their kind. */
const VALID: Record<PlateKind, fc.Arbitrary<string>> = {
  ordinary: join(province, letter, alnum, alnum, alnum, alnum, alnum),
  new_energy_small: join(province, letter, fc.constantFrom(...'DABCEFGHJK'), alnum, digit, digit, digit, digit),
  new_energy_large: join(province, letter, digit, digit, digit, digit, digit, fc.constantFrom('D', 'F')),
  trailer: join(province, letter, alnum, alnum, alnum, alnum, fc.constant('挂')),
  coach: join(province, letter, alnum, alnum, alnum, alnum, fc.constant('学')),
  police: join(province, letter, alnum, alnum, alnum, alnum, fc.constant('警')),
  hong_kong: join(fc.constant('粤Z'), alnum, alnum, alnum, alnum, fc.constant('港')),
  macao: join(fc.constant('粤Z'), alnum, alnum, alnum, alnum, fc.constant('澳')),
};
const anyValid = fc.oneof(...Object.values(VALID));

const toFullWidth = (s: string) => s.replace(/[A-Z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x20 + 0xff00));

describe('GA 36 plate numbers', () => {
  it('lists the 31 provincial abbreviations once each', () => {
    expect([...PLATE_PROVINCES]).toHaveLength(31);
    expect(new Set(PLATE_PROVINCES).size).toBe(31);
  });

  it('accepts the documented examples and names their kind', () => {
    expect(parsePlate('粤B·12345')).toEqual({ ok: true, value: '粤B12345', kind: 'ordinary' });
    expect(parsePlate('京A D12345')).toEqual({ ok: true, value: '京AD12345', kind: 'new_energy_small' });
    expect(parsePlate('沪AF12345')).toEqual({ ok: true, value: '沪AF12345', kind: 'new_energy_small' });
    expect(parsePlate('苏E12345D')).toEqual({ ok: true, value: '苏E12345D', kind: 'new_energy_large' });
    expect(parsePlate('浙A1234挂')).toEqual({ ok: true, value: '浙A1234挂', kind: 'trailer' });
    expect(parsePlate('粤Z1234港')).toEqual({ ok: true, value: '粤Z1234港', kind: 'hong_kong' });
  });

  it('rejects what GA 36 does not issue', () => {
    for (const bad of [
      '粤I12345', // I is never an authority letter
      '粤O12345',
      '粤112345', // the second position is a letter
      '港A12345', // not a province
      '粤B1234', // too short
      '粤B123456', // ordinary is 7 characters
      '粤BD1234A', // small new-energy ends with four digits
      '粤B1234DF',
      '粤B12345A', // large new-energy ends with D or F
      '京Z1234港', // 港/澳 plates are 粤Z only
      '粤B12345挂',
      '',
      'ABCDEFG',
    ])
      expect(parsePlate(bad), bad).toEqual({ ok: false });
  });

  it('every generated plate validates as its own kind and is already canonical', () => {
    for (const [kind, arb] of Object.entries(VALID))
      fc.assert(
        fc.property(arb, (p) => {
          expect(plateKind(p)).toBe(kind);
          expect(parsePlate(p)).toEqual({ ok: true, value: p, kind });
        }),
      );
  });

  it('full-width characters, lower case and separators normalise to the same plate', () => {
    fc.assert(
      fc.property(anyValid, fc.constantFrom('·', ' ', '-', '•', '．'), fc.boolean(), (p, sep, lower) => {
        const [a, b, ...rest] = [...toFullWidth(p)];
        let written = `${a}${b}${sep}${rest.join('')}`;
        if (lower) written = written.toLowerCase();
        expect(parsePlate(written)).toMatchObject({ ok: true, value: p });
      }),
    );
  });

  it('an O or I past the authority letter reads as 0 or 1, never elsewhere', () => {
    fc.assert(
      fc.property(anyValid, fc.nat(), (p, pick) => {
        const chars = [...p];
        const zeros = chars.map((c, i) => (i >= 2 && (c === '0' || c === '1') ? i : -1)).filter((i) => i >= 0);
        fc.pre(zeros.length > 0);
        const i = zeros[pick % zeros.length] as number;
        chars[i] = chars[i] === '0' ? 'O' : 'I';
        expect(parsePlate(chars.join(''))).toMatchObject({ ok: true, value: p });
      }),
    );
    // The authority letter is not corrected either way.
    expect(parsePlate('粤0·12345').ok).toBe(false);
  });

  it('a changed province, a banned letter or a wrong length never validates', () => {
    const notProvince = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 1 })
      .filter((c) => !PLATE_PROVINCES.includes(c) && c !== '粤');
    fc.assert(
      fc.property(anyValid, notProvince, (p, c) => {
        const chars = [...p];
        chars[0] = c;
        // A full-width or ligature character may normalise into a province; only exact non-provinces here.
        fc.pre(!PLATE_PROVINCES.includes(c.normalize('NFKC').toUpperCase()));
        expect(parsePlate(chars.join('')).ok).toBe(false);
      }),
    );
    fc.assert(
      fc.property(anyValid, fc.constantFrom('I', 'O'), (p, c) => {
        const chars = [...p];
        chars[1] = c;
        expect(parsePlate(chars.join('')).ok).toBe(false);
      }),
    );
    fc.assert(
      fc.property(anyValid, alnum, (p, extra) => {
        expect(parsePlate(`${p}${extra}${extra}`).ok).toBe(false);
        expect(parsePlate([...p].slice(0, 6).join('')).ok).toBe(false);
      }),
    );
  });

  it('whatever it is given, an accepted result is canonical and stable', () => {
    const noisy = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 10 }),
      anyValid.chain((p) =>
        fc.tuple(fc.nat(p.length), fc.constantFrom(...'OI0189BDQZ粤挂 ·')).map(([i, c]) => {
          const cs = [...p];
          cs[Math.min(i, cs.length - 1)] = c;
          return cs.join('');
        }),
      ),
    );
    fc.assert(
      fc.property(noisy, (s) => {
        const r = parsePlate(s);
        if (!r.ok) return;
        expect(plateKind(r.value)).toBe(r.kind);
        expect(parsePlate(r.value)).toEqual(r);
        expect(r.value).not.toMatch(/[IO\s·]/u);
        expect(r.value.length).toBeLessThanOrEqual(12);
      }),
    );
  });
});
