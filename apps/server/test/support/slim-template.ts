import type { Db } from '../../src/platform/db/db';
import { dumpPglite } from '../../src/platform/db/pglite.engine';

const BLOCK = 512;
const WAL_SEGMENT = /(^|\/)pg_wal\/([0-9A-F]{24})$/;

function entryName(header: Buffer): string {
  const cstr = (from: number, to: number) => {
    const raw = header.subarray(from, to);
    const nul = raw.indexOf(0);
    return raw.subarray(0, nul < 0 ? raw.length : nul).toString('utf8');
  };
  const prefix = cstr(345, 500);
  const name = cstr(0, 100);
  return prefix ? `${prefix}/${name}` : name;
}

/**
 * Drops WAL segments after `current` from a data-directory tarball. After a
 * checkpoint PostgreSQL renames old segments into future ones to reuse them;
 * they hold no WAL that a restart needs, but a demo-town template carried
 * ~24 of them (385 of its 613 MB), and every test file loads the template.
 */
export function dropFutureWal(tar: Buffer, current: string): Buffer {
  const kept: Buffer[] = [];
  let at = 0;
  while (at + BLOCK <= tar.length) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = Number.parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/, '').trim() || '0', 8);
    const span = BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    const segment = WAL_SEGMENT.exec(entryName(header))?.[2];
    if (!segment || segment <= current) kept.push(tar.subarray(at, at + span));
    at += span;
  }
  kept.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(kept);
}

/** A PGlite data-directory tarball of `db` after a checkpoint, without preallocated WAL segments. */
export async function slimPgliteDump(db: Db): Promise<Buffer> {
  await db.query('CHECKPOINT');
  const current = (await db.query<{ f: string }>('SELECT pg_walfile_name(pg_current_wal_insert_lsn()) AS f')).rows[0]
    ?.f;
  const tar = Buffer.from(await (await dumpPglite(db)).arrayBuffer());
  return current ? dropFutureWal(tar, current) : tar;
}
