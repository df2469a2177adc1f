import { randomBytes } from 'node:crypto';
import type { Role } from '@fengqiao/domain';
import { insertCounty, insertStation } from '../modules/geo';
import { insertUsers } from '../modules/identity';
import { SYSTEM_ACTOR } from '../platform/audit/audit.types';
import { hashPassword } from '../platform/auth/password';
import type { Platform } from '../platform/platform';

export interface StationOnboarding {
  county: { code: string; name?: string | undefined; nameEn?: string | undefined };
  station: {
    code: string;
    name: string;
    nameEn?: string | undefined;
    regionCode?: string | undefined;
    address?: string | undefined;
    center: [number, number];
  };
  /** Also create a county account (county_leader) with this username. */
  countyUser?: string | undefined;
}

export interface OnboardedAccount {
  username: string;
  role: Role;
  /** One-time: the account must change it (and enrol 2FA) at first sign-in. */
  password: string;
}

export class OnboardingError extends Error {}

/** A readable one-time password that passes the password policy (letters, digits, a dash). */
function oneTimePassword(): string {
  return `Fq-${randomBytes(9).toString('base64url')}-${randomBytes(2).toString('hex')}`;
}

/**
 * Adds a station to a deployment (multi-station tenancy): its county (found
 * by code or created), the station, and the station's two account
 * administrators of the three-member separation; they create and empower the
 * station's staff, and the grids come in through the grid import. Everything
 * in one transaction, audited.
 */
export async function onboardStation(
  platform: Platform,
  input: StationOnboarding,
): Promise<{
  countyId: string;
  stationId: string;
  countyCreated: boolean;
  accounts: OnboardedAccount[];
}> {
  const code = input.station.code.trim();
  if (!/^[A-Za-z0-9-]{2,32}$/.test(code))
    throw new OnboardingError('the station code must be 2–32 letters, digits or dashes');
  const prefix = code.toLowerCase();
  const wanted: { username: string; role: Role; county: boolean }[] = [
    { username: `${prefix}.sysadmin`, role: 'system_admin', county: false },
    { username: `${prefix}.secadmin`, role: 'security_admin', county: false },
    ...(input.countyUser ? [{ username: input.countyUser, role: 'county_leader' as Role, county: true }] : []),
  ];
  const accounts = wanted.map((w) => ({ ...w, password: oneTimePassword() }));
  const hashes = await Promise.all(accounts.map((a) => hashPassword(a.password)));
  const done = await platform.db.tx(async (tx) => {
    const taken = await tx.query<{ what: string }>(
      `SELECT 'station ' || code AS what FROM stations WHERE code = $1
       UNION ALL SELECT 'username ' || username FROM app_users WHERE username = ANY($2)`,
      [code, accounts.map((a) => a.username)],
    );
    if (taken.rows.length > 0) throw new OnboardingError(`already taken: ${taken.rows.map((r) => r.what).join(', ')}`);
    const found = await tx.query<{ id: string }>('SELECT id FROM counties WHERE code = $1', [input.county.code]);
    let countyId = found.rows[0]?.id;
    const countyCreated = !countyId;
    if (!countyId) {
      if (!input.county.name) throw new OnboardingError(`no county ${input.county.code}: give its name to create it`);
      countyId = await insertCounty(tx, {
        code: input.county.code,
        name: input.county.name,
        nameEn: input.county.nameEn ?? null,
        regionCode: input.station.regionCode ?? null,
      });
    }
    const stationId = await insertStation(tx, {
      code,
      name: input.station.name,
      nameEn: input.station.nameEn ?? input.station.name,
      regionCode: input.station.regionCode ?? '',
      address: input.station.address ?? '',
      center: input.station.center,
      boundary: null,
      countyId,
    });
    await insertUsers(
      tx,
      accounts.map((a, i) => ({
        stationId: a.county ? null : stationId,
        countyId: a.county ? countyId : null,
        personId: null,
        username: a.username,
        displayName: a.username,
        passwordHash: hashes[i] ?? '',
        roles: [a.role],
        mustChangePassword: true,
      })),
    );
    await platform.audit.record(
      SYSTEM_ACTOR,
      {
        action: 'station.onboard',
        resourceType: 'station',
        resourceId: stationId,
        details: { code, countyId, countyCreated, accounts: accounts.map((a) => a.username) },
      },
      tx,
    );
    return {
      countyId,
      stationId,
      countyCreated,
      accounts: accounts.map(({ username, role, password }) => ({ username, role, password })),
    };
  });
  // The county's sessions list its stations: no server may answer from a cached read that lacks this one.
  await platform.sessions.announceChanged(platform.bus, null);
  return done;
}
