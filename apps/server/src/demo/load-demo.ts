import { areaM2, bboxOf, centroidOf } from '@fengqiao/domain';
import {
  insertCounty,
  insertGrid,
  insertPlaces,
  insertRoads,
  insertStation,
  insertUnit,
  insertUnitMembers,
} from '../modules/geo';
import { insertUsers } from '../modules/identity';
import { assignPersonGrids, insertPersons, type NewPerson } from '../modules/personnel';
import { SYSTEM_ACTOR } from '../platform/audit/audit.types';
import { hashPassword } from '../platform/auth/password';
import type { Platform } from '../platform/platform';
import { loadCameraHistory } from './cameras.loader';
import { loadHallHistory } from './hall.loader';
import { loadIncidentHistory } from './load-incidents';
import { loadMediationHistory } from './load-mediation';
import { generateTown } from './town.generator';
import { loadVolunteerHistory } from './volunteers.loader';

/** Every demo account signs in with this password (README); 2FA secrets come from the generator. */
export const DEMO_PASSWORD = 'Qingxi-Demo-2026';

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Writes the generated demo town through the modules' repositories in one
 * transaction: a half-loaded town is never left behind.
 */
export async function loadDemoTown(platform: Platform, seed?: number): Promise<{ stationId: string }> {
  const town = generateTown(seed);
  // One hash for every demo account: they share a documented password anyway.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const started = Date.now();
  const stationId = await platform.db.tx(async (tx) => {
    const countyId = await insertCounty(tx, town.county);
    const stationId = await insertStation(tx, { ...town.station, boundary: town.boundary, countyId });

    const personIds = new Map<string, string>();
    for (const batch of chunks(town.people, 1000)) {
      const rows: NewPerson[] = batch.map((p) => ({
        stationId,
        kind: p.kind,
        name: p.name,
        gender: p.gender,
        birthDate: p.birthDate,
        team: p.team ?? null,
        title: p.title ?? null,
        badgeNo: p.badgeNo ?? null,
        idNumber: platform.pii.sealIdNumber(p.idNumber),
        phone: platform.pii.sealPhone(p.phone),
        attributes: {
          ...(p.mediatorKind ? { mediatorKind: p.mediatorKind } : {}),
          ...(p.mediatorSpecialties ? { specialties: p.mediatorSpecialties } : {}),
          ...(p.skills ? { skills: p.skills } : {}),
          ...(p.concurrentPost ? { concurrentPost: p.concurrentPost } : {}),
          ...(p.occupation ? { occupation: p.occupation } : {}),
          ...(p.homeCommunityKey ? { homeCommunityKey: p.homeCommunityKey } : {}),
        },
        demoKey: p.key,
      }));
      const ids = await insertPersons(tx, rows);
      batch.forEach((p, i) => {
        const id = ids[i];
        if (id) personIds.set(p.key, id);
      });
    }

    const gridIds = new Map<string, string>();
    for (const g of town.grids) {
      const id = await insertGrid(tx, stationId, {
        code: g.code,
        name: g.name,
        kind: g.kind,
        officerPersonId: personIds.get(g.officerKey) ?? null,
        geometry: g.geometry,
        bbox: bboxOf(g.geometry),
        centroid: centroidOf(g.geometry),
        areaM2: areaM2(g.geometry),
      });
      gridIds.set(g.code, id);
    }

    await assignPersonGrids(
      tx,
      town.people.flatMap((p) =>
        p.gridCodes.flatMap((code) => {
          const personId = personIds.get(p.key);
          const gridId = gridIds.get(code);
          return personId && gridId ? [{ personId, gridId }] : [];
        }),
      ),
    );

    await insertPlaces(
      tx,
      [...town.communities, ...town.places].map((p) => ({
        stationId,
        kind: p.kind,
        name: p.name,
        gridId: p.gridCode ? (gridIds.get(p.gridCode) ?? null) : null,
        point: p.point,
        polygon: p.polygon ?? null,
        attributes: p.attributes,
        demoKey: p.key,
      })),
    );

    const members: { unitId: string; personId: string; role: string }[] = [];
    const unitIds = new Map<string, string>();
    for (const u of town.units) {
      const gridId = gridIds.get(u.gridCode);
      if (!gridId) throw new Error(`unit ${u.code} names unknown grid ${u.gridCode}`);
      const unitId = await insertUnit(tx, {
        stationId,
        gridId,
        code: u.code,
        name: u.name,
        leaderPersonId: personIds.get(u.leaderKey) ?? null,
      });
      unitIds.set(u.code, unitId);
      for (const m of u.members) {
        const personId = personIds.get(m.personKey);
        if (personId) members.push({ unitId, personId, role: m.role });
      }
    }
    await insertUnitMembers(tx, members);

    await insertRoads(
      tx,
      stationId,
      town.roads.map((r) => ({ name: r.name, kind: r.kind, line: r.line, demoKey: r.key })),
    );

    const now = platform.clock.now();
    for (const batch of chunks(town.accounts, 500)) {
      await insertUsers(
        tx,
        batch.map((a) => ({
          stationId: a.county ? null : stationId,
          countyId: a.county ? countyId : null,
          personId: a.personKey ? (personIds.get(a.personKey) ?? null) : null,
          username: a.username,
          displayName: a.displayName,
          passwordHash,
          roles: a.roles,
          mustChangePassword: false,
          totpSecretEnc: a.totpSecret ? platform.pii.encryptSecret(a.totpSecret) : null,
          totpEnabledAt: a.totpSecret ? now : null,
        })),
      );
    }
    const incidents = await loadIncidentHistory(platform, tx, town, { stationId, personIds, gridIds, unitIds });
    const mediation = await loadMediationHistory(platform, tx, town, { stationId, personIds, gridIds });
    const hall = await loadHallHistory(platform, tx, town, { stationId, personIds, gridIds });
    const volunteers = await loadVolunteerHistory(platform, tx, town, { stationId, personIds, gridIds });
    const cameras = await loadCameraHistory(platform, tx, town, { stationId, gridIds });
    await platform.audit.record(
      SYSTEM_ACTOR,
      {
        action: 'demo.load',
        resourceType: 'station',
        resourceId: stationId,
        details: {
          seed: town.seed,
          grids: town.grids.length,
          units: town.units.length,
          people: town.people.length,
          incidents,
          mediation,
          hall,
          volunteers,
          cameras,
        },
      },
      tx,
    );
    return stationId;
  });
  // Fresh statistics for the planner: a bulk load leaves the tables unanalysed until autovacuum comes
  // round (never, where it is off), and the default estimates pick the wrong index for intake's
  // early-warning probes (~400× slower; docs/perf-notes-command-room.md).
  await platform.db.exec('ANALYZE');
  platform.log.info({ stationId, ms: Date.now() - started }, 'demo town loaded');
  return { stationId };
}

/** FENGQIAO_DEMO: 'auto' loads into an empty embedded database, 'on' into any empty one, 'off' never. */
export async function loadDemoIfWanted(platform: Platform): Promise<boolean> {
  const mode = platform.config.demo;
  if (mode === 'off' || (mode === 'auto' && platform.config.databaseUrl)) return false;
  const r = await platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stations');
  if ((r.rows[0]?.n ?? 0) > 0) return false;
  await loadDemoTown(platform);
  return true;
}
