import type { AuditVerifyResult } from '@fengqiao/contracts';
import type { Clock } from '../clock';
import { type Db, inTx, type Queryable, type Tx } from '../db/db';
import { rowHash } from './audit.chain';
import { type AuditRow, insertAudit, insertAuditMany } from './audit.repository';
import type { AuditActor, AuditEvent } from './audit.types';

export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /**
   * Records one audit event. Pass the write's transaction so the change and
   * its audit row commit together; reads and refusals use the pool.
   */
  async record(actor: AuditActor, event: AuditEvent, q: Queryable = this.db): Promise<void> {
    await insertAudit(q, this.clock.now(), actor, event);
  }

  /** Records several events in one statement, in order, in the writes' transaction. */
  async recordMany(entries: { actor: AuditActor; event: AuditEvent }[], q: Queryable): Promise<void> {
    await insertAuditMany(q, this.clock.now(), entries);
  }

  /**
   * Seals unsealed rows into the hash chain in id order. The head row is
   * locked FOR UPDATE, so concurrent sealers on several nodes queue up
   * instead of forking the chain. Rows that commit late simply join a later
   * batch: the chain order is seal order.
   */
  async seal(batch = 5000, within?: Tx): Promise<number> {
    return inTx(within ?? this.db, async (tx) => {
      const head = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_seal_head FOR UPDATE');
      const h = head.rows[0];
      if (!h) throw new Error('audit_seal_head is missing');
      const rows = await tx.query<AuditRow>('SELECT * FROM audit_log WHERE seal_seq IS NULL ORDER BY id LIMIT $1', [
        batch,
      ]);
      let seq = h.seq;
      let prev = h.hash;
      const ids: number[] = [];
      const seqs: number[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const row of rows.rows) {
        seq += 1;
        const hash = rowHash(row, seq, prev);
        ids.push(row.id);
        seqs.push(seq);
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      if (ids.length > 0) {
        await tx.query(
          `UPDATE audit_log a SET seal_seq = v.seq, prev_hash = v.prev, hash = v.hash
             FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(id, seq, prev, hash)
            WHERE a.id = v.id`,
          [ids, seqs, prevs, hashes],
        );
      }
      if (rows.rows.length > 0) {
        await tx.query('UPDATE audit_seal_head SET seq = $1, hash = $2, sealed_at = $3', [seq, prev, this.clock.now()]);
      }
      return rows.rows.length;
    });
  }

  /** Walks the whole chain; reports changed, missing and out-of-place rows. */
  async verify(): Promise<AuditVerifyResult> {
    const problems: AuditVerifyResult['problems'] = [];
    const head = await this.db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_seal_head');
    const h = head.rows[0];
    if (!h)
      return {
        ok: false,
        checked: 0,
        unsealed: 0,
        headSeq: 0,
        problems: [{ seq: null, id: null, problem: 'seal head missing' }],
      };
    let expectedSeq = 1;
    let prev = 'genesis';
    let checked = 0;
    let after = 0;
    for (;;) {
      const page = await this.db.query<AuditRow>(
        'SELECT * FROM audit_log WHERE seal_seq > $1 ORDER BY seal_seq LIMIT 5000',
        [after],
      );
      if (page.rows.length === 0) break;
      for (const row of page.rows) {
        const seq = row.seal_seq ?? 0;
        if (seq !== expectedSeq) {
          problems.push({
            seq: expectedSeq,
            id: null,
            problem: `rows ${expectedSeq}..${seq - 1} of the chain are missing`,
          });
          // Resynchronise on the surviving row so later damage is still found.
          prev = row.prev_hash ?? prev;
        }
        if (row.prev_hash !== prev) problems.push({ seq, id: row.id, problem: 'previous-hash link broken' });
        if (rowHash(row, seq, row.prev_hash ?? '') !== row.hash)
          problems.push({ seq, id: row.id, problem: 'row content changed' });
        prev = row.hash ?? '';
        expectedSeq = seq + 1;
        checked += 1;
        after = seq;
      }
    }
    if (expectedSeq - 1 !== h.seq) {
      problems.push({ seq: h.seq, id: null, problem: `chain ends at ${expectedSeq - 1} but the head says ${h.seq}` });
    } else if (h.seq > 0 && prev !== h.hash) {
      problems.push({ seq: h.seq, id: null, problem: 'last row does not match the seal head' });
    }
    const unsealed = await this.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_log WHERE seal_seq IS NULL',
    );
    return {
      ok: problems.length === 0,
      checked,
      unsealed: unsealed.rows[0]?.n ?? 0,
      headSeq: h.seq,
      problems: problems.slice(0, 100),
    };
  }
}
