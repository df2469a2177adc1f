import { areaM2, bboxOf, centroidOf, type PolygonGeometry, type Role, requiresMfa } from '@fengqiao/domain';
import { insertCounty, insertGrid, insertStation, insertUnit } from '../../src/modules/geo';
import { insertUsers } from '../../src/modules/identity';
import { assignPersonGrids, insertPersons } from '../../src/modules/personnel';
import { hashPassword } from '../../src/platform/auth/password';
import type { TestApp } from '../harness';

/** A TOTP secret for the fixture's 2FA accounts (fixed: tests sign in with it). */
export const FIXTURE_TOTP = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
export const FIXTURE_PASSWORD = 'Tenancy-Fixture-2026';

export interface StationFixture {
  stationId: string;
  countyId: string;
  gridId: string;
  /** A point inside the station's only grid. */
  point: { lng: number; lat: number };
  /** username per role; every account signs in with FIXTURE_PASSWORD (and FIXTURE_TOTP where 2FA is required). */
  usernames: Partial<Record<Role, string>>;
}

const square = (lng: number, lat: number, d: number): PolygonGeometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng, lat],
      [lng + d, lat],
      [lng + d, lat + d],
      [lng, lat + d],
      [lng, lat],
    ],
  ],
});

/**
 * A second, small station beside the demo town's: one grid, a few staff with
 * an account per business role. `countyId` puts it in an existing county;
 * without it the station gets a county of its own.
 */
export async function addStation(
  t: TestApp,
  o: { code: string; name: string; countyId?: string; offsetLng: number },
): Promise<StationFixture> {
  const base = await t.db.query<{ center_lng: number; center_lat: number }>(
    'SELECT center_lng, center_lat FROM stations ORDER BY created_at LIMIT 1',
  );
  const c = base.rows[0];
  if (!c) throw new Error('no demo station to place the fixture beside');
  const lng = c.center_lng + o.offsetLng;
  const lat = c.center_lat;
  const hash = await hashPassword(FIXTURE_PASSWORD);
  return t.db.tx(async (tx) => {
    const countyId =
      o.countyId ??
      (await insertCounty(tx, { code: `${o.code}-C`, name: `${o.name}所在县`, nameEn: null, regionCode: null }));
    const stationId = await insertStation(tx, {
      code: o.code,
      name: o.name,
      nameEn: `${o.code} Station`,
      regionCode: '000000',
      address: `${o.name}所在地`,
      center: [lng + 0.01, lat + 0.01],
      boundary: null,
      countyId,
    });
    const staff: { key: Role; kind: string; team: string | null }[] = [
      { key: 'station_leader', kind: 'officer', team: 'leadership' },
      { key: 'command_operator', kind: 'officer', team: 'command_room' },
      { key: 'community_officer', kind: 'officer', team: 'community' },
      { key: 'case_officer', kind: 'officer', team: 'case' },
      { key: 'patrol_officer', kind: 'officer', team: 'patrol' },
      { key: 'auxiliary_officer', kind: 'auxiliary', team: 'community' },
      { key: 'mediator', kind: 'mediator', team: null },
      { key: 'volunteer', kind: 'volunteer', team: null },
    ];
    const personIds = await insertPersons(
      tx,
      staff.map((s, i) => ({
        stationId,
        kind: s.kind,
        name: `${o.name}${i + 1}号`,
        gender: 'M',
        birthDate: '1985-01-01',
        team: s.team,
        title: null,
        badgeNo: s.kind === 'officer' ? `${o.code}${String(i).padStart(3, '0')}` : null,
        idNumber: null,
        phone: null,
        attributes: {},
      })),
    );
    const person = (r: Role) => personIds[staff.findIndex((s) => s.key === r)] ?? null;
    const geometry = square(lng, lat, 0.02);
    const gridId = await insertGrid(tx, stationId, {
      code: `${o.code}-G01`,
      name: `${o.name}第一网格`,
      kind: 'urban',
      officerPersonId: person('community_officer'),
      geometry,
      bbox: bboxOf(geometry),
      centroid: centroidOf(geometry),
      areaM2: areaM2(geometry),
    });
    await assignPersonGrids(
      tx,
      (['community_officer', 'auxiliary_officer', 'mediator', 'volunteer'] as Role[]).flatMap((r) => {
        const personId = person(r);
        return personId ? [{ personId, gridId }] : [];
      }),
    );
    await insertUnit(tx, {
      stationId,
      gridId,
      code: `${o.code}-U01`,
      name: `${o.name}第一单元`,
      leaderPersonId: person('auxiliary_officer'),
    });
    const roles: Role[] = [...staff.map((s) => s.key), 'hall_clerk', 'system_admin', 'security_admin', 'auditor'];
    const usernames: Partial<Record<Role, string>> = {};
    const now = t.clock.now();
    await insertUsers(
      tx,
      roles.map((r) => {
        const username = `${o.code.toLowerCase()}.${r}`;
        usernames[r] = username;
        const mfa = requiresMfa([r]);
        return {
          stationId,
          personId: person(r),
          username,
          displayName: `${o.name}${r}`,
          passwordHash: hash,
          roles: [r],
          mustChangePassword: false,
          totpSecretEnc: mfa ? t.platform.pii.encryptSecret(FIXTURE_TOTP) : null,
          totpEnabledAt: mfa ? now : null,
        };
      }),
    );
    return { stationId, countyId, gridId, point: { lng: lng + 0.01, lat: lat + 0.01 }, usernames };
  });
}

/** A county account for the county given (2FA with FIXTURE_TOTP). */
export async function addCountyUser(t: TestApp, countyId: string, username: string): Promise<void> {
  await insertUsers(t.db, [
    {
      stationId: null,
      countyId,
      personId: null,
      username,
      displayName: username,
      passwordHash: await hashPassword(FIXTURE_PASSWORD),
      roles: ['county_leader'],
      mustChangePassword: false,
      totpSecretEnc: t.platform.pii.encryptSecret(FIXTURE_TOTP),
      totpEnabledAt: t.clock.now(),
    },
  ]);
}

export function signIn(t: TestApp, username: string): Promise<string> {
  return t.login(username, FIXTURE_PASSWORD, FIXTURE_TOTP);
}
