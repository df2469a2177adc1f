import { creditCodeCheckChar, makeIdNumber, orgCodeCheckChar } from '@fengqiao/domain';
import type { TestApp } from '../../../test/harness';

/** Shared helpers of the mediation integration tests. */
export interface Me {
  id: string;
  personId: string | null;
  gridIds: string[];
  scope: string;
}

export type Call = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
) => Promise<{ status: number; body: Record<string, unknown> & { [k: string]: unknown }; raw: string }>;

export function caller(t: TestApp, cookie: string): Call {
  return async (method, url, payload) => {
    const res = await t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    let body: Record<string, unknown> = {};
    try {
      body = res.json();
    } catch {
      body = {};
    }
    return { status: res.statusCode, body, raw: res.body };
  };
}

export async function me(t: TestApp, cookie: string): Promise<Me> {
  return (await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).json<Me>();
}

let idSeq = 100;
/** A fresh valid GB 11643 number for each call. */
export function idNumber(birth = '1984-06-15', male = true): string {
  idSeq += 2;
  return makeIdNumber('131081', birth, idSeq + (male ? 1 : 0));
}

/** A valid unified social credit code (GB 32100) from an 8-character organisation body. */
export function creditCode(body8 = 'MA0C1234'): string {
  const first17 = `91131081${body8}${orgCodeCheckChar(body8)}`;
  return first17 + (creditCodeCheckChar(first17) ?? '');
}

export function disputeBody(gridId: string, extra: Record<string, unknown> = {}) {
  return {
    categoryCode: 'neighbour',
    source: 'walk_in',
    summary: '楼上漏水致楼下房屋受损引发纠纷',
    facts: '申请人称楼上住户卫生间漏水，导致其天花板和墙面受损，双方多次协商未果。',
    claims: '赔偿维修费用',
    place: '东王庄村12号',
    gridId,
    risk: 'yellow',
    amount: 3000,
    parties: [
      { kind: 'person', role: 'applicant', name: '赵志强', gender: 'M', idNumber: idNumber(), phone: '13812345678' },
      { kind: 'person', role: 'respondent', name: '钱秀英', gender: 'F', idNumber: idNumber('1990-02-03', false) },
    ],
    ...extra,
  };
}

export async function count(t: TestApp, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const r = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return r.rows[0]?.n ?? 0;
}
