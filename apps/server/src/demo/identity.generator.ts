import { makeIdNumber, type Rng } from '@fengqiao/domain';
import { GIVEN_CHARS_FEMALE, GIVEN_CHARS_MALE, ID_REGIONS, MOBILE_PREFIXES, SURNAMES } from './names.data';

/** The demo's "now" is late 2026 (the default seed reads 2026-11-28); ages count from this year. */
export const REFERENCE_YEAR = 2026;

export interface Identity {
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  idNumber: string;
  phone: string;
}

export interface IdentityOptions {
  minAge: number;
  maxAge: number;
  /** Probability of a man; ignored when `gender` is given. */
  maleShare?: number;
  gender?: 'M' | 'F';
}

export function randomName(rng: Rng, gender: 'M' | 'F'): string {
  const chars = gender === 'M' ? GIVEN_CHARS_MALE : GIVEN_CHARS_FEMALE;
  const first = rng.pick(chars);
  // About a third of people in the town have a one-character given name.
  if (rng.chance(0.35)) return rng.weighted(SURNAMES) + first;
  let second = rng.pick(chars);
  while (second === first) second = rng.pick(chars);
  return rng.weighted(SURNAMES) + first + second;
}

/**
 * Hands out people's identities with names, ID numbers and phone numbers
 * unique across the whole town, so any of them can serve as a lookup key.
 */
export function createIdentityFactory(rng: Rng): (options: IdentityOptions) => Identity {
  const names = new Set<string>();
  const ids = new Set<string>();
  const phones = new Set<string>();
  return ({ minAge, maxAge, maleShare = 0.5, gender: fixed }) => {
    const gender = fixed ?? (rng.chance(maleShare) ? 'M' : 'F');
    let name = randomName(rng, gender);
    while (names.has(name)) name = randomName(rng, gender);
    names.add(name);
    const year = REFERENCE_YEAR - rng.int(minAge, maxAge);
    const birthDate = `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    const region = rng.weighted(ID_REGIONS);
    let idNumber = '';
    do {
      // GB 11643: an odd sequence number marks a man, an even one a woman.
      idNumber = makeIdNumber(region, birthDate, rng.int(0, 499) * 2 + (gender === 'M' ? 1 : 0));
    } while (ids.has(idNumber));
    ids.add(idNumber);
    let phone = '';
    do {
      phone = rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
    } while (phones.has(phone));
    phones.add(phone);
    return { name, gender, birthDate, idNumber, phone };
  };
}
