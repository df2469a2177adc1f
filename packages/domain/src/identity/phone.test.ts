import { describe, expect, it } from 'vitest';
import { maskPhone, parsePhone } from './phone';

describe('phone numbers', () => {
  it('normalises mobiles with +86, spaces and dashes', () => {
    expect(parsePhone('+86 138-0013-8000')).toEqual({ ok: true, value: '13800138000', kind: 'mobile' });
    expect(parsePhone('13800138000')).toEqual({ ok: true, value: '13800138000', kind: 'mobile' });
  });
  it('accepts landlines with area codes', () => {
    expect(parsePhone('0316-7891234')).toEqual({ ok: true, value: '0316-7891234', kind: 'landline' });
    expect(parsePhone('010 62345678')).toEqual({ ok: true, value: '010-62345678', kind: 'landline' });
  });
  it('rejects other shapes', () => {
    for (const bad of ['12800138000', '1380013800', 'abc', '', '0316-123', '23800138000']) {
      expect(parsePhone(bad).ok, bad).toBe(false);
    }
  });
  it('masks the middle digits', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('0316-7891234')).toBe('0316-***1234');
  });
});
