import { describe, expect, it } from 'vitest';
import { beginSignOut, codeForStatus, request, urlOf } from './client';

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

describe('signing out', () => {
  it('stops the session’s requests before they reach the server, until the next sign-in', async () => {
    const calls: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (url: string) => {
      calls.push(url);
      return new Response(JSON.stringify({ ok: true }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    try {
      await request('/api/board');
      beginSignOut();
      await expect(request('/api/board')).rejects.toMatchObject({ name: 'AbortError' });
      // Sign-out itself and the public configuration still go through.
      await request('/api/auth/logout', { method: 'POST' });
      await request('/api/config');
      expect(calls.map((u) => u.replace(/^https?:\/\/[^/]+/, ''))).toEqual([
        '/api/board',
        '/api/auth/logout',
        '/api/config',
      ]);
      await request('/api/auth/login', { body: { username: 'operator', password: 'x' } });
      await request('/api/board');
      expect(calls.at(-1)?.endsWith('/api/board')).toBe(true);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
