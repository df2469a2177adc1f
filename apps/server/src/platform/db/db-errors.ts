/** Socket errors of a database that went away (restart, failover, network) rather than of a bad statement. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** SQLSTATE 57P01–57P03: the server is shutting down or not yet accepting connections. */
const SHUTDOWN_STATES = new Set(['57P01', '57P02', '57P03']);
/** node-postgres reports a lost or unobtainable connection with these messages and no code. */
const LOST =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable/;

/**
 * Whether an error means the database cannot be reached right now. The HTTP
 * layer answers those with 503 and Retry-After (the client may retry; the
 * request was refused or its outcome is unknown), not with a 500 bug report.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const { code, message } = e as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SHUTDOWN_STATES.has(code) || code.startsWith('08')))
    return true;
  return typeof message === 'string' && LOST.test(message);
}

/** Whether an error is a foreign-key violation (SQLSTATE 23503), optionally of one named constraint. */
export function isForeignKeyViolation(e: unknown, constraint?: string): boolean {
  if (!e || typeof e !== 'object') return false;
  const { code, constraint: name } = e as { code?: unknown; constraint?: unknown };
  return code === '23503' && (constraint === undefined || name === constraint);
}
