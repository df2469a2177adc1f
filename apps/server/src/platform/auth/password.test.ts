import { describe, expect, it } from 'vitest';
import { hashPassword, PasswordPolicy, verifyPassword } from './password';

describe('password policy', () => {
  const policy = new PasswordPolicy();
  it('requires length and refuses common, username-based and repetitive passwords', () => {
    expect(policy.check('short1!', 'zhang')).toBe('too_short');
    expect(policy.check('Password123!', 'zhang')).toBe('common');
    expect(policy.check('woaini1314520', 'zhang')).toBe('common');
    expect(policy.check('1234567890', 'zhang')).toBe('common');
    expect(policy.check('zhangsan-2026-x', 'zhangsan')).toBe('contains_username');
    expect(policy.check('aaaaabbbbbaaaa', 'zhang')).toBe('repetitive');
    expect(policy.check('Qingxi-Demo-2026', 'leader')).toBeNull();
    expect(policy.check('river stone lantern', 'zhang')).toBeNull();
  });
  it('hashes with argon2id and verifies', async () => {
    const h = await hashPassword('river stone lantern');
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(h, 'river stone lantern')).toBe(true);
    expect(await verifyPassword(h, 'river stone lantern!')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
});
