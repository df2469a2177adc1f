import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, otpauthUrl, totpAt, verifyTotp } from './totp';

// RFC 6238 appendix B, SHA-1 secret "12345678901234567890", 8 digits truncated to our 6.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC test vectors (last six digits)', () => {
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
    ];
    for (const [t, code] of vectors) expect(totpAt(RFC_SECRET, Math.floor(t / 30))).toBe(code.slice(2));
  });

  it('round-trips base32', () => {
    const buf = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 17]);
    expect(base32Decode(base32Encode(buf))).toEqual(buf);
  });

  it('accepts one step of drift either way and refuses replays', () => {
    const at = new Date(1_800_000_000_000);
    const step = Math.floor(at.getTime() / 30_000);
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, step - 1), at, null)).toBe(step - 1);
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, step + 1), at, null)).toBe(step + 1);
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, step - 2), at, null)).toBeNull();
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, step), at, step)).toBeNull();
  });

  it('builds an otpauth URL authenticator apps understand', () => {
    expect(otpauthUrl('ABC', 'leader')).toBe(
      'otpauth://totp/Fengqiao%3Aleader?secret=ABC&issuer=Fengqiao&algorithm=SHA1&digits=6&period=30',
    );
  });
});
