import { describe, expect, it } from 'vitest';
import { createFieldCrypto } from './field-crypto';
import { PersonalData, PersonalDataError } from './personal-data';

const crypto = createFieldCrypto(Buffer.alloc(32, 1), Buffer.alloc(32, 2));

describe('field encryption', () => {
  it('round-trips and uses a fresh IV each time', () => {
    const a = crypto.encrypt('11010519491231002X');
    const b = crypto.encrypt('11010519491231002X');
    expect(a).not.toBe(b);
    expect(a).not.toContain('11010519491231002X');
    expect(crypto.decrypt(a)).toBe('11010519491231002X');
  });
  it('never repeats an IV, also across refills of its random block', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 1_000; i++) {
      const enc = crypto.encrypt('13800138000');
      ivs.add(enc.split('.')[1] ?? '');
      expect(crypto.decrypt(enc)).toBe('13800138000');
    }
    expect(ivs.size).toBe(1_000);
  });
  it('detects tampering (GCM tag)', () => {
    const enc = crypto.encrypt('13800138000');
    const parts = enc.split('.');
    const ct = Buffer.from(parts[3] ?? '', 'base64url');
    ct[0] = (ct[0] ?? 0) ^ 1;
    parts[3] = ct.toString('base64url');
    expect(() => crypto.decrypt(parts.join('.'))).toThrow();
  });
  it('gives a stable blind index per domain, different under another key', () => {
    expect(crypto.blindIndex('phone', '13800138000')).toBe(crypto.blindIndex('phone', '13800138000'));
    expect(crypto.blindIndex('phone', '13800138000')).not.toBe(crypto.blindIndex('id', '13800138000'));
    const other = createFieldCrypto(Buffer.alloc(32, 1), Buffer.alloc(32, 3));
    expect(other.blindIndex('phone', '13800138000')).not.toBe(crypto.blindIndex('phone', '13800138000'));
  });
  it('refuses keys of the wrong size', () => {
    expect(() => createFieldCrypto(Buffer.alloc(16), Buffer.alloc(32))).toThrow();
  });
});

describe('personal data sealing', () => {
  const pii = new PersonalData(crypto);
  it('validates, normalises, masks and indexes', () => {
    const s = pii.sealPhone('+86 138 0013 8000');
    expect(s.masked).toBe('138****8000');
    expect(pii.open(s.enc)).toBe('13800138000');
    expect(pii.phoneIndex('13800138000')).toBe(s.bidx);
    const id = pii.sealIdNumber('11010519491231002x');
    expect(id.masked).toBe('110105********002X');
    expect(pii.idNumberIndex('11010519491231002X')).toBe(id.bidx);
  });
  it('refuses invalid identifiers with a field-specific code', () => {
    expect(() => pii.sealIdNumber('110105194912310021')).toThrow(PersonalDataError);
    try {
      pii.sealPhone('12345');
    } catch (e) {
      expect((e as PersonalDataError).code).toBe('phone_format');
    }
  });
});
