import { zhCN } from '../app/i18n/zh-CN';

/**
 * Errors the HTTP client throws, and their translation into dictionary keys.
 * Pure (no DOM, no i18next) so the unit suite can check every code.
 */

export interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

/** The server answered with an error body `{ error, message, fields?, requestId }`. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    /** The server's error code: validation, unauthorized, mfa_required, forbidden, … */
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly requestId: string | null = null,
    /** The server's stable reason (invalid_credentials, account_locked, …), when it gives one. */
    readonly reason: string | null = null,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/** The request never got an answer (server down, network gone). */
export class NetworkError extends Error {
  constructor(message = 'network error') {
    super(message);
    this.name = 'NetworkError';
  }
}

export type ServerCode = keyof typeof zhCN.errors.server;
export type FieldCode = keyof typeof zhCN.errors.field;
export type MessageCode = keyof typeof zhCN.errors.message;

/** A dictionary key with its interpolation values. */
export interface Translatable {
  key:
    | `errors.server.${ServerCode}`
    | `errors.field.${FieldCode}`
    | `errors.message.${MessageCode}`
    | 'errors.network'
    | 'errors.unknown';
  params?: Record<string, string>;
}

export function isServerCode(code: string): code is ServerCode {
  return Object.hasOwn(zhCN.errors.server, code);
}

export function isFieldCode(code: string): code is FieldCode {
  return Object.hasOwn(zhCN.errors.field, code);
}

/**
 * Server messages that say more than their error code. The server words
 * them in English for logs; the UI matches the known ones and shows its own.
 */
const MESSAGE_PATTERNS: { pattern: RegExp; code: MessageCode; param?: string }[] = [
  { pattern: /^invalid username or password$/, code: 'invalidCredentials' },
  { pattern: /^this account is locked/, code: 'accountLocked' },
  { pattern: /^too many failed attempts/, code: 'lockedNow' },
  { pattern: /^this account is disabled/, code: 'accountDisabled' },
  { pattern: /^password change required/, code: 'passwordChangeRequired' },
  { pattern: /^administrators cannot administer their own account/, code: 'selfAdminister' },
  { pattern: /^username (\S+) is taken/, code: 'usernameTaken', param: 'username' },
  { pattern: /^two-factor authentication is not set up/, code: 'mfaNotSetUp' },
  { pattern: /^start the enrolment first/, code: 'enrolFirst' },
  { pattern: /^session (ended|could not be created)/, code: 'sessionEnded' },
  { pattern: /^only station leaders/, code: 'onlyLeaders' },
  { pattern: /^your role may not reveal/, code: 'noReveal' },
  { pattern: /^orders are still open/, code: 'ordersStillOpen' },
  { pattern: /^the incident is (already )?closed/, code: 'incidentClosed' },
  { pattern: /^the order changed meanwhile/, code: 'orderChanged' },
  { pattern: /^this order is not addressed to you/, code: 'orderNotYours' },
  { pattern: /^only the command room or the alert/, code: 'alertNotYours' },
  { pattern: /^that grid is outside your jurisdiction/, code: 'gridOutsideJurisdiction' },
  { pattern: /^lat\/long or address_string is required/, code: 'reportLocationRequired' },
  { pattern: /^no service /, code: 'reportNoService' },
  { pattern: /^description: /, code: 'reportDescription' },
  // Dispute mediation (apps/server/src/modules/mediation): conflicts worded without a field code.
  { pattern: /^the dispute changed meanwhile/, code: 'disputeChanged' },
  { pattern: /^only a dispute in mediation takes mediators/, code: 'notInMediation' },
  { pattern: /^sessions are held while the dispute is in mediation/, code: 'notInMediation' },
  { pattern: /^agreements are drawn up while/, code: 'agreementNotNow' },
  { pattern: /^an oral agreement is recorded/, code: 'oralNoDocument' },
  { pattern: /^upload the signed agreement before/, code: 'signedFirst' },
  { pattern: /^judicial confirmation is already/, code: 'judicialAlready' },
  { pattern: /^record the application before/, code: 'applicationFirst' },
  { pattern: /^only a written agreement goes to court/, code: 'writtenOnly' },
  { pattern: /^the agreement is void/, code: 'agreementVoid' },
  { pattern: /^the session changed meanwhile/, code: 'sessionChanged' },
  { pattern: /^the session is already/, code: 'sessionDone' },
  { pattern: /^this follow-up visit is/, code: 'followupDone' },
  { pattern: /^incident (\S+) is already in the ledger/, code: 'incidentInLedger', param: 'number' },
  { pattern: /^the meeting (is|was) /, code: 'meetingNotOpen' },
  { pattern: /^this export is already being downloaded/, code: 'exportRunning' },
  { pattern: /^mediators take up disputes/, code: 'mediatorsDoNotRegister' },
  { pattern: /^registering a dispute above level 1/, code: 'levelNeedsCoordinator' },
  { pattern: /^mediators do not import ledgers/, code: 'mediatorsDoNotImport' },
  { pattern: /^a dispute has at most 30 parties/, code: 'tooManyParties' },
  { pattern: /^printing full ID numbers and phones requires/, code: 'fullPrintNeedsReveal' },
];

/** Stable reasons the server sends with coarse error codes; preferred over matching message text. */
const REASONS: Record<string, MessageCode> = {
  invalid_credentials: 'invalidCredentials',
  account_locked: 'accountLocked',
  locked_now: 'lockedNow',
  account_disabled: 'accountDisabled',
  password_change_required: 'passwordChangeRequired',
  self_administration: 'selfAdminister',
  mfa_not_set_up: 'mfaNotSetUp',
  enrol_first: 'enrolFirst',
  only_leaders: 'onlyLeaders',
  no_reveal: 'noReveal',
};

export function reasonTranslation(reason: string | null): Translatable | null {
  const code = reason ? REASONS[reason] : undefined;
  return code ? { key: `errors.message.${code}` } : null;
}

export function messageTranslation(message: string): Translatable | null {
  for (const m of MESSAGE_PATTERNS) {
    const match = m.pattern.exec(message);
    if (match) {
      const value = match[1];
      return {
        key: `errors.message.${m.code}`,
        ...(m.param && value !== undefined ? { params: { [m.param]: value } } : {}),
      };
    }
  }
  return null;
}

/** The translation of one field problem's code, or null for a code the UI does not know (show the server text). */
export function fieldTranslation(code: string): Translatable | null {
  return isFieldCode(code) ? { key: `errors.field.${code}` } : null;
}

/**
 * The one-line summary of an error for a toast or an alert: a known message
 * first, then a single known field problem, then the error code.
 */
export function errorTranslation(err: unknown): Translatable {
  if (err instanceof NetworkError) return { key: 'errors.network' };
  if (!(err instanceof ApiRequestError)) return { key: 'errors.unknown' };
  const byReason = err.reason === 'username_taken' ? null : reasonTranslation(err.reason);
  if (byReason) return byReason;
  const byMessage = messageTranslation(err.message);
  if (byMessage) return byMessage;
  const [only] = err.fields;
  if (only && err.fields.length === 1) {
    const byField = fieldTranslation(only.code);
    if (byField) return byField;
  }
  if (isServerCode(err.code)) return { key: `errors.server.${err.code}` };
  return { key: 'errors.unknown' };
}

/** The last dotted segment of a server path: 'body.newPassword' → 'newPassword', for matching form fields. */
export function fieldName(path: string): string {
  const parts = path.split('.');
  return parts[parts.length - 1] ?? path;
}

/** The feature index in a GeoJSON problem path such as 'features[3].geometry.coordinates[0]', or null. */
export function featureIndexOf(path: string): number | null {
  const m = /(?:^|\.)features\[(\d+)\]/.exec(path);
  return m?.[1] !== undefined ? Number(m[1]) : null;
}
