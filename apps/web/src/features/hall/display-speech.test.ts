import { describe, expect, it } from 'vitest';
import { callText } from './display-speech';
import { mmss, todayCst } from './hall-api';

describe('hall display and times', () => {
  it('words a call the way the hall announces it', () => {
    expect(callText('A012', 3, 'zh-CN')).toBe('请 A012 号到 3 号窗口');
    // English spells the number out character by character, as a caller would read it.
    expect(callText('Y003', 7, 'en-US')).toBe('Number Y 0 0 3, please go to window 7');
  });

  it('shows one visit’s seconds as m:ss and a missing one as a dash', () => {
    expect(mmss(0)).toBe('0:00');
    expect(mmss(425)).toBe('7:05');
    expect(mmss(null)).toBe('—');
  });

  it('takes the day in China Standard Time, like the server', () => {
    expect(todayCst(new Date('2026-11-28T15:59:59Z'))).toBe('2026-11-28');
    expect(todayCst(new Date('2026-11-28T16:00:00Z'))).toBe('2026-11-29');
  });
});
