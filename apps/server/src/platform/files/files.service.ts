import { createHash } from 'node:crypto';
import type { Queryable } from '../db/db';
import { AppError } from '../errors';

/** Content types recognised from the file's first bytes, never from its name or the client's claim. */
const SIGNATURES: { type: string; test: (b: Buffer) => boolean }[] = [
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    type: 'image/webp',
    test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  { type: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { type: 'video/mp4', test: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp' },
];

export function sniffContentType(bytes: Buffer): string | null {
  return SIGNATURES.find((s) => s.test(bytes))?.type ?? null;
}

export interface StoredFile {
  id: string;
  sha256: string;
  contentType: string;
  size: number;
}

export interface StoreOptions {
  stationId: string | null;
  purpose: string;
  createdBy: string | null;
  originalName?: string | null;
  allowed: readonly string[];
  maxBytes: number;
  /** The form field, for the error's path. */
  field?: string;
  now: Date;
}

/**
 * Uploaded files live in the database (bytea) so any server process can
 * serve them and backups hold them. Type and size are checked before
 * anything is stored.
 */
export async function storeFile(q: Queryable, bytes: Buffer, o: StoreOptions): Promise<StoredFile> {
  const field = o.field ?? 'file';
  if (bytes.length > o.maxBytes) {
    throw new AppError('validation', `file larger than ${Math.round(o.maxBytes / 1024 / 1024)} MB`, [
      { path: field, code: 'file_too_large', message: `at most ${o.maxBytes} bytes` },
    ]);
  }
  const type = sniffContentType(bytes);
  if (!type || !o.allowed.includes(type)) {
    throw new AppError('validation', `file type not accepted (${o.allowed.join(', ')})`, [
      { path: field, code: 'file_type', message: `accepted: ${o.allowed.join(', ')}` },
    ]);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const r = await q.query<{ id: string }>(
    `INSERT INTO files (station_id, sha256, content_type, size_bytes, original_name, data, purpose, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      o.stationId,
      sha256,
      type,
      bytes.length,
      o.originalName?.slice(0, 200) ?? null,
      bytes,
      o.purpose,
      o.createdBy,
      o.now,
    ],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('file insert returned nothing');
  return { id, sha256, contentType: type, size: bytes.length };
}

export async function readFile(
  q: Queryable,
  id: string,
): Promise<{ contentType: string; data: Buffer; sha256: string } | null> {
  const r = await q.query<{ content_type: string; data: Buffer | Uint8Array; sha256: string }>(
    'SELECT content_type, data, sha256 FROM files WHERE id = $1',
    [id],
  );
  const row = r.rows[0];
  return row ? { contentType: row.content_type, data: Buffer.from(row.data), sha256: row.sha256 } : null;
}
