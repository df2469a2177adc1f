import fs from 'node:fs';
import { PASSWORD_MIN_LENGTH } from '@fengqiao/contracts';
import { hash, verify } from '@node-rs/argon2';
import { baseWord, COMMON_PASSWORDS } from './common-passwords';

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_username' | 'repetitive';

/**
 * Password rules: at least PASSWORD_MIN_LENGTH characters, not a common or
 * breached password (nor one with digits stuck on), not the username, not a
 * run of one or two characters. Length beats composition rules (NIST 800-63B).
 */
export class PasswordPolicy {
  private readonly denied: Set<string>;

  constructor(extraListFile: string | null = null) {
    this.denied = new Set(COMMON_PASSWORDS);
    if (extraListFile) {
      for (const line of fs.readFileSync(extraListFile, 'utf8').split(/\r?\n/)) {
        const w = line.trim().toLowerCase();
        if (w) this.denied.add(w);
      }
    }
  }

  check(password: string, username: string): PasswordProblem | null {
    if (password.length < PASSWORD_MIN_LENGTH) return 'too_short';
    if (password.length > 256) return 'too_long';
    const lower = password.toLowerCase();
    if (this.denied.has(lower) || this.denied.has(baseWord(password)) || baseWord(password).length < 3) return 'common';
    if (username.length >= 3 && lower.includes(username.toLowerCase())) return 'contains_username';
    if (new Set(lower).size <= 2) return 'repetitive';
    return null;
  }
}

/** argon2id with the library's OWASP defaults (19 MiB, t=2, p=1). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// Verifying against this keeps the timing of "no such user" equal to "wrong password".
let dummyHash: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hash('fengqiao-timing-equaliser');
  await verifyPassword(await dummyHash, password);
}
