import { maskIdNumber, maskPhone, parseIdNumber, parsePhone } from '@fengqiao/domain';
import type { FieldCrypto } from './field-crypto';

/** The stored columns of one personal identifier. */
export interface SealedField {
  enc: string;
  bidx: string;
  masked: string;
}

export class PersonalDataError extends Error {
  constructor(
    readonly field: 'idNumber' | 'phone',
    readonly code: string,
  ) {
    super(`${field}: ${code}`);
  }
}

/**
 * Validates, normalises and seals ID numbers and phones. Every module that
 * stores a resident's identifiers goes through here, so the raw values never
 * reach a table.
 */
export class PersonalData {
  constructor(private readonly crypto: FieldCrypto) {}

  sealIdNumber(input: string): SealedField {
    const r = parseIdNumber(input);
    if (!r.ok) throw new PersonalDataError('idNumber', `id_number_${r.error}`);
    return this.seal('id', r.id.value, maskIdNumber(r.id.value));
  }

  sealPhone(input: string): SealedField {
    const r = parsePhone(input);
    if (!r.ok) throw new PersonalDataError('phone', 'phone_format');
    return this.seal('phone', r.value, maskPhone(r.value));
  }

  /** Blind index of a search term, or null when the term is not a valid identifier. */
  idNumberIndex(input: string): string | null {
    const r = parseIdNumber(input);
    return r.ok ? this.crypto.blindIndex('id', r.id.value) : null;
  }

  phoneIndex(input: string): string | null {
    const r = parsePhone(input);
    return r.ok ? this.crypto.blindIndex('phone', r.value) : null;
  }

  /** Encrypts a secret that is not an identifier (TOTP seeds). */
  encryptSecret(value: string): string {
    return this.crypto.encrypt(value);
  }

  open(enc: string | null): string | null {
    return enc === null ? null : this.crypto.decrypt(enc);
  }

  private seal(domain: string, value: string, masked: string): SealedField {
    return { enc: this.crypto.encrypt(value), bidx: this.crypto.blindIndex(domain, value), masked };
  }
}
