import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrub, scrubText } from './logger';

describe('log scrubbing', () => {
  it('masks ID numbers and phones inside text', () => {
    expect(scrubText('caller 13800138000 id 11010519491231002X')).toBe('caller 138****8000 id 110105********002X');
    expect(scrubText('order 2026112812345678')).toBe('order 2026112812345678');
  });
  it('redacts secret-named keys and masks nested values', () => {
    expect(scrub({ password: 'hunter2-long', user: { note: 'tel 13912345678' }, count: 3 })).toEqual({
      password: '[redacted]',
      user: { note: 'tel 139****5678' },
      count: 3,
    });
  });
  it('never writes identifiers or passwords through the real logger', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger('info', sink);
    log.info(
      {
        body: { password: 'Correct-Horse-42', idNumber: '11010519491231002X' },
        req: { url: '/api/persons?q=13800138000' },
      },
      'search by 13800138000',
    );
    log.warn('caller id 11010519491231002X');
    await new Promise((r) => setImmediate(r));
    const out = lines.join('');
    expect(out).not.toContain('Correct-Horse-42');
    expect(out).not.toContain('11010519491231002X');
    expect(out).not.toContain('13800138000');
    expect(out).toContain('138****8000');
  });
});
