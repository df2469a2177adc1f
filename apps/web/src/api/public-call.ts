import { type Query, urlOf } from './client';
import { ApiRequestError, type FieldProblem, NetworkError } from './errors';

/**
 * Calls for residents' pages (service hall, quick accident handling). They
 * never trigger the staff session handler: a 401 here means "sign in with
 * your phone", which the page itself handles.
 */
function fieldsOf(v: unknown): FieldProblem[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((f: unknown): FieldProblem[] => {
    if (typeof f !== 'object' || f === null) return [];
    const r = f as Record<string, unknown>;
    return typeof r.code === 'string'
      ? [{ path: String(r.path ?? ''), code: r.code, message: String(r.message ?? '') }]
      : [];
  });
}

export async function publicCall<T>(
  path: string,
  options: { method?: string; body?: unknown; form?: FormData; query?: Query } = {},
): Promise<T> {
  const method = options.method ?? (options.body === undefined && !options.form ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | FormData | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(urlOf(path, options.query), { method, headers, body, credentials: 'same-origin' });
  } catch (e) {
    throw new NetworkError(e instanceof Error ? e.message : String(e));
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  if (!res.ok) {
    const r = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
    throw new ApiRequestError(
      res.status,
      typeof r.error === 'string' ? r.error : res.status === 429 ? 'rate_limited' : 'unknown',
      typeof r.message === 'string' ? r.message : res.statusText,
      fieldsOf(r.fields),
      typeof r.requestId === 'string' ? r.requestId : null,
      typeof r.reason === 'string' ? r.reason : null,
    );
  }
  return data as T;
}
