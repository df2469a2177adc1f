import { GRID_GEOJSON_ERROR_CODES } from '@fengqiao/domain';
import { describe, expect, it } from 'vitest';
import { enUS } from '../app/i18n/en-US';
import { zhCN } from '../app/i18n/zh-CN';
import {
  ApiRequestError,
  errorTranslation,
  featureIndexOf,
  fieldName,
  fieldTranslation,
  isServerCode,
  messageTranslation,
  NetworkError,
} from './errors';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : leaves(v, `${prefix}${k}.`),
  );
}

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

describe('dictionaries', () => {
  it('zh-CN and en-US have exactly the same keys, none empty', () => {
    const zh = leaves(zhCN);
    const en = leaves(enUS);
    expect(en.sort()).toEqual(zh.sort());
    for (const key of zh) {
      expect(lookup(zhCN, key)?.trim(), key).toBeTruthy();
      expect(lookup(enUS, key)?.trim(), key).toBeTruthy();
    }
  });

  it('uses the same interpolation variables in both languages', () => {
    const vars = (s: string | undefined) => [...(s ?? '').matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of leaves(zhCN)) expect(vars(lookup(enUS, key)), key).toEqual(vars(lookup(zhCN, key)));
  });
});

describe('error translation', () => {
  it('translates every GeoJSON grid validation code', () => {
    for (const code of GRID_GEOJSON_ERROR_CODES) {
      const tr = fieldTranslation(code);
      expect(tr, code).not.toBeNull();
      expect(lookup(zhCN, tr?.key ?? '')).toBeTruthy();
    }
  });

  it('translates the account and grid field codes the server sends', () => {
    const codes = [
      'password_too_short',
      'password_too_long',
      'password_common',
      'password_contains_username',
      'password_repetitive',
      'password_wrong',
      'password_reused',
      'totp_invalid',
      'roles_admin_combined',
      'roles_empty',
      'not_an_officer',
      'unknown_person',
      'unknown_officer',
    ];
    for (const code of codes) expect(fieldTranslation(code)?.key).toBe(`errors.field.${code}`);
    expect(lookup(zhCN, 'errors.field.password_common')).toContain('常见密码');
  });

  it('leaves an unknown field code to the server message', () => {
    expect(fieldTranslation('something_new')).toBeNull();
  });

  it('names a wrong password, a locked account and a disabled one from the server message', () => {
    const wrong = new ApiRequestError(401, 'unauthorized', 'invalid username or password');
    expect(errorTranslation(wrong).key).toBe('errors.message.invalidCredentials');
    expect(lookup(zhCN, errorTranslation(wrong).key)).toBe('用户名或密码错误。');
    const locked = new ApiRequestError(
      423,
      'locked',
      'this account is locked; a security administrator must unlock it',
    );
    expect(errorTranslation(locked).key).toBe('errors.message.accountLocked');
    const lockedNow = new ApiRequestError(423, 'locked', 'too many failed attempts: this account is now locked; …');
    expect(errorTranslation(lockedNow).key).toBe('errors.message.lockedNow');
    expect(errorTranslation(new ApiRequestError(403, 'forbidden', 'this account is disabled')).key).toBe(
      'errors.message.accountDisabled',
    );
  });

  it('carries values out of the message', () => {
    expect(messageTranslation('username li.si is taken')).toEqual({
      key: 'errors.message.usernameTaken',
      params: { username: 'li.si' },
    });
  });

  it('prefers a single known field problem over the generic validation text', () => {
    const err = new ApiRequestError(400, 'validation', 'the code is wrong or expired', [
      { path: 'body.code', code: 'totp_invalid', message: 'the code is wrong or expired' },
    ]);
    expect(errorTranslation(err).key).toBe('errors.field.totp_invalid');
    const many = new ApiRequestError(400, 'validation', 'the GeoJSON has 2 problem(s); nothing was imported', [
      { path: 'features[0]', code: 'overlap', message: '' },
      { path: 'features[1]', code: 'overlap', message: '' },
    ]);
    expect(errorTranslation(many).key).toBe('errors.server.validation');
  });

  it('falls back to the error code, then to a generic text', () => {
    expect(errorTranslation(new ApiRequestError(429, 'rate_limited', 'Rate limit exceeded')).key).toBe(
      'errors.server.rate_limited',
    );
    expect(errorTranslation(new ApiRequestError(418, 'teapot', '')).key).toBe('errors.unknown');
    expect(errorTranslation(new NetworkError()).key).toBe('errors.network');
    expect(errorTranslation(new Error('x')).key).toBe('errors.unknown');
    for (const code of [
      'validation',
      'unauthorized',
      'mfa_required',
      'forbidden',
      'not_found',
      'conflict',
      'locked',
      'rate_limited',
      'payload_too_large',
      'internal',
    ]) {
      expect(isServerCode(code), code).toBe(true);
    }
  });

  it('reads field names and feature indexes out of server paths', () => {
    expect(fieldName('body.newPassword')).toBe('newPassword');
    expect(featureIndexOf('features[3].geometry.coordinates[0]')).toBe(3);
    expect(featureIndexOf('features[12].properties.code')).toBe(12);
    expect(featureIndexOf('coordinateSystem')).toBeNull();
  });
});

describe('stable reasons', () => {
  it('prefers the server’s reason over its message text', () => {
    const err = new ApiRequestError(401, 'unauthorized', 'some reworded message', [], null, 'invalid_credentials');
    expect(errorTranslation(err).key).toBe('errors.message.invalidCredentials');
    const locked = new ApiRequestError(423, 'locked', 'whatever', [], null, 'account_locked');
    expect(errorTranslation(locked).key).toBe('errors.message.accountLocked');
  });
});

describe('command room errors', () => {
  it('translates the field codes of intake, dispatch, photos, analysis and configuration', () => {
    for (const code of [
      'unknown_category',
      'location_required',
      'in_future',
      'too_old',
      'not_staff',
      'illegal_transition',
      'multipart_required',
      'no_station',
      'phone_format',
      'id_number_invalid',
      'file_type',
      'file_too_large',
      'after_to',
      'range_too_long',
      'subcategory_required',
      'unknown_parent',
      'exists',
      'too_short',
    ]) {
      expect(fieldTranslation(code)?.key, code).toBe(`errors.field.${code}`);
    }
  });

  it('names the conflicts a dispatcher or officer meets', () => {
    const cases: [string, string][] = [
      ['orders are still open: resolve or cancel them first', 'ordersStillOpen'],
      ['the incident is closed', 'incidentClosed'],
      ['the incident is already closed', 'incidentClosed'],
      ['the order changed meanwhile; reload and try again', 'orderChanged'],
      ['this order is not addressed to you', 'orderNotYours'],
      ['lat/long or address_string is required', 'reportLocationRequired'],
      ['no service traffic.accident', 'reportNoService'],
    ];
    for (const [message, code] of cases)
      expect(messageTranslation(message)?.key, message).toBe(`errors.message.${code}`);
  });
});
