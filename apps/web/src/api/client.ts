import { ApiRequestError, type FieldProblem, isServerCode, NetworkError } from './errors';

/**
 * The one HTTP client: JSON in and out, the session cookie sent along,
 * every failure turned into an ApiRequestError (with the server's field
 * problems) or a NetworkError.
 */

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** Multipart form data (photos); sent as is, the browser sets the boundary. */
  form?: FormData;
  /** Extra request headers, e.g. `Idempotency-Key`. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

type SessionProblem = 'unauthorized' | 'mfa_required';
type SessionProblemHandler = (problem: SessionProblem, path: string) => void;

let sessionProblemHandler: SessionProblemHandler = () => {};
let sessionUsableHandler: () => void = () => {};
let lastRequestAt = 0;

/** Called on a 401 from any request but the sign-in ones; the app shell redirects to the login page. */
export function onSessionProblem(handler: SessionProblemHandler): () => void {
  sessionProblemHandler = handler;
  return () => {
    sessionProblemHandler = () => {};
  };
}

/**
 * Called on every successful request beyond sign-in: proof that the session
 * passed its second factor and needs no password change (the live channel waits for it).
 */
export function onSessionUsable(handler: () => void): () => void {
  sessionUsableHandler = handler;
  return () => {
    sessionUsableHandler = () => {};
  };
}

/**
 * Set while signing out, until the next sign-in: the session's own requests
 * stop here instead of reaching a server that has ended the session (a page
 * still on screen during the sign-out would otherwise refetch and get 401s).
 */
let signingOut = false;
export function beginSignOut(): void {
  signingOut = true;
}

/** When the last request left (ms since epoch); the server's idle timer restarts with each request. */
export function lastRequestTime(): number {
  return lastRequestAt;
}

/** Endpoints whose 401 is an answer to show, not an expired session. */
const SIGN_IN_PATHS = [
  '/api/auth/login',
  '/api/auth/mfa/verify',
  '/api/auth/mfa/enrol',
  '/api/auth/mfa/enrol/confirm',
  '/api/auth/me',
  '/api/auth/session',
  '/api/auth/logout',
];
/** Answer 2xx even to a session that still owes its second factor or a password change. */
const LENIENT_PATHS = [...SIGN_IN_PATHS, '/api/auth/password', '/api/config', '/api/health', '/api/ready'];

export function urlOf(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fieldsOf(v: unknown): FieldProblem[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((f): FieldProblem[] =>
    isRecord(f) && typeof f.code === 'string'
      ? [
          {
            path: typeof f.path === 'string' ? f.path : '',
            code: f.code,
            message: typeof f.message === 'string' ? f.message : '',
          },
        ]
      : [],
  );
}

/**
 * The error code for an answer without one of ours (a framework default such
 * as the rate limiter's, or an Open311 error list): by HTTP status.
 */
export function codeForStatus(status: number): string {
  if (status >= 500) return 'internal';
  const byStatus: Record<number, string> = {
    400: 'validation',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    413: 'payload_too_large',
    423: 'locked',
    429: 'rate_limited',
  };
  return byStatus[status] ?? 'unknown';
}

/** Open311 answers errors as `[{ code, description }]`. */
function open311Description(data: unknown): string | null {
  if (!Array.isArray(data)) return null;
  const first: unknown = data[0];
  return isRecord(first) && typeof first.description === 'string' ? first.description : null;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? (options.body === undefined && options.form === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: string | FormData | undefined;
  if (options.form !== undefined) {
    body = options.form;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (signingOut && !LENIENT_PATHS.includes(path)) throw new DOMException('signed out', 'AbortError');
  let res: Response;
  try {
    lastRequestAt = Date.now();
    res = await fetch(urlOf(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new NetworkError(e instanceof Error ? e.message : String(e));
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    // A proxy in front of the server answering for it: the server itself is unreachable.
    if (
      (res.status === 502 || res.status === 503 || res.status === 504) &&
      !(isRecord(data) && typeof data.error === 'string')
    ) {
      throw new NetworkError(`HTTP ${res.status}`);
    }
    const err = isRecord(data)
      ? new ApiRequestError(
          res.status,
          typeof data.error === 'string' && isServerCode(data.error) ? data.error : codeForStatus(res.status),
          typeof data.message === 'string' ? data.message : res.statusText,
          fieldsOf(data.fields),
          typeof data.requestId === 'string' ? data.requestId : null,
          typeof data.reason === 'string' ? data.reason : null,
        )
      : new ApiRequestError(res.status, codeForStatus(res.status), open311Description(data) ?? res.statusText);
    if (res.status === 401 && !SIGN_IN_PATHS.includes(path)) {
      sessionProblemHandler(err.code === 'mfa_required' ? 'mfa_required' : 'unauthorized', path);
    }
    throw err;
  }
  // A new session (signed in with a password) may use the API again.
  if (path === '/api/auth/login') signingOut = false;
  if (!LENIENT_PATHS.includes(path) && !path.startsWith('/open311/')) sessionUsableHandler();
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    request<T>(path, { method: 'GET', ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
  post: <T>(path: string, body: unknown = {}, query?: Query, headers?: Record<string, string>) =>
    request<T>(path, { method: 'POST', body, ...(query ? { query } : {}), ...(headers ? { headers } : {}) }),
  postForm: <T>(path: string, form: FormData) => request<T>(path, { method: 'POST', form }),
  put: <T>(path: string, body: unknown) => request<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body }),
};
