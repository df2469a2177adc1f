import { hasPermission, type Permission, ROLES, type Role } from '@fengqiao/domain';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/platform/logger';
import { DEMO_ACCOUNT, engine, engineUnavailable, loginAs, startTestApp, type TestApp } from './harness';

/**
 * Property-based fuzzing of every route in the OpenAPI document. For each
 * operation it generates requests that match the published schema and
 * requests that do not (a required field missing, a wrong type, a value out
 * of range, junk, an oversized or mis-typed body, a malformed path id), sends
 * them through `app.inject` as a user allowed to call the route, and checks:
 *  - never a 5xx;
 *  - a 2xx body matches the route's declared response schema;
 *  - every 4xx has the common error shape, and a request the schema refuses
 *    gets a 400 naming the field at fault;
 *  - a refused request (4xx) changed no row: row-level triggers count every
 *    insert, update and delete per table, compared before and after each one.
 * Bounded by FUZZ_BUDGET_MS (default 30 s); seeded by FUZZ_SEED (printed).
 */
const onPglite = engine.name === 'pglite';
if (!onPglite)
  console.warn('\n  SKIPPED: API fuzzing runs its budget once, on the PGlite engine (in-process, fastest)\n');

// A fixed seed by default, so CI is reproducible; FUZZ_SEED=random explores anew (the seed is printed).
const SEED =
  process.env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED || 20261128);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 30_000);
const VISION_TOKEN = 'fuzz-vision-token-0123456789abcdef';

/**
 * Tables a refused request legitimately writes: the audit trail records
 * refusals (write-audit hook, auth hook) and its seal; a session's last-seen
 * time moves on every authenticated request, refused or not; a failed
 * sign-in or 2FA code is counted towards the account lock-out (login_attempts,
 * and the lock itself on app_users, for the /api/auth routes only).
 */
const MAY_CHANGE_ON_REFUSAL = new Set([
  'audit_log',
  'audit_seal_head',
  'sessions',
  'citizen_sessions',
  'login_attempts',
]);

/** Routes that end or reshape the fuzzing user's own session (covered by their own tests). */
const SKIP = new Set([
  'POST /api/auth/logout',
  'POST /api/auth/mfa/enrol',
  'POST /api/auth/mfa/enrol/confirm',
  'POST /api/auth/password',
  'POST /api/citizen/auth/logout',
  'GET /api/live',
]);

type Schema = {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  nullable?: boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  default?: unknown;
  [k: string]: unknown;
};
interface Param {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}
interface Operation {
  parameters?: Param[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Op {
  key: string;
  method: string;
  path: string;
  op: Operation;
  body: Schema | null;
}

/**
 * OpenAPI 3.0 → JSON Schema for Ajv: exclusive bounds are booleans there and
 * numbers here, and `nullable` without a `type` becomes "this or null".
 */
function toJsonSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (!s || typeof s !== 'object') return s;
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) o[k] = toJsonSchema(v);
  // Ajv only lets `nullable` admit null past an `enum` that lists it.
  if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
  if (o.nullable === true && o.type === undefined) {
    delete o.nullable;
    return { anyOf: [o, { type: 'null' }] };
  }
  for (const [ex, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (o[ex] === true) {
      o[ex] = o[bound];
      delete o[bound];
    } else if (o[ex] === false) delete o[ex];
  }
  return o;
}

const NASTY = [
  "'; DROP TABLE incidents; --",
  '\u0000',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '%00%ff',
  '😀'.repeat(50),
  '\uD800',
  '   ',
  '1e309',
  'null',
  'x'.repeat(5000),
];

/** Ids seen in responses, so generated requests also reach existing records. */
const idPool: string[] = [];
const UUID_RE = /"([0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})"/g;
const ownIds = new Set<string>();

function uuidArb(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.uuid({ version: 4 }), weight: 1 },
    {
      arbitrary: fc
        .integer({ min: 0, max: 1 << 30 })
        .map((i) => idPool[i % Math.max(1, idPool.length)] ?? '00000000-0000-4000-8000-000000000000'),
      weight: 2,
    },
  );
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const dateArb = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });

function stringArb(s: Schema): fc.Arbitrary<string> {
  if (s.format === 'uuid') return uuidArb();
  if (s.format === 'date') return dateArb.map(day);
  if (s.format === 'date-time') return dateArb.map((d) => d.toISOString());
  if (s.format === 'uri') return fc.webUrl();
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length <= (s.maxLength ?? 10_000));
    } catch {
      // A pattern JavaScript cannot compile: plain strings, judged by the validator below.
    }
  }
  const minLength = s.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 40, minLength + 40));
  return fc.oneof(
    fc.string({ minLength, maxLength }),
    fc.string({ minLength, maxLength, unit: fc.constantFrom(...'东门菜场噪声扰民张三李四 0123abc-') }),
  );
}

function numberBounds(s: Schema): { min: number; max: number } {
  const lo = typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : s.minimum;
  const hi = typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : s.maximum;
  const min = Math.max(lo ?? -1000, -1e6);
  const max = Math.min(hi ?? Math.max(1000, min + 1000), 1e6);
  return { min, max: Math.max(min, max) };
}

/** A small JSON Schema → fast-check translator for the subset the zod schemas produce. */
function arb(s: Schema | undefined): fc.Arbitrary<unknown> {
  if (!s || Object.keys(s).length === 0) return fc.oneof(fc.string(), fc.integer(), fc.boolean());
  const base = (): fc.Arbitrary<unknown> => {
    if (s.enum) return fc.constantFrom(...s.enum);
    if (s.anyOf) return fc.oneof(...s.anyOf.map(arb));
    if (s.oneOf) return fc.oneof(...s.oneOf.map(arb));
    if (s.allOf?.length) return arb(Object.assign({}, ...s.allOf));
    switch (s.type) {
      case 'string':
        return stringArb(s);
      case 'integer': {
        const { min, max } = numberBounds(s);
        const exMin = typeof s.exclusiveMinimum === 'number';
        const exMax = typeof s.exclusiveMaximum === 'number';
        return fc.integer({
          min: Math.ceil(min) + (exMin && Number.isInteger(min) ? 1 : 0),
          max: Math.max(Math.ceil(min), Math.floor(max) - (exMax && Number.isInteger(max) ? 1 : 0)),
        });
      }
      case 'number': {
        const { min, max } = numberBounds(s);
        return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
      }
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const minLength = s.minItems ?? 0;
        return fc.array(arb(s.items), { minLength, maxLength: Math.max(minLength, Math.min(s.maxItems ?? 3, 3)) });
      }
      case 'object': {
        const props = s.properties ?? {};
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of Object.entries(props)) model[k] = arb(v);
        return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
      }
      default:
        return fc.oneof(fc.string(), fc.integer());
    }
  };
  const b = base();
  return s.nullable ? fc.option(b, { nil: null, freq: 6 }) : b;
}

/** A value of a type the schema does not accept. */
function wrongTypeFor(s: Schema): unknown {
  switch (s.type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'yes';
    case 'array':
      return { not: 'an array' };
    case 'object':
      return 'not an object';
    default:
      return { unexpected: true };
  }
}

type Mutation = { kind: string; field: string };

/** Breaks one field of a valid object in one of several ways; returns what it did. */
function mutate(value: unknown, s: Schema, how: number, pick: number, path = 'body'): Mutation | null {
  if (s.type !== 'object' || !s.properties || !value || typeof value !== 'object' || Array.isArray(value)) return null;
  const obj = value as Record<string, unknown>;
  const present = Object.keys(obj).filter((k) => s.properties?.[k]);
  const required = (s.required ?? []).filter((k) => k in obj);
  if (how === 0 && required.length > 0) {
    const k = required[pick % required.length] as string;
    delete obj[k];
    return { kind: 'missing', field: `${path}.${k}` };
  }
  if (present.length === 0) return null;
  const k = present[pick % present.length] as string;
  const fs = s.properties[k] as Schema;
  // Descend into a nested object now and then, so deep fields are broken too.
  if (how === 3) {
    const deep = mutate(obj[k], fs, pick % 3, pick >> 2, `${path}.${k}`);
    if (deep) return deep;
  }
  if (how === 2) {
    if (fs.enum) {
      obj[k] = 'not_a_member_of_the_enum';
      return { kind: 'enum', field: `${path}.${k}` };
    }
    if (fs.type === 'string' && fs.maxLength !== undefined && fs.maxLength < 100_000) {
      obj[k] = 'x'.repeat(fs.maxLength + 1);
      return { kind: 'too_long', field: `${path}.${k}` };
    }
    if ((fs.type === 'integer' || fs.type === 'number') && fs.maximum !== undefined) {
      obj[k] = fs.maximum + 1;
      return { kind: 'too_big', field: `${path}.${k}` };
    }
    if ((fs.type === 'integer' || fs.type === 'number') && fs.minimum !== undefined) {
      obj[k] = fs.minimum - 1;
      return { kind: 'too_small', field: `${path}.${k}` };
    }
    if (fs.type === 'array' && fs.maxItems !== undefined && fs.maxItems < 2000) {
      obj[k] = Array.from({ length: fs.maxItems + 1 }, () => (Array.isArray(obj[k]) ? (obj[k] as unknown[])[0] : 1));
      return { kind: 'too_many', field: `${path}.${k}` };
    }
  }
  if (fs.anyOf || fs.oneOf) {
    obj[k] = { unexpected: [true] };
    return { kind: 'wrong_type', field: `${path}.${k}` };
  }
  obj[k] = wrongTypeFor(fs);
  return { kind: 'wrong_type', field: `${path}.${k}` };
}

/** Replaces every string of a value with hostile text (may or may not still be valid). */
function junkStrings(v: unknown, i: number): unknown {
  if (typeof v === 'string') return NASTY[i % NASTY.length];
  if (Array.isArray(v)) return v.map((x, j) => junkStrings(x, i + j));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x], j) => [k, junkStrings(x, i + j)]));
  return v;
}

interface Req {
  variant: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** The field a schema-invalid request must be refused for (null: not known to be invalid). */
  invalidAt: string | null;
  expectStatus?: number[];
}

describe.skipIf(engineUnavailable || !onPglite)('API fuzzing from the OpenAPI document (PGlite)', () => {
  let t: TestApp;
  let ops: Op[] = [];
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
  (addFormatsModule as unknown as (a: Ajv) => void)(ajv);
  const validators = new Map<string, ValidateFunction>();
  const validator = (key: string, schema: Schema) => {
    let v = validators.get(key);
    if (!v) {
      v = ajv.compile(toJsonSchema(schema) as object);
      validators.set(key, v);
    }
    return v;
  };
  const cookies = new Map<Role, string>();
  let citizen = '';
  const policyOf = new Map<string, string>();

  beforeAll(async () => {
    process.env.FENGQIAO_VISION_TOKEN = VISION_TOKEN;
    // FUZZ_LOG=1 shows the server's own account of a 500 (stack trace).
    t = await startTestApp(process.env.FUZZ_LOG ? { log: createLogger('error') } : {});
    for (const r of t.routes) policyOf.set(`${r.method} ${r.url}`, r.policy);
    for (const role of ROLES) cookies.set(role, await loginAs(t, role));
    const opened = await t.modules.citizens.api.openSession('19900000042', '模糊测试');
    citizen = `fq_citizen=${opened.token}`;
    // The fuzzing users' own accounts stay out of the id pool: disabling them would end the run.
    const own = await t.db.query<{ id: string; person_id: string | null }>(
      'SELECT id, person_id FROM app_users WHERE username = ANY($1::text[])',
      [Object.values(DEMO_ACCOUNT)],
    );
    for (const u of own.rows) for (const id of [u.id, u.person_id]) if (id) ownIds.add(id);
    ownIds.add(opened.citizenId);

    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    for (const [path, byMethod] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(byMethod)) {
        const method = m.toUpperCase();
        const key = `${method} ${path.replace(/\{([^}]+)\}/g, ':$1')}`;
        if (SKIP.has(key)) continue;
        const body = op.requestBody?.content['application/json']?.schema ?? null;
        ops.push({ key, method, path, op, body });
      }
    }
    ops = ops.sort((a, b) => a.key.localeCompare(b.key));

    // Change counters for the data-change oracle: one row-level trigger per table.
    await t.db.exec(`
      CREATE TABLE fuzz_changes (tbl text PRIMARY KEY, n bigint NOT NULL);
      CREATE FUNCTION fuzz_note() RETURNS trigger LANGUAGE plpgsql AS $f$
      BEGIN
        INSERT INTO fuzz_changes VALUES (TG_TABLE_NAME, 1) ON CONFLICT (tbl) DO UPDATE SET n = fuzz_changes.n + 1;
        RETURN NULL;
      END $f$;
      DO $d$ DECLARE r record; BEGIN
        FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                   AND c.relname <> 'fuzz_changes' LOOP
          EXECUTE format('CREATE TRIGGER fuzz_note AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION fuzz_note()', r.relname);
        END LOOP;
      END $d$;`);
  }, 120_000);
  afterAll(async () => t?.close());

  const changes = async () =>
    new Map(
      (await t.db.query<{ tbl: string; n: number }>('SELECT tbl, n FROM fuzz_changes')).rows.map((r) => [
        r.tbl,
        Number(r.n),
      ]),
    );

  const authFor = (o: Op): Record<string, string> => {
    if (o.path.startsWith('/api/vision/') && o.method === 'POST' && !o.path.startsWith('/api/vision/tokens'))
      return { authorization: `Bearer ${VISION_TOKEN}` };
    const policy = policyOf.get(o.key) ?? 'public';
    if (policy === 'citizen') return { cookie: citizen };
    if (policy === 'public') return {};
    if (policy === 'login' || policy === 'authenticated') return { cookie: cookies.get('station_leader') ?? '' };
    const role = ROLES.find((r) => hasPermission([r], policy as Permission));
    return { cookie: role ? (cookies.get(role) ?? '') : '' };
  };

  /** Generates one request for an operation: valid, or broken in one stated way. */
  const requestArb = (o: Op): fc.Arbitrary<Req> => {
    const params = o.op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    const queryParams = params.filter((p) => p.in === 'query');
    const pathArb = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, arb(p.schema)])));
    const queryArb = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, arb(p.schema)])), {
      requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name),
    });
    const bodyArb = o.body ? arb(o.body) : fc.constant(undefined);
    const variants = [
      'valid',
      'valid',
      'missing',
      'wrong_type',
      'out_of_range',
      'nested',
      'junk_strings',
      'junk_body',
      'bad_path_id',
      'bad_query',
      'malformed_json',
      'wrong_content_type',
      'oversized',
    ];
    return fc
      .record({
        variant: fc.constantFrom(...variants),
        pathValues: pathArb,
        query: queryArb,
        body: bodyArb,
        pick: fc.nat(1000),
        junk: fc.constantFrom<unknown>(null, [], 'text', 42, true, { a: { b: { c: [1, 2, 3] } } }, [{}], ''),
      })
      .map(({ variant, pathValues, query, body, pick, junk }) => {
        const headers = authFor(o);
        let invalidAt: string | null = null;
        let expectStatus: number[] | undefined;
        let v = variant;
        const pv: Record<string, unknown> = { ...pathValues };
        if (v === 'bad_path_id') {
          const uuidParam = pathParams.find((p) => p.schema.format === 'uuid');
          if (uuidParam) {
            pv[uuidParam.name] = ['not-a-uuid', '1', "1' OR '1'='1", '😀', 'x'.repeat(300)][pick % 5];
            invalidAt = `params.${uuidParam.name}`;
          } else v = 'valid';
        }
        let url = o.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(pv[name] ?? 'x')));
        const qs = new URLSearchParams();
        const q: Record<string, unknown> = { ...query };
        if (v === 'bad_query') {
          const names = queryParams.map((p) => p.name);
          const name = names.length ? (names[pick % names.length] as string) : 'unexpected';
          q[name] = NASTY[pick % NASTY.length];
        }
        for (const [k, val] of Object.entries(q)) {
          if (val === undefined || val === null) continue;
          if (Array.isArray(val)) for (const x of val) qs.append(k, String(x));
          else qs.append(k, typeof val === 'object' ? JSON.stringify(val) : String(val));
        }
        if (qs.size > 0) url += `?${qs}`;
        if (o.method === 'GET' || o.method === 'DELETE') {
          if (!o.body) return { variant: v, url, headers, invalidAt };
        }
        let payload: string | undefined;
        let b: unknown = body === undefined ? undefined : structuredClone(body);
        const ct = { 'content-type': 'application/json' };
        switch (v) {
          case 'missing':
          case 'wrong_type':
          case 'out_of_range':
          case 'nested': {
            const how = { missing: 0, wrong_type: 1, out_of_range: 2, nested: 3 }[v];
            const m = o.body ? mutate(b, o.body, how, pick) : null;
            if (m) {
              v = `${v}:${m.kind}`;
              invalidAt = m.field;
            }
            break;
          }
          case 'junk_strings':
            b = junkStrings(b, pick);
            break;
          case 'junk_body':
            b = junk;
            break;
          case 'malformed_json':
            return {
              variant: v,
              url,
              headers: { ...headers, ...ct },
              payload: '{"broken": ',
              invalidAt: 'body',
              expectStatus: [400],
            };
          case 'wrong_content_type':
            return {
              variant: v,
              url,
              headers: { ...headers, 'content-type': 'text/plain' },
              payload: 'plain text',
              invalidAt: null,
              expectStatus: o.body ? [400, 415] : undefined,
            };
          case 'oversized':
            return {
              variant: v,
              url,
              headers: { ...headers, ...ct },
              payload: JSON.stringify({
                blob: 'x'.repeat(
                  o.path.includes('/vision/') || o.path.includes('upload') ? 50 * 1024 * 1024 : 1024 * 1024 + 10,
                ),
              }),
              invalidAt: null,
              expectStatus: [400, 413, 415],
            };
        }
        if (b !== undefined) payload = JSON.stringify(b);
        // The schema is the judge: whatever the mutation meant, a body it refuses must be refused.
        if (o.body && b !== undefined && !invalidAt && !validator(`${o.key} body`, o.body)(b)) invalidAt = 'body';
        if (o.body && b !== undefined && invalidAt?.startsWith('body') && validator(`${o.key} body`, o.body)(b))
          invalidAt = null;
        if (o.body && b === undefined && o.op.requestBody?.required) {
          payload = undefined;
        }
        return {
          variant: v,
          url,
          headers: payload === undefined ? headers : { ...headers, ...ct },
          ...(payload === undefined ? {} : { payload }),
          invalidAt,
          ...(expectStatus ? { expectStatus } : {}),
        };
      });
  };

  const errorShape = (status: number, body: unknown): string | null => {
    if (!body || typeof body !== 'object') return `${status} body is not an object`;
    const e = body as Record<string, unknown>;
    if (typeof e.error !== 'string' || typeof e.message !== 'string' || typeof e.requestId !== 'string')
      return `${status} body lacks { error, message, requestId }: ${JSON.stringify(body).slice(0, 300)}`;
    if (e.fields !== undefined) {
      if (!Array.isArray(e.fields)) return `${status} fields is not an array`;
      for (const f of e.fields as Record<string, unknown>[])
        if (typeof f.path !== 'string' || typeof f.code !== 'string' || typeof f.message !== 'string')
          return `${status} field error lacks { path, code, message }: ${JSON.stringify(f)}`;
    }
    return null;
  };

  const stats = { requests: 0, byStatus: new Map<number, number>(), refused: 0, routes: new Set<string>() };

  /** Sends one request and checks every oracle; throws with the reason on a violation. */
  const check = async (o: Op, r: Req) => {
    const before = await changes();
    const res = await t.app.inject({
      method: o.method as 'GET',
      url: r.url,
      headers: r.headers,
      ...(r.payload === undefined ? {} : { payload: r.payload }),
    });
    stats.requests += 1;
    stats.routes.add(o.key);
    stats.byStatus.set(res.statusCode, (stats.byStatus.get(res.statusCode) ?? 0) + 1);
    const where = `${o.key} [${r.variant}] ${r.url.slice(0, 200)} → ${res.statusCode}`;
    if (res.statusCode >= 500) throw new Error(`${where}: server error ${res.body.slice(0, 500)}`);
    const json = res.headers['content-type']?.toString().includes('json') ? safeJson(res.body) : undefined;
    if (res.statusCode >= 200 && res.statusCode < 300) {
      for (const m of res.body.matchAll(UUID_RE))
        if (!ownIds.has(m[1] as string) && idPool.length < 5000) idPool.push(m[1] as string);
      const schema = o.op.responses?.[String(res.statusCode)]?.content?.['application/json']?.schema;
      if (schema && json !== undefined) {
        const v = validator(`${o.key} ${res.statusCode}`, schema);
        if (!v(json)) {
          const at = v.errors?.[0]?.instancePath ?? '';
          const value = at
            .split('/')
            .slice(1)
            .reduce<unknown>((x, k) => (x as Record<string, unknown>)?.[k], json);
          throw new Error(
            `${where}: response violates its schema: ${ajv.errorsText(v.errors)} (value ${JSON.stringify(value)?.slice(0, 200)})`,
          );
        }
      }
      if (r.invalidAt)
        throw new Error(
          `${where}: accepted a request the schema refuses (${r.invalidAt}); payload ${String(r.payload).slice(0, 300)}`,
        );
    }
    if (res.statusCode >= 400) {
      stats.refused += 1;
      // Errors from outside the API (open311 keeps its own format) are not in the project's shape.
      if (o.path.startsWith('/api')) {
        const bad = errorShape(res.statusCode, json);
        if (bad) throw new Error(`${where}: ${bad}`);
      }
      const after = await changes();
      const mayChange = (tbl: string) =>
        MAY_CHANGE_ON_REFUSAL.has(tbl) || (tbl === 'app_users' && o.path.startsWith('/api/auth/'));
      const changed = [...after].filter(([tbl, n]) => !mayChange(tbl) && n !== (before.get(tbl) ?? 0));
      if (changed.length > 0)
        throw new Error(
          `${where}: a refused request changed ${changed.map(([tbl]) => tbl).join(', ')}; payload ${String(r.payload).slice(0, 300)}`,
        );
    }
    if (
      r.expectStatus &&
      !r.expectStatus.includes(res.statusCode) &&
      res.statusCode !== 404 &&
      res.statusCode !== 401 &&
      res.statusCode !== 403 &&
      // Rate-limited routes (sign-in codes, join codes) may refuse before reading the body.
      res.statusCode !== 429
    )
      throw new Error(`${where}: expected ${r.expectStatus.join('/')}`);
    if (r.invalidAt && res.statusCode === 400 && r.invalidAt !== 'body' && o.path.startsWith('/api')) {
      const fields = ((json as { fields?: { path: string }[] }).fields ?? []).map((f) => f.path);
      // The field itself, or something inside it (a union reports its members).
      const at = r.invalidAt;
      if (!fields.some((p) => p === at || p.startsWith(`${at}.`)))
        throw new Error(
          `${where}: 400 does not name the field at fault (${r.invalidAt}); fields ${JSON.stringify(fields)}`,
        );
    }
  };

  it(
    `keeps every route free of 5xx, schema violations and changes from refused requests (seed ${SEED})`,
    async () => {
      console.info(
        `  API fuzz: seed ${SEED} (rerun with FUZZ_SEED=${SEED}), budget ${BUDGET_MS} ms, ${ops.length} operations`,
      );
      const failures = new Map<string, string>();
      const deadline = Date.now() + BUDGET_MS;
      let round = 0;
      // GETs first fill the id pool, so later writes reach existing records.
      const order = [...ops.filter((o) => o.method === 'GET'), ...ops.filter((o) => o.method !== 'GET')];
      while (Date.now() < deadline || round === 0) {
        for (const [i, o] of order.entries()) {
          if (failures.has(o.key)) continue;
          if (round > 0 && Date.now() > deadline) break;
          const seed = SEED + round * 100_003 + i;
          const out = await fc.check(
            fc.asyncProperty(requestArb(o), async (r) => {
              await check(o, r);
            }),
            { seed, numRuns: round === 0 ? 2 : 3, endOnFailure: true },
          );
          if (out.failed) {
            const err = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
            failures.set(o.key, `${err}\n    reproduce: FUZZ_SEED=${SEED} (route seed ${seed})`);
          }
        }
        round += 1;
      }
      const statuses = [...stats.byStatus]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}×${n}`)
        .join(' ');
      console.info(
        `  API fuzz: ${stats.requests} requests in ${round} rounds over ${stats.routes.size} operations; ${statuses}`,
      );
      expect(stats.routes.size).toBe(ops.length);
      expect([...failures.values()]).toEqual([]);
    },
    BUDGET_MS + 120_000,
  );
});

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
