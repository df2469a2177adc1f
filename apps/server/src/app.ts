import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import { bboxOf } from '@fengqiao/domain';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { createAppRetention } from './app.retention';
import { createAuditLogModule } from './modules/audit';
import { createCamerasModule } from './modules/cameras';
import { createCitizensModule } from './modules/citizens';
import { createGeoModule, listEnterprises, listStations } from './modules/geo';
import { createHallModule } from './modules/hall';
import { createIdentityModule } from './modules/identity';
import { createIncidentsModule, linkIncidentsToDisputes } from './modules/incidents';
import { createLeadershipModule } from './modules/leadership';
import { createMediationModule } from './modules/mediation';
import { createPersonnelModule } from './modules/personnel';
import { createTrafficModule } from './modules/traffic';
import { createVolunteersModule } from './modules/volunteers';
import { type DeclaredRoute, registerAuthHook } from './platform/http/auth-hook';
import { frameworkErrors, registerErrorHandler } from './platform/http/error-handler';
import { registerInputHygiene } from './platform/http/input-hygiene';
import { registerStaticWeb } from './platform/http/static-web';
import { registerSystemRoutes } from './platform/http/system.routes';
import { registerWriteAuditHook } from './platform/http/write-audit-hook';
import { registerMetrics } from './platform/metrics/metrics';
import type { Platform } from './platform/platform';
import { registerLiveRoutes } from './platform/realtime/live.routes';
import { registerRetentionMetrics } from './platform/retention';

export interface AppOptions {
  /** Serve the built web UI (off in most tests). */
  serveWeb?: boolean;
  /** Bearer token /metrics requires (FENGQIAO_METRICS_TOKEN); open when unset. */
  metricsToken?: string | null;
}

export type Modules = Awaited<ReturnType<typeof createModules>>;

/** Wires the modules to each other through their index.ts APIs. */
export function createModules(platform: Platform) {
  const personnel = createPersonnelModule(platform);
  const geo = createGeoModule(platform, personnel.api);
  const identity = createIdentityModule(platform, personnel.api);
  const auditLog = createAuditLogModule(platform);
  const incidents = createIncidentsModule(platform, {
    personnel: personnel.api,
    lookup: geo.lookup,
    unitsOfStation: geo.unitsOfStation,
    unitsOfPerson: geo.unitsOfPerson,
    gridCodes: async (stationId) => new Map((await geo.gridsOfStation(stationId)).map((g) => [g.id, g.code])),
    gridKind: async (gridId) => (await geo.grid(gridId))?.kind ?? null,
    unit: geo.unit,
    unitPeople: geo.unitPeople,
    stations: async () => (await listStations(platform.db)).map((s) => ({ id: s.id, code: s.code })),
    gridsOfStation: geo.gridsOfStation,
  });
  const mediation = createMediationModule(platform, {
    personnel: personnel.api,
    lookup: geo.lookup,
    grids: async (stationId) =>
      (await geo.gridsOfStation(stationId)).map((g) => ({
        id: g.id,
        code: g.code,
        name: g.name,
        officerPersonId: g.officer_person_id,
      })),
    incident: (ctx, id) => incidents.incidents.visible(ctx, id),
    linkIncidents: linkIncidentsToDisputes,
    stationName: async (stationId) => (await listStations(platform.db)).find((s) => s.id === stationId)?.name ?? null,
  });
  const citizens = createCitizensModule(platform);
  const hall = createHallModule(platform, {
    citizens: citizens.api,
    personnel: personnel.api,
    stations: async () =>
      (await listStations(platform.db)).map((s) => ({
        id: s.id,
        code: s.code,
        name: s.name,
        nameEn: s.name_en,
        address: s.address,
        center:
          s.center_lng !== null && s.center_lat !== null ? ([s.center_lng, s.center_lat] as [number, number]) : null,
      })),
    enterprises: (stationId) => listEnterprises(platform.db, stationId),
    gridAt: async (lng, lat) => (await geo.lookup.lookup(lng, lat)).grid?.id ?? null,
  });
  const volunteers = createVolunteersModule(platform, {
    personnel: personnel.api,
    lookup: geo.lookup,
    grids: async (stationId) =>
      (await geo.gridsOfStation(stationId)).map((g) => ({
        id: g.id,
        code: g.code,
        name: g.name,
        officerPersonId: g.officer_person_id,
      })),
    places: (ctx, kind) => geo.api.places(ctx, kind),
    unitsOfPerson: geo.unitsOfPerson,
    unit: async (unitId) => {
      const u = await geo.unit(unitId);
      return u ? { id: u.id, code: u.code, name: u.name } : null;
    },
    intake: incidents.intake,
  });
  platform.sessions.setJurisdictionResolver(async (_stationId, personId) => {
    if (!personId) return [];
    const [served, assigned] = await Promise.all([geo.gridsServedBy(personId), personnel.api.gridsOf(personId)]);
    return [...new Set([...served, ...assigned])];
  });
  const cameras = createCamerasModule(platform, {
    lookup: geo.lookup,
    gridCodes: async (stationId) => new Map((await geo.gridsOfStation(stationId)).map((g) => [g.id, g.code])),
    intake: incidents.intake,
  });
  const leadership = createLeadershipModule(platform, {
    staff: (stationId) => personnel.api.staff(stationId),
    grids: async (stationId) =>
      (await geo.gridsOfStation(stationId)).map((g) => ({
        id: g.id,
        code: g.code,
        name: g.name,
        officerPersonId: g.officer_person_id,
        centroid: [g.centroid_lng, g.centroid_lat] as [number, number],
        geometry: g.geometry,
      })),
    stationName: async (stationId) => (await listStations(platform.db)).find((s) => s.id === stationId)?.name ?? null,
    countyStations: async (countyId) =>
      (await listStations(platform.db))
        .filter((s) => s.county_id === countyId)
        .map((s) => ({ id: s.id, code: s.code, name: s.name, nameEn: s.name_en })),
    refs: (ids, q) => personnel.api.refs(ids, q),
  });
  const traffic = createTrafficModule(platform, {
    intake: incidents.intake,
    lookup: geo.lookup,
    citizens: citizens.api,
    stations: async () =>
      (await listStations(platform.db)).map((s) => ({
        id: s.id,
        code: s.code,
        name: s.name,
        center:
          s.center_lng !== null && s.center_lat !== null ? ([s.center_lng, s.center_lat] as [number, number]) : null,
        bbox: s.boundary ? bboxOf(s.boundary) : null,
      })),
  });
  // Camera violations with a read plate are reviewed in the traffic queue; decisions come back to the cameras.
  cameras.connectTraffic({ submit: traffic.submitCameraViolation }, traffic.onCameraViolationReviewed);
  const retention = createAppRetention(platform, cameras);
  return {
    personnel,
    geo,
    identity,
    auditLog,
    incidents,
    mediation,
    citizens,
    hall,
    volunteers,
    cameras,
    leadership,
    traffic,
    retention,
  };
}

/** The HTTP application: one Fastify instance per process; tests use inject(). */
export async function buildApp(
  platform: Platform,
  options: AppOptions = {},
): Promise<{ app: FastifyInstance; modules: Modules; routes: DeclaredRoute[] }> {
  const logger: FastifyBaseLogger = platform.log;
  const app: FastifyInstance = Fastify({
    loggerInstance: logger,
    trustProxy: platform.config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(swagger, {
    openapi: { info: { title: 'Fengqiao API', version: '0.1.0' } },
    transform: jsonSchemaTransform,
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 4, fields: 40 } });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  registerErrorHandler(app);
  registerInputHygiene(app);
  const metrics = registerMetrics(app, platform, { token: options.metricsToken ?? null });
  const modules = createModules(platform);
  registerRetentionMetrics(metrics, platform.db, modules.retention.service);
  const routes = registerAuthHook(app, {
    sessions: platform.sessions,
    audit: platform.audit,
    citizens: modules.citizens.resolver,
  });
  registerWriteAuditHook(app, platform.audit);

  registerSystemRoutes(app, platform);
  registerLiveRoutes(app, platform.bus, platform.sessions);
  app.get('/api/openapi.json', { config: { policy: 'public' } }, async () => app.swagger());
  await app.register(modules.identity.routes);
  await app.register(modules.personnel.routes);
  await app.register(modules.geo.routes);
  await app.register(modules.auditLog.routes);
  await app.register(modules.incidents.routes);
  await app.register(modules.incidents.open311);
  await app.register(modules.incidents.analysisRoutes);
  await app.register(modules.mediation.routes);
  await app.register(modules.mediation.caseworkRoutes);
  await app.register(modules.mediation.poolRoutes);
  await app.register(modules.mediation.ledgerRoutes);
  await app.register(modules.citizens.routes);
  await app.register(modules.hall.routes);
  await app.register(modules.volunteers.routes);
  await app.register(modules.cameras.routes);
  await app.register(modules.leadership.routes);
  await app.register(modules.traffic.routes);
  await app.register(modules.retention.routes);
  if (options.serveWeb) await registerStaticWeb(app, platform.config.webDir);
  return { app, modules, routes };
}
