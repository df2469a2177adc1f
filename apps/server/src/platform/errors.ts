import type { FieldError } from '@fengqiao/contracts';

/**
 * Errors a service throws on purpose. The HTTP layer maps each to its status
 * and the common error body; anything else is a 500 and is logged.
 */
export type AppErrorCode =
  | 'validation'
  | 'unauthorized'
  | 'mfa_required'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'rate_limited'
  | 'payload_too_large';

const STATUS: Record<AppErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  mfa_required: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  rate_limited: 429,
  payload_too_large: 413,
};

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fields?: FieldError[],
    /** A stable machine-readable reason the UI translates when the code alone is too coarse. */
    readonly reason?: string,
  ) {
    super(message);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export const badRequest = (message: string, fields?: FieldError[]) => new AppError('validation', message, fields);
export const fieldError = (path: string, code: string, message: string) =>
  new AppError('validation', message, [{ path, code, message }]);
export const forbidden = (message = 'not allowed', reason?: string) =>
  new AppError('forbidden', message, undefined, reason);
export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const conflict = (message: string, reason?: string) => new AppError('conflict', message, undefined, reason);
