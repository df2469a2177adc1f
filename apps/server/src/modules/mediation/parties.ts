import type { FieldError, PartyInput } from '@fengqiao/contracts';
import { parseCreditCode } from '@fengqiao/domain';
import { type PersonalData, PersonalDataError } from '../../platform/crypto/personal-data';
import type { NewParty } from './disputes.repository';

export const CREDIT_CODE_MESSAGES: Record<string, string> = {
  format: 'a unified social credit code has 18 characters (digits and capital letters except I, O, S, V, Z)',
  checksum: 'the unified social credit code’s check character is wrong (GB 32100)',
  org_code: 'the organisation code inside the credit code fails its check (GB 11714)',
};

const ID_MESSAGES: Record<string, string> = {
  id_number_format: 'an ID number has 18 characters (or the legacy 15 digits)',
  id_number_region: 'the ID number’s region code does not exist',
  id_number_date: 'the ID number’s date of birth is not a real date',
  id_number_checksum: 'the ID number’s check character is wrong (GB 11643)',
};

function sealOrError(
  seal: () => { enc: string; bidx: string; masked: string },
  path: string,
  errors: FieldError[],
): { enc: string; bidx: string; masked: string } | null {
  try {
    return seal();
  } catch (e) {
    if (!(e instanceof PersonalDataError)) throw e;
    const message =
      e.field === 'phone'
        ? 'not a mainland mobile or a landline with area code'
        : (ID_MESSAGES[e.code] ?? 'not a valid ID number');
    errors.push({ path, code: e.code, message });
    return null;
  }
}

/**
 * Validates and seals the parties of a dispute: ID numbers (GB 11643) and
 * phones go in encrypted with a blind index and a masked form; enterprises'
 * unified social credit codes (GB 32100) are checked. Every problem is
 * reported at once, each with its path.
 */
export function sealParties(
  pii: PersonalData,
  input: PartyInput[],
  pathPrefix: string,
): { parties: NewParty[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const parties: NewParty[] = input.map((p, i) => {
    const at = `${pathPrefix}.${i}`;
    const phone = p.phone ? sealOrError(() => pii.sealPhone(p.phone ?? ''), `${at}.phone`, errors) : null;
    if (p.kind === 'person') {
      const id = p.idNumber ? sealOrError(() => pii.sealIdNumber(p.idNumber ?? ''), `${at}.idNumber`, errors) : null;
      return {
        kind: 'person',
        role: p.role,
        name: p.name,
        gender: p.gender ?? null,
        idNumber: id,
        phone,
        creditCode: null,
        legalRepresentative: null,
        address: p.address ?? null,
      };
    }
    const code = parseCreditCode(p.creditCode);
    if (!code.ok)
      errors.push({
        path: `${at}.creditCode`,
        code: `credit_code_${code.error}`,
        message: CREDIT_CODE_MESSAGES[code.error] ?? 'not a valid credit code',
      });
    return {
      kind: 'enterprise',
      role: p.role,
      name: p.name,
      gender: null,
      idNumber: null,
      phone,
      creditCode: code.ok ? code.value : null,
      legalRepresentative: p.legalRepresentative ?? null,
      address: p.address ?? null,
    };
  });
  return { parties, errors };
}

export function partyNames(names: string[]): string {
  return names.join('、').slice(0, 500);
}
