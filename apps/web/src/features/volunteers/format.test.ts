import { describe, expect, it } from 'vitest';
import { checkInOpen, chinaDay, duration, hoursText, newClientId, shiftWindow } from './format';

describe('volunteer page helpers', () => {
  it('makes v4 UUIDs the server accepts as client ids', () => {
    const id = newClientId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newClientId()).not.toBe(id);
  });

  it('shows times on the China-local clock', () => {
    expect(shiftWindow('2026-11-28T11:00:00.000Z', '2026-11-28T13:30:00.000Z')).toBe('11/28 19:00–21:30');
    expect(chinaDay(new Date('2026-11-28T17:00:00Z'))).toBe('2026-11-29');
  });

  it('words durations and hours', () => {
    expect(duration(40, 'zh-CN')).toBe('40 秒');
    expect(duration(35 * 60, 'en-US')).toBe('35 min');
    expect(duration(3600 + 5 * 60, 'en-US')).toBe('1 h 05 min');
    expect(hoursText(3.456)).toBe('3.46');
    expect(hoursText(2)).toBe('2');
  });

  it('opens check-in 30 minutes before the start, until the end', () => {
    const s = '2026-11-28T11:00:00.000Z';
    const e = '2026-11-28T13:00:00.000Z';
    expect(checkInOpen(s, e, new Date('2026-11-28T10:29:00Z'))).toBe(false);
    expect(checkInOpen(s, e, new Date('2026-11-28T10:31:00Z'))).toBe(true);
    expect(checkInOpen(s, e, new Date('2026-11-28T13:01:00Z'))).toBe(false);
  });
});
