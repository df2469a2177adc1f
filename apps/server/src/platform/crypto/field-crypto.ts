import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomFillSync } from 'node:crypto';

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
  // Key objects made once, not per value; IVs cut from a block of CSPRNG output, each 12 bytes used once. Every report
  // with a caller's phone is sealed on the intake path, where per-call key import and random calls showed.
  const data = createSecretKey(dataKey);
  const index = createSecretKey(indexKey);
  const ivBlock = Buffer.alloc(12 * 256);
  let ivAt = ivBlock.length;
  const nextIv = (): Buffer => {
    if (ivAt === ivBlock.length) {
      randomFillSync(ivBlock);
      ivAt = 0;
    }
    // A copy: the block is refilled later, and a caller's IV must not change under it.
    const iv = Buffer.from(ivBlock.subarray(ivAt, ivAt + 12));
    ivAt += 12;
    return iv;
  };
  return {
    encrypt(plain) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', data, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `v1.${iv.toString('base64url')}.${tag.toString('base64url')}.${ct.toString('base64url')}`;
    },
    decrypt(stored) {
      const [version, iv, tag, ct] = stored.split('.');
      if (version !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unrecognised ciphertext');
      const decipher = createDecipheriv('aes-256-gcm', data, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    },
    blindIndex(domain, value) {
      return createHmac('sha256', index).update(`${domain}\u0000${value}`).digest('base64url').slice(0, 32);
    },
  };
}
