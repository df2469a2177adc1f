import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Field-level encryption for personal data: AES-256-GCM with a random 96-bit
 * IV per value, stored as `v1.<iv>.<tag>.<ciphertext>` (base64url). The key id
 * prefix leaves room for rotation. Exact-match lookup uses a keyed blind index
 * (HMAC-SHA256 under a separate key), so equal values can be found without
 * decrypting and the index reveals nothing without the key.
 */
export interface FieldCrypto {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** Deterministic keyed digest; `domain` keeps equal values of different kinds apart. */
  blindIndex(domain: string, value: string): string;
}

export function createFieldCrypto(dataKey: Buffer, indexKey: Buffer): FieldCrypto {
  if (dataKey.length !== 32 || indexKey.length !== 32) throw new Error('encryption keys must be 32 bytes');
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `v1.${iv.toString('base64url')}.${tag.toString('base64url')}.${ct.toString('base64url')}`;
    },
    decrypt(stored) {
      const [version, iv, tag, ct] = stored.split('.');
      if (version !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unrecognised ciphertext');
      const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    },
    blindIndex(domain, value) {
      return createHmac('sha256', indexKey).update(`${domain}\u0000${value}`).digest('base64url').slice(0, 32);
    },
  };
}
