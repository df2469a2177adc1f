import Flatbush from 'flatbush';
import polygonClipping from 'polygon-clipping';
import { type CrsName, isCrsName, toWgs84 } from './crs';
import type { BBox, FeatureCollection, PolygonGeometry, Position } from './geojson.types';
import { areaM2, bboxOf } from './measure';
import { holeOutside, ringSelfIntersects, ringSignedArea2, withoutRepeats } from './ring-checks';

/**
 * Validation of a police-grid FeatureCollection uploaded by a station leader
 * (drawn in QGIS or on an online map and exported as GeoJSON). Every problem
 * is reported, with a stable code the web UI translates, so a leader can fix a
 * file in one round instead of one error per upload.
 */

export const GRID_GEOJSON_ERROR_CODES = [
  'not_feature_collection',
  'unsupported_crs',
  'empty',
  'too_many_features',
  'not_polygon',
  'missing_code',
  'missing_name',
  'bad_property',
  'duplicate_code',
  'bad_coordinates',
  'out_of_range',
  'outside_china',
  'too_few_points',
  'unclosed_ring',
  'self_intersection',
  'hole_outside',
  'overlap',
] as const;
export type GridGeoJsonErrorCode = (typeof GRID_GEOJSON_ERROR_CODES)[number];

export const GRID_KINDS = ['urban', 'suburban', 'rural', 'industrial'] as const;
export type GridKind = (typeof GRID_KINDS)[number];

export const MAX_GRID_FEATURES = 5000;
export const MAX_GRID_ERRORS = 200;
export const MAX_GRID_CODE_LENGTH = 32;
/** Plausible mainland China plus islands, [minLng, minLat, maxLng, maxLat]; a point outside is almost surely a swapped lng/lat or a wrong datum. */
export const CHINA_BBOX: BBox = [73, 3, 136, 54];

export interface GridGeoJsonError {
  /** Feature index; null for problems with the collection itself. */
  index: number | null;
  code: GridGeoJsonErrorCode;
  /** English; names the feature by its code when known. */
  message: string;
  /** Where in the input, e.g. 'features[3].geometry.coordinates[0]'. */
  path: string;
  /** The other feature's index, for overlaps and duplicate codes. */
  other?: number;
}

export interface ValidGrid {
  index: number;
  code: string;
  name: string;
  officerBadge?: string;
  kind?: GridKind;
  /** WGS-84; rings closed, outer rings counter-clockwise and holes clockwise (RFC 7946). */
  geometry: PolygonGeometry;
}

export interface GridValidationOptions {
  /** Datum of the coordinates; wins over the file's own "coordinateSystem". Default WGS84. */
  crs?: CrsName;
  /** Overlaps up to this many m² are tolerated (digitising slivers). Default 1. */
  overlapToleranceM2?: number;
}

export type GridValidationResult = { ok: true; grids: ValidGrid[] } | { ok: false; errors: GridGeoJsonError[] };

export interface GridProperties {
  code: string;
  name: string;
  kind?: GridKind;
  officerBadge?: string;
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collects errors up to MAX_GRID_ERRORS; past that, more work only produces more of the same. */
class Errors {
  readonly list: GridGeoJsonError[] = [];
  /** Every error found, kept or not; comparing it before and after tells whether a check failed. */
  total = 0;
  get full(): boolean {
    return this.list.length >= MAX_GRID_ERRORS;
  }
  add(e: GridGeoJsonError): void {
    this.total++;
    if (!this.full) this.list.push(e);
  }
}

/** A feature after its own checks: geometry when that part is valid, grid when everything is. */
interface CheckedFeature {
  index: number;
  /** How messages name it, e.g. 'grid "A-01" (feature 3)'. */
  ref: string;
  geometry: PolygonGeometry | null;
  grid: ValidGrid | null;
}

/**
 * Names accepted in a top-level "coordinateSystem" member. CGCS2000 (the
 * national datum, EPSG:4490, used by Tianditu) differs from WGS-84 by
 * centimetres, so it is read as WGS-84.
 */
function crsFromFile(value: unknown): CrsName | null {
  if (typeof value !== 'string') return null;
  const v = value.toUpperCase().replace(/[\s_-]/g, '');
  if (isCrsName(v)) return v;
  if (v === 'EPSG:4326' || v === 'EPSG:4490' || v === 'CGCS2000') return 'WGS84';
  if (v === 'BD09LL') return 'BD09';
  return null;
}

export function validateGridCollection(input: unknown, options: GridValidationOptions = {}): GridValidationResult {
  const errors = new Errors();
  const fail = (code: GridGeoJsonErrorCode, message: string, path = ''): GridValidationResult => ({
    ok: false,
    errors: [{ index: null, code, message, path }],
  });
  if (!isRecord(input) || input.type !== 'FeatureCollection' || !Array.isArray(input.features)) {
    return fail('not_feature_collection', 'The file is not a GeoJSON FeatureCollection.');
  }
  let crs: CrsName = options.crs ?? 'WGS84';
  if (!options.crs && input.coordinateSystem !== undefined) {
    const fromFile = crsFromFile(input.coordinateSystem);
    if (!fromFile) {
      return fail(
        'unsupported_crs',
        `Unsupported coordinateSystem ${JSON.stringify(input.coordinateSystem)}; use WGS84, GCJ02 or BD09.`,
        'coordinateSystem',
      );
    }
    crs = fromFile;
  }
  const features: unknown[] = input.features;
  if (features.length === 0) return fail('empty', 'The collection has no features.', 'features');
  if (features.length > MAX_GRID_FEATURES) {
    return fail(
      'too_many_features',
      `The collection has ${features.length} features; at most ${MAX_GRID_FEATURES} grids are allowed.`,
      'features',
    );
  }

  const checked: CheckedFeature[] = [];
  const codeFirstSeen = new Map<string, number>();
  for (let i = 0; i < features.length && !errors.full; i++) {
    const c = validateFeature(features[i], i, crs, codeFirstSeen, errors);
    if (c) checked.push(c);
  }
  // Overlaps are checked even between features with other problems, so one upload shows everything.
  if (!errors.full) checkOverlaps(checked, options.overlapToleranceM2 ?? 1, errors);

  if (errors.list.length > 0) {
    // Stable sort: the UI lists problems feature by feature, collection-level first.
    const list = [...errors.list].sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
    return { ok: false, errors: list };
  }
  return { ok: true, grids: checked.flatMap((c) => (c.grid ? [c.grid] : [])) };
}

/** Checks one feature on its own; null when it is not even a Feature. */
function validateFeature(
  f: unknown,
  index: number,
  crs: CrsName,
  codeFirstSeen: Map<string, number>,
  errors: Errors,
): CheckedFeature | null {
  const at = `features[${index}]`;
  if (!isRecord(f) || f.type !== 'Feature') {
    errors.add({
      index,
      code: 'not_polygon',
      message: `Feature ${index} is not a GeoJSON Feature.`,
      path: at,
    });
    return null;
  }
  const before = errors.total;
  const props = isRecord(f.properties) ? f.properties : {};

  const rawCode = props.code;
  const code = typeof rawCode === 'string' ? rawCode.trim() : '';
  const codeOk = code.length >= 1 && code.length <= MAX_GRID_CODE_LENGTH;
  const ref = codeOk ? `grid "${code}" (feature ${index})` : `feature ${index}`;
  const label = ref.charAt(0).toUpperCase() + ref.slice(1);
  if (!codeOk) {
    errors.add({
      index,
      code: 'missing_code',
      message: `${label} needs properties.code: a text of 1-${MAX_GRID_CODE_LENGTH} characters.`,
      path: `${at}.properties.code`,
    });
  } else {
    const first = codeFirstSeen.get(code);
    if (first === undefined) codeFirstSeen.set(code, index);
    else {
      errors.add({
        index,
        code: 'duplicate_code',
        message: `${label} has the same code as feature ${first}.`,
        path: `${at}.properties.code`,
        other: first,
      });
    }
  }

  const name = typeof props.name === 'string' ? props.name.trim() : '';
  if (!name) {
    errors.add({
      index,
      code: 'missing_name',
      message: `${label} needs properties.name.`,
      path: `${at}.properties.name`,
    });
  }

  // Exporters write null for empty attribute fields; treat null like absent.
  const badge = props.officerBadge;
  if (badge !== undefined && badge !== null && (typeof badge !== 'string' || !badge.trim())) {
    errors.add({
      index,
      code: 'bad_property',
      message: `${label}: properties.officerBadge must be a non-empty text.`,
      path: `${at}.properties.officerBadge`,
    });
  }
  const kind = props.kind;
  if (kind !== undefined && kind !== null && !(GRID_KINDS as readonly unknown[]).includes(kind)) {
    errors.add({
      index,
      code: 'bad_property',
      message: `${label}: properties.kind must be one of ${GRID_KINDS.join(', ')}.`,
      path: `${at}.properties.kind`,
    });
  }

  const geometry = validateGeometry(f.geometry, `${at}.geometry`, index, label, crs, errors);
  if (!geometry || errors.total > before) return { index, ref, geometry, grid: null };
  const grid: ValidGrid = { index, code, name, geometry };
  if (typeof badge === 'string') grid.officerBadge = badge.trim();
  if (typeof kind === 'string') grid.kind = kind as GridKind;
  return { index, ref, geometry, grid };
}

function validateGeometry(
  g: unknown,
  at: string,
  index: number,
  label: string,
  crs: CrsName,
  errors: Errors,
): PolygonGeometry | null {
  if (!isRecord(g) || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    const type = isRecord(g) && typeof g.type === 'string' ? g.type : g === null ? 'null' : typeof g;
    errors.add({
      index,
      code: 'not_polygon',
      message: `${label} has geometry ${type}; only Polygon and MultiPolygon are accepted.`,
      path: at,
    });
    return null;
  }
  const raw = g.coordinates;
  const badShape = (path: string, what: string): null => {
    errors.add({ index, code: 'bad_coordinates', message: `${label}: ${what}.`, path });
    return null;
  };
  if (!Array.isArray(raw) || raw.length === 0) {
    return badShape(`${at}.coordinates`, 'coordinates must be a non-empty array');
  }

  const polygonsIn: { rings: unknown[]; path: string }[] = [];
  if (g.type === 'Polygon') polygonsIn.push({ rings: raw, path: `${at}.coordinates` });
  else {
    for (let k = 0; k < raw.length; k++) {
      const rings: unknown = raw[k];
      if (!Array.isArray(rings) || rings.length === 0) {
        return badShape(`${at}.coordinates[${k}]`, `polygon ${k} has no rings`);
      }
      polygonsIn.push({ rings, path: `${at}.coordinates[${k}]` });
    }
  }

  let ok = true;
  const polygonsOut: Position[][][] = [];
  for (const { rings, path } of polygonsIn) {
    const out: Position[][] = [];
    let outer: Position[] | null = null;
    for (let r = 0; r < rings.length; r++) {
      const ringPath = `${path}[${r}]`;
      const ring = validateRing(rings[r], ringPath, index, label, crs, errors);
      if (!ring) {
        ok = false;
        continue;
      }
      if (r === 0) outer = ring;
      else if (outer && holeOutside(outer, ring)) {
        errors.add({
          index,
          code: 'hole_outside',
          message: `${label}: hole ${r} is not inside its outer ring.`,
          path: ringPath,
        });
        ok = false;
      }
      // Outer rings counter-clockwise, holes clockwise (RFC 7946 §3.1.6).
      const ccw = ringSignedArea2(ring) > 0;
      out.push(ccw === (r === 0) ? ring : [...ring].reverse());
    }
    polygonsOut.push(out);
  }
  if (!ok) return null;
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: polygonsOut[0] ?? [] };
  return { type: 'MultiPolygon', coordinates: polygonsOut };
}

/** A closed, simple ring in WGS-84, or null after reporting why not. */
function validateRing(
  raw: unknown,
  at: string,
  index: number,
  label: string,
  crs: CrsName,
  errors: Errors,
): Position[] | null {
  const add = (code: GridGeoJsonErrorCode, message: string, path = at): null => {
    errors.add({ index, code, message: `${label}: ${message}`, path });
    return null;
  };
  if (!Array.isArray(raw)) return add('bad_coordinates', 'a ring must be an array of positions.');
  const input: Position[] = [];
  for (let v = 0; v < raw.length; v++) {
    const p: unknown = raw[v];
    // A third number (altitude) is allowed by RFC 7946 and dropped.
    if (
      !Array.isArray(p) ||
      (p.length !== 2 && p.length !== 3) ||
      !p.every((n) => typeof n === 'number' && Number.isFinite(n))
    ) {
      return add('bad_coordinates', `position ${v} is not [lng, lat] with finite numbers.`, `${at}[${v}]`);
    }
    input.push([p[0] as number, p[1] as number]);
  }
  const outOfRange = input.findIndex(([x, y]) => !(x >= -180 && x <= 180 && y >= -90 && y <= 90));
  if (outOfRange >= 0) {
    const [x, y] = input[outOfRange] as Position;
    return add(
      'out_of_range',
      `position ${outOfRange} (${x}, ${y}) is not a valid longitude/latitude; are lng and lat swapped, or is it projected?`,
      `${at}[${outOfRange}]`,
    );
  }
  let ok = true;
  if (input.length < 4) {
    add(
      'too_few_points',
      `a ring needs at least 4 positions (a triangle plus the closing one); it has ${input.length}.`,
    );
    ok = false;
  }
  const first = input[0];
  const last = input[input.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
    add('unclosed_ring', 'the ring is not closed: its last position must repeat the first.');
    ok = false;
  }
  // Equal inputs convert to equal outputs, so closed rings stay closed.
  const wgs = crs === 'WGS84' ? input : input.map((p) => toWgs84(p, crs));
  const [cx0, cy0, cx1, cy1] = CHINA_BBOX;
  const outside = wgs.findIndex(([x, y]) => x < cx0 || x > cx1 || y < cy0 || y > cy1);
  if (outside >= 0) {
    const [x, y] = input[outside] as Position;
    add('outside_china', `position ${outside} (${x}, ${y}) is outside China.`, `${at}[${outside}]`);
    ok = false;
  }
  if (!ok) return null;
  const ring = withoutRepeats(wgs);
  if (ring.length < 4) {
    return add('too_few_points', 'after dropping repeated positions the ring has fewer than 4 positions.');
  }
  if (ringSelfIntersects(ring)) return add('self_intersection', 'the ring crosses or touches itself.');
  return ring;
}

/** Pairs whose boxes overlap (flatbush) get an exact intersection; reported on the later feature. */
function checkOverlaps(features: readonly CheckedFeature[], toleranceM2: number, errors: Errors): void {
  const valid = features.flatMap((f) => (f.geometry ? [{ ...f, geometry: f.geometry }] : []));
  if (valid.length < 2) return;
  const tree = new Flatbush(valid.length);
  for (const g of valid) {
    const [x0, y0, x1, y1] = bboxOf(g.geometry);
    tree.add(x0, y0, x1, y1);
  }
  tree.finish();
  valid.forEach((a, i) => {
    const [x0, y0, x1, y1] = bboxOf(a.geometry);
    const later = tree.search(x0, y0, x1, y1).filter((j) => j > i);
    later.sort((p, q) => p - q);
    for (const j of later) {
      const b = valid[j];
      if (!b || errors.full) continue;
      const overlap = intersectionAreaM2(a.geometry, b.geometry);
      if (overlap > toleranceM2) {
        errors.add({
          index: b.index,
          code: 'overlap',
          message: `The ${b.ref} overlaps the ${a.ref} by ${Math.round(overlap).toLocaleString('en-US')} m².`,
          path: `features[${b.index}].geometry`,
          other: a.index,
        });
      }
    }
  });
}

function intersectionAreaM2(a: PolygonGeometry, b: PolygonGeometry): number {
  try {
    const shared = polygonClipping.intersection(a.coordinates, b.coordinates);
    return shared.length === 0 ? 0 : areaM2({ type: 'MultiPolygon', coordinates: shared });
  } catch {
    // polygon-clipping gives up on some degenerate float configurations; both
    // rings already passed the simplicity checks, so treat it as no overlap
    // rather than rejecting a file the leader cannot fix.
    return 0;
  }
}

/** Grids as a FeatureCollection for export; validateGridCollection accepts it back unchanged. */
export function gridsToFeatureCollection(
  grids: readonly { code: string; name: string; kind?: GridKind; officerBadge?: string; geometry: PolygonGeometry }[],
): FeatureCollection<PolygonGeometry, GridProperties> {
  return {
    type: 'FeatureCollection',
    features: grids.map((g) => {
      const properties: GridProperties = { code: g.code, name: g.name };
      if (g.kind !== undefined) properties.kind = g.kind;
      if (g.officerBadge !== undefined) properties.officerBadge = g.officerBadge;
      return { type: 'Feature', properties, geometry: g.geometry };
    }),
  };
}
