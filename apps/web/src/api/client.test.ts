import { describe, expect, it } from 'vitest';
import { codeForStatus, urlOf } from './client';

describe('http client', () => {
  it('gives answers without an error code of ours one by their status', () => {
    expect(codeForStatus(400)).toBe('validation');
    expect(codeForStatus(404)).toBe('not_found');
    expect(codeForStatus(409)).toBe('conflict');
    expect(codeForStatus(429)).toBe('rate_limited');
    expect(codeForStatus(503)).toBe('internal');
    expect(codeForStatus(418)).toBe('unknown');
  });

  it('leaves empty query values out of the URL', () => {
    expect(urlOf('/api/analysis/heatmap', { from: '2026-11-01', category: undefined, to: '' })).toBe(
      '/api/analysis/heatmap?from=2026-11-01',
    );
  });
});
