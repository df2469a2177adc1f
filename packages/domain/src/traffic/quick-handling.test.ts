import { describe, expect, it } from 'vitest';
import { ineligibleReasons, joinCodeOk, minutesToDocument, missingPhotos, normalisePlate } from './quick-handling';
import { csvField, reviewDueAt, uncheckedFacts } from './violations';

describe('quick handling rules', () => {
  it('lists every unsafe answer', () => {
    const ok = {
      noInjuries: true,
      vehiclesMovable: true,
      bothInsured: true,
      validLicences: true,
      noDrinkOrDrugs: true,
    };
    expect(ineligibleReasons(ok)).toEqual([]);
    expect(ineligibleReasons({ ...ok, noInjuries: false, noDrinkOrDrugs: false })).toEqual([
      'noInjuries',
      'noDrinkOrDrugs',
    ]);
  });
  it('needs the four guided photos', () => {
    expect(missingPhotos(['impact', 'other'])).toEqual(['front_side', 'rear_side', 'surroundings']);
    expect(missingPhotos(['front_side', 'rear_side', 'impact', 'surroundings'])).toEqual([]);
  });
  it('normalises plates and refuses what is not one', () => {
    expect(normalisePlate('冀r·a1234')).toBe('冀RA1234');
    expect(normalisePlate('京AD12345')).toBe('京AD12345');
    expect(normalisePlate('冀RI1234')).toBeNull();
    expect(normalisePlate('ABC1234')).toBeNull();
  });
  it('checks join codes and measures time to document', () => {
    expect(joinCodeOk('012345')).toBe(true);
    expect(joinCodeOk('12345')).toBe(false);
    expect(minutesToDocument(new Date(0), new Date(754_000))).toBe(12.6);
    expect(minutesToDocument(new Date(0), null)).toBeNull();
  });
});

describe('violation rules', () => {
  it('is due five days after entry and needs all six facts', () => {
    expect(reviewDueAt(new Date('2026-11-28T00:00:00Z')).toISOString()).toBe('2026-12-03T00:00:00.000Z');
    expect(uncheckedFacts(['plate', 'act'])).toEqual(['vehicleType', 'appearance', 'time', 'place']);
  });
  it('writes safe CSV fields', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('=cmd()')).toBe("'=cmd()");
    expect(csvField(null)).toBe('');
    expect(csvField(-3)).toBe('-3');
  });
});
