import { z } from 'zod';
import { Crs, PersonRef, Uuid } from './common.contract';

export const GridKind = z.enum(['urban', 'suburban', 'rural', 'industrial']);
export type GridKind = z.infer<typeof GridKind>;

const Ring = z.array(z.tuple([z.number(), z.number()]));
export const PolygonGeometry = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring)) }),
]);

export const UnitMemberView = z.object({
  personId: Uuid,
  name: z.string(),
  role: z.enum(['auxiliary', 'volunteer', 'grid_worker']),
  phone: z.string().nullable(),
});
export const UnitView = z.object({
  id: Uuid,
  code: z.string(),
  name: z.string(),
  gridId: Uuid,
  gridCode: z.string(),
  leader: PersonRef.nullable(),
  members: z.array(UnitMemberView),
});
export type UnitView = z.infer<typeof UnitView>;

export const GridView = z.object({
  id: Uuid,
  code: z.string(),
  name: z.string(),
  kind: GridKind,
  officer: PersonRef.nullable(),
  unitCount: z.number().int(),
  areaKm2: z.number(),
  centroid: z.tuple([z.number(), z.number()]),
  communities: z.array(z.string()),
  geometry: PolygonGeometry,
  version: z.number().int(),
});
export type GridView = z.infer<typeof GridView>;

export const GridDetail = GridView.extend({
  units: z.array(UnitView),
  placeCounts: z.record(z.string(), z.number().int()),
});
export type GridDetail = z.infer<typeof GridDetail>;

export const PlaceKind = z.enum([
  'village',
  'street',
  'school',
  'business_district',
  'enterprise',
  'community_police_office',
  'mediation_centre',
  'service_hall',
]);
export const PlaceView = z.object({
  id: Uuid,
  kind: PlaceKind,
  name: z.string(),
  gridId: Uuid.nullable(),
  point: z.tuple([z.number(), z.number()]),
  polygon: PolygonGeometry.nullable(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type PlaceView = z.infer<typeof PlaceView>;

export const RoadView = z.object({
  id: Uuid,
  name: z.string(),
  kind: z.enum(['expressway', 'national', 'main', 'local']),
  line: z.array(z.tuple([z.number(), z.number()])),
});
export type RoadView = z.infer<typeof RoadView>;

/** Everything the map page draws, in one response. */
export const TownMap = z.object({
  station: z.object({
    id: Uuid,
    name: z.string(),
    nameEn: z.string().nullable(),
    center: z.tuple([z.number(), z.number()]),
  }),
  boundary: PolygonGeometry.nullable(),
  grids: z.array(GridView),
  units: z.array(UnitView),
  roads: z.array(RoadView),
});
export type TownMap = z.infer<typeof TownMap>;

export const LookupQuery = z.object({
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  crs: Crs.default('WGS84'),
});
export const LookupResult = z.object({
  point: z.tuple([z.number(), z.number()]),
  inside: z.boolean(),
  grid: z.object({ id: Uuid, code: z.string(), name: z.string(), kind: GridKind }).nullable(),
  officer: PersonRef.nullable(),
  units: z.array(z.object({ id: Uuid, code: z.string(), name: z.string() })),
});
export type LookupResult = z.infer<typeof LookupResult>;

export const GridImportQuery = z.object({
  crs: Crs.default('WGS84'),
  /** Validate and report without writing. */
  dryRun: z.stringbool().default(false),
});
export const GridImportError = z.object({
  index: z.number().int().nullable(),
  code: z.string(),
  message: z.string(),
  path: z.string(),
  other: z.number().int().optional(),
});
export const GridImportResult = z.object({
  ok: z.boolean(),
  dryRun: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(GridImportError),
});
export type GridImportResult = z.infer<typeof GridImportResult>;

export const AssignOfficerRequest = z.object({
  officerPersonId: Uuid.nullable(),
  reason: z.string().trim().min(2).max(200),
});
