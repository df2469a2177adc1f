import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idNumberCheckChar, makeIdNumber, maskIdNumber, parseIdNumber } from './id-number';

const today = new Date('2026-11-28T00:00:00Z');

describe('GB 11643 identity numbers', () => {
  it('accepts a known-valid number and reads its fields', () => {
    const r = parseIdNumber('11010519491231002X', today);
    expect(r).toEqual({
      ok: true,
      id: { value: '11010519491231002X', region: '110105', birthDate: '1949-12-31', gender: 'F', legacy: false },
    });
  });

  it('normalises a lower-case check character', () => {
    const r = parseIdNumber('11010519491231002x', today);
    expect(r.ok && r.id.value).toBe('11010519491231002X');
  });

  it('rejects a wrong checksum, a bad date, an unknown region and a bad shape', () => {
    expect(parseIdNumber('110105194912310021', today)).toEqual({ ok: false, error: 'checksum' });
    expect(parseIdNumber(makeIdNumber('110105', '1990-01-01', 12).replace('19900101', '19900230'), today)).toEqual({
      ok: false,
      error: 'date',
    });
    expect(parseIdNumber(makeIdNumber('990105', '1990-01-01', 12), today)).toEqual({ ok: false, error: 'region' });
    expect(parseIdNumber('12345', today)).toEqual({ ok: false, error: 'format' });
    expect(parseIdNumber(makeIdNumber('110105', '2027-01-01', 12), today)).toEqual({ ok: false, error: 'date' });
  });

  it('upgrades the 15-digit legacy form', () => {
    const r = parseIdNumber('130503670401001', today);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.id.value).toBe(`13050319670401001${idNumberCheckChar('13050319670401001')}`);
      expect(r.id.legacy).toBe(true);
      expect(r.id.gender).toBe('M');
    }
  });

  it('masks as 110105********002X', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('every generated number validates, and any single-digit change is caught', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        (birth, seq, pos, delta) => {
          const id = makeIdNumber('131081', birth.toISOString().slice(0, 10), seq);
          expect(parseIdNumber(id, today).ok).toBe(true);
          const digit = (Number(id[pos]) + delta) % 10;
          const changed = id.slice(0, pos) + digit + id.slice(pos + 1);
          expect(parseIdNumber(changed, today).ok).toBe(false);
        },
      ),
    );
  });
});
