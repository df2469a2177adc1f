import { type Rng, type Role, requiresMfa } from '@fengqiao/domain';
import { DEMO_PERSON_USERNAMES } from './people.generator';
import type { DemoAccount, DemoPerson } from './town.types';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The administrators of "三员分立": one role each, no person behind them. */
export const ADMIN_ACCOUNTS: readonly { username: string; displayName: string; role: Role }[] = [
  { username: 'sysadmin', displayName: '系统管理员', role: 'system_admin' },
  { username: 'secadmin', displayName: '安全管理员', role: 'security_admin' },
  { username: 'auditor', displayName: '安全审计员', role: 'auditor' },
];

/** Accounts of the county bureau above the station: no station, no person behind them. */
export const COUNTY_ACCOUNTS: readonly { username: string; displayName: string; role: Role }[] = [
  { username: 'county', displayName: '县局指挥中心（演示）', role: 'county_leader' },
];

/** The fixed logins the README documents, in the order it lists them. */
export const DEMO_USERNAMES: readonly string[] = [
  ...DEMO_PERSON_USERNAMES,
  ...COUNTY_ACCOUNTS.map((a) => a.username),
  ...ADMIN_ACCOUNTS.map((a) => a.username),
];

/** 32 base32 characters (160 bits), the usual size of a TOTP secret. */
function totpSecret(rng: Rng, username: string): string {
  const r = rng.fork(`totp:${username}`);
  let s = '';
  for (let i = 0; i < 32; i++) s += BASE32.charAt(r.int(0, 31));
  return s;
}

/**
 * One account per person with a username, plus the admins. The fixed demo
 * logins come first; accounts whose roles require two-factor sign-in get a
 * TOTP secret derived from the seed, so the README can print working codes.
 */
export function generateAccounts(rng: Rng, people: readonly DemoPerson[]): DemoAccount[] {
  const withMfa = (a: DemoAccount): DemoAccount =>
    requiresMfa(a.roles) ? { ...a, totpSecret: totpSecret(rng, a.username) } : a;
  const fromPeople = people.flatMap((p): DemoAccount[] =>
    p.username && p.roles
      ? [withMfa({ username: p.username, displayName: p.name, roles: [...p.roles], personKey: p.key })]
      : [],
  );
  const admins = ADMIN_ACCOUNTS.map((a) =>
    withMfa({ username: a.username, displayName: a.displayName, roles: [a.role] }),
  );
  const county = COUNTY_ACCOUNTS.map((a) =>
    withMfa({ username: a.username, displayName: a.displayName, roles: [a.role], county: true }),
  );
  const all = [...fromPeople, ...county, ...admins];
  const rank = (a: DemoAccount) => {
    const i = DEMO_USERNAMES.indexOf(a.username);
    return i < 0 ? DEMO_USERNAMES.length : i;
  };
  // Stable sort: demo logins in README order, then everyone else in person order.
  return all.sort((a, b) => rank(a) - rank(b));
}
