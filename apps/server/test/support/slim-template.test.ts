import { describe, expect, it } from 'vitest';
import { dropFutureWal } from './slim-template';

/** A minimal ustar archive: one 512-byte header per entry, data padded to 512, two zero blocks at the end. */
function tar(entries: { name: string; data: string }[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 'utf8');
    h.write(`${Buffer.byteLength(e.data).toString(8).padStart(11, '0')}\0`, 124, 'ascii');
    h.write('ustar\0', 257, 'ascii');
    parts.push(h);
    const body = Buffer.alloc(Math.ceil(Buffer.byteLength(e.data) / 512) * 512);
    body.write(e.data, 0, 'utf8');
    parts.push(body);
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

function names(archive: Buffer): string[] {
  const out: string[] = [];
  for (let at = 0; at + 512 <= archive.length; ) {
    const h = archive.subarray(at, at + 512);
    if (h.every((b) => b === 0)) break;
    out.push(h.subarray(0, h.indexOf(0)).toString('utf8'));
    const size = Number.parseInt(h.subarray(124, 135).toString('ascii'), 8);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

describe('dropFutureWal', () => {
  it('keeps every file but the WAL segments after the current one', () => {
    const archive = tar([
      { name: '/PG_VERSION', data: '18\n' },
      { name: '/pg_wal/000000010000000000000017', data: 'old'.repeat(300) },
      { name: '/pg_wal/000000010000000000000018', data: 'current' },
      { name: '/pg_wal/000000010000000000000019', data: 'recycled'.repeat(100) },
      { name: '/pg_wal/00000001000000000000001A', data: 'recycled' },
      { name: '/pg_wal/archive_status', data: '' },
      { name: '/base/5/1259', data: 'x'.repeat(1500) },
    ]);
    const slim = dropFutureWal(archive, '000000010000000000000018');
    expect(names(slim)).toEqual([
      '/PG_VERSION',
      '/pg_wal/000000010000000000000017',
      '/pg_wal/000000010000000000000018',
      '/pg_wal/archive_status',
      '/base/5/1259',
    ]);
    // The entries kept are byte for byte the originals.
    expect(slim.includes(Buffer.from('x'.repeat(1500)))).toBe(true);
    // Each dropped segment: its header and its data blocks (800 bytes → 2 blocks, 8 bytes → 1).
    expect(slim.length).toBe(archive.length - (512 + 1024) - (512 + 512));
  });
});
