import { randomUUID } from 'node:crypto';
import { makeIdNumber } from '@fengqiao/domain';
import type { TestApp } from '../../../test/harness';

/** Shared helpers of the traffic integration tests. */
export interface Res {
  status: number;
  body: Record<string, unknown> & { [k: string]: unknown };
  raw: string;
  headers: Record<string, unknown>;
}
export type Call = (
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
  headers?: Record<string, string>,
) => Promise<Res>;

export function caller(t: TestApp, cookie: string): Call & { cookie: string } {
  const fn: Call = async (method, url, payload, headers = {}) => {
    const res = await t.app.inject({
      method,
      url,
      headers: { cookie, ...headers },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    let body: Record<string, unknown> = {};
    try {
      body = res.json();
    } catch {
      body = {};
    }
    return { status: res.statusCode, body, raw: res.body, headers: res.headers as Record<string, unknown> };
  };
  return Object.assign(fn, { cookie });
}

/** A resident signed in by phone (the citizens module's session, as after a code). */
export async function resident(t: TestApp, phone: string, name: string) {
  const { token } = await t.modules.citizens.api.openSession(phone, name);
  return caller(t, `fq_citizen=${token}`);
}

export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export function multipart(bytes: Buffer, filename = 'photo.png', type = 'image/png') {
  const boundary = `----fq${randomUUID().replaceAll('-', '')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function upload(t: TestApp, who: { cookie: string }, url: string, bytes = PNG, name = 'photo.png') {
  const m = multipart(bytes, name);
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie, 'content-type': m.contentType },
    payload: m.payload,
  });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

export const licence = (seq: number) => makeIdNumber('130181', '1988-04-12', seq);

export function caseBody(point: [number, number], at: Date, overrides: Record<string, unknown> = {}) {
  return {
    clientId: randomUUID(),
    eligibility: {
      noInjuries: true,
      vehiclesMovable: true,
      bothInsured: true,
      validLicences: true,
      noDrinkOrDrugs: true,
    },
    occurredAt: new Date(at.getTime() - 10 * 60_000).toISOString(),
    lng: point[0],
    lat: point[1],
    address: '清溪镇迎宾大道与工业路交叉口',
    weather: 'cloudy',
    accidentType: 'rear_end',
    description: '甲车等红灯时被乙车追尾，两车后保险杠、前保险杠轻微受损。',
    partyA: {
      name: '王建国',
      licenceNo: licence(11),
      plate: '冀R·A1234',
      vehicleType: 'small_car',
      insurer: '中国人民财产保险',
      policyNo: 'PDZA2026001',
    },
    partyB: {
      name: '李明',
      licenceNo: licence(23),
      plate: '冀RB5678',
      vehicleType: 'small_car',
      insurer: '中国平安财产保险',
      policyNo: '',
    },
    ...overrides,
  };
}
