import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { DisputeFilter, ImportResult, PartyInput } from '@fengqiao/contracts';
import {
  DISPUTE_SOURCE_NAMES,
  type DisputeSource,
  LEVEL_SHORT_NAMES,
  NEXT_STEP_NAMES,
  type NextStep,
  OUTCOME_NAMES,
  type Outcome,
  parseCreditCode,
  parseIdNumber,
  RISK_NAMES,
} from '@fengqiao/domain';
import type ExcelJS from 'exceljs';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import { type HistoryFollowup, insertFollowupHistory, lastVisits } from './casework.repository';
import { finishExport, getExport, insertExport, progressExport, startExport } from './config.repository';
import type { MediationConfig } from './config.service';
import type { GridDirectory, GridInfo, MediationDeps } from './deps';
import {
  countDisputes,
  type DisputeRow,
  existingNumbers,
  exportBatch,
  type HistoryDispute,
  type HistoryEventRow,
  type HistoryParty,
  insertDisputeHistory,
  insertEventHistory,
  insertPartyHistory,
  listParties,
  reserveNumbers,
} from './disputes.repository';
import type { DisputesService } from './disputes.service';
import { numberPrefix } from './disputes.service';
import { cellText, type LedgerCells, ledgerTemplate, readLedger, writeLedger } from './ledger-xlsx';
import { mayPlaceInGrid, reachOf } from './mediation.policy';
import {
  type HistoryAssignment,
  insertAssignmentHistory,
  listAssignments,
  listMediators,
  type MediatorRow,
} from './mediators.repository';
import { partyNames, sealParties } from './parties';
import type { MediationTimers } from './timers';
import { localDate } from './views';

export const IMPORT_MAX_ROWS = 5000;
export const IMPORT_MAX_BYTES = 8 * 1024 * 1024;
const EXPORT_BATCH = 2000;

type RowError = { row: number; column: string; code: string; message: string };

const ROLE_NAMES: Record<string, 'applicant' | 'respondent' | 'third_party'> = {
  申请人: 'applicant',
  被申请人: 'respondent',
  第三人: 'third_party',
};
const ROLE_LABEL = { applicant: '申请人', respondent: '被申请人', third_party: '第三人' } as const;
const RESULTS: Record<string, Outcome | 'open'> = {
  '': 'open',
  调解中: 'open',
  正在调解: 'open',
  调解成功: 'success',
  成功: 'success',
  部分成功: 'partial',
  调解不成: 'failed',
  调解失败: 'failed',
  失败: 'failed',
  撤回: 'withdrawn',
  当事人撤回: 'withdrawn',
};
const VISITS: Record<string, 'stable' | 'relapse' | 'unreachable'> = {
  稳定: 'stable',
  已化解: 'stable',
  良好: 'stable',
  反复: 'relapse',
  复发: 'relapse',
  未联系上: 'unreachable',
  联系不上: 'unreachable',
};
const VISIT_LABEL = { stable: '稳定', relapse: '反复', unreachable: '未联系上' } as const;

/** YYYY-MM-DD from 2026-11-28, 2026/11/28, 2026.11.28, 2026年11月28日 or an Excel date. */
export function parseLedgerDate(v: ExcelJS.CellValue): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  const t = cellText(v);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${String(m[2]).padStart(2, '0')}-${String(m[3]).padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

const lines = (v: ExcelJS.CellValue) =>
  cellText(v)
    .split(/\r?\n/)
    .map((s) => s.trim());

interface ParsedRow {
  row: number;
  number: string | null;
  registeredOn: string;
  categoryCode: string;
  source: DisputeSource;
  parties: PartyInput[];
  place: string | null;
  grid: GridInfo | null;
  summary: string;
  amount: number | null;
  risk: 'red' | 'orange' | 'yellow';
  level: 1 | 2 | 3;
  track: 'standard' | 'commercial';
  mediators: MediatorRow[];
  result: Outcome | 'open';
  resolvedOn: string | null;
  visit: { on: string; result: 'stable' | 'relapse' | 'unreachable' } | null;
  nextStep: NextStep | null;
  remarks: string | null;
}

/**
 * The ledger's .xlsx import and export. Import validates every row and
 * imports all of them in one transaction or none (row-level errors name the
 * sheet row and column); export streams the workbook with bounded memory and
 * records its progress so the UI can show it.
 */
export class LedgerIoService {
  constructor(
    private readonly p: Platform,
    private readonly deps: MediationDeps,
    private readonly disputes: DisputesService,
    private readonly grids: GridDirectory,
    private readonly config: MediationConfig,
    private readonly timers: MediationTimers,
  ) {}

  private async title(stationId: string): Promise<{ station: string; title: string }> {
    const station = (await this.deps.stationName(stationId)) ?? '';
    return { station, title: `${station}矛盾纠纷排查化解台账` };
  }

  async template(ctx: Ctx): Promise<Buffer> {
    return ledgerTemplate((await this.title(this.disputes.station(ctx))).title);
  }

  // ---------------------------------------------------------------- import

  async import(ctx: Ctx, bytes: Buffer, dryRun: boolean): Promise<ImportResult> {
    const stationId = this.disputes.station(ctx);
    const reach = reachOf(ctx.actor);
    if (!reach || reach.kind === 'assigned') throw forbidden('mediators do not import ledgers');
    const read = await readLedger(bytes);
    if (!read.ok) throw badRequest(read.message, [{ path: 'file', code: 'ledger_layout', message: read.message }]);
    if (read.rows.length === 0)
      throw badRequest('the ledger has no rows', [{ path: 'file', code: 'empty', message: 'no rows' }]);
    if (read.rows.length > IMPORT_MAX_ROWS)
      throw badRequest(`at most ${IMPORT_MAX_ROWS} rows per import`, [
        { path: 'file', code: 'too_many_rows', message: `${read.rows.length} rows` },
      ]);
    const { parsed, errors } = await this.parse(ctx, stationId, read.rows);
    if (errors.length > 0) {
      const shown = errors.slice(0, 500);
      const rows = new Set(errors.map((e) => e.row)).size;
      if (dryRun) return { dryRun, rows: read.rows.length, imported: 0, errors: shown, numbers: [] };
      throw badRequest(
        `${rows} of ${read.rows.length} rows have problems; nothing was imported`,
        shown.map((e) => ({
          path: `file.rows.${e.row}.${e.column}`,
          code: e.code,
          message: `第${e.row}行 ${e.column}：${e.message}`,
        })),
      );
    }
    if (dryRun) return { dryRun, rows: parsed.length, imported: 0, errors: [], numbers: [] };
    const numbers = await this.write(ctx, stationId, parsed);
    return { dryRun, rows: parsed.length, imported: parsed.length, errors: [], numbers };
  }

  private async parse(
    ctx: Ctx,
    stationId: string,
    rows: { row: number; cells: Record<string, ExcelJS.CellValue> }[],
  ): Promise<{ parsed: ParsedRow[]; errors: RowError[] }> {
    const cfg = await this.config.get();
    const grids = await this.grids.of(stationId);
    const gridsByName = new Map([...grids.byId.values()].map((g) => [g.name, g]));
    const pool = await listMediators(this.p.db, stationId);
    const byName = new Map<string, MediatorRow[]>();
    for (const m of pool) byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
    const categories = new Map<string, string>();
    for (const c of cfg.categories.values()) {
      if (!c.active) continue;
      categories.set(c.code, c.code);
      categories.set(c.name_zh, c.code);
      categories.set(c.name_zh.replace(/纠纷$/, ''), c.code);
    }
    const sources = new Map<string, DisputeSource>(
      Object.entries(DISPUTE_SOURCE_NAMES).flatMap(([k, v]) => [
        [v, k as DisputeSource],
        [k, k as DisputeSource],
      ]),
    );
    const today = localDate(this.p.clock.now());
    const errors: RowError[] = [];
    const parsed: ParsedRow[] = [];
    const seenNumbers = new Map<string, number>();
    const givenNumbers = rows.map((r) => cellText(r.cells.number ?? null)).filter(Boolean);
    const taken = await existingNumbers(this.p.db, stationId, givenNumbers);

    for (const { row, cells } of rows) {
      const err = (column: string, code: string, message: string) => errors.push({ row, column, code, message });
      const before = errors.length;
      const text = (k: string) => cellText(cells[k] ?? null);

      const number = text('number') || null;
      if (number) {
        if (taken.has(number)) err('纠纷编号', 'duplicate', `${number} 已在台账中`);
        const first = seenNumbers.get(number);
        if (first) err('纠纷编号', 'duplicate_in_file', `与第${first}行编号重复`);
        seenNumbers.set(number, row);
      }
      const registeredOn = parseLedgerDate(cells.registered ?? null);
      if (!registeredOn) err('登记日期', 'date', '不是有效日期（如 2026-11-28）');
      else if (registeredOn > today) err('登记日期', 'future', '登记日期晚于今天');
      const categoryCode = categories.get(text('category'));
      if (!categoryCode) err('纠纷类型', 'unknown_category', `未知的纠纷类型“${text('category')}”`);
      const sourceText = text('source');
      const source = sourceText ? sources.get(sourceText) : 'walk_in';
      if (!source)
        err(
          '纠纷来源',
          'unknown_source',
          `未知的来源“${sourceText}”（${Object.values(DISPUTE_SOURCE_NAMES).join('、')}）`,
        );
      if (source === 'incident') err('纠纷来源', 'incident_source', '警情转入的纠纷请从警情登记，不经导入');

      // Parties: one per line, aligned across the four party columns.
      const names = lines(cells.partyName ?? null);
      const roles = lines(cells.partyRole ?? null);
      const ids = lines(cells.partyId ?? null);
      const phones = lines(cells.partyPhone ?? null);
      const parties: PartyInput[] = [];
      if (names.filter(Boolean).length === 0) err('当事人/姓名（名称）', 'required', '至少填写一名当事人');
      names.forEach((name, i) => {
        if (!name) return;
        const roleText = roles[i] ?? '';
        const role = ROLE_NAMES[roleText] ?? (roleText ? undefined : i === 0 ? 'applicant' : 'respondent');
        if (!role)
          err('当事人/身份', 'unknown_role', `第${i + 1}名当事人的身份“${roleText}”应为申请人、被申请人或第三人`);
        const id = ids[i] ?? '';
        const phone = phones[i] || undefined;
        if (id.includes('*')) {
          err(
            '当事人/身份证号码 / 统一社会信用代码',
            'masked',
            `第${i + 1}名当事人的证件号已打码，请填写完整号码或留空`,
          );
          return;
        }
        if (!id) {
          parties.push({ kind: 'person', role: role ?? 'respondent', name, ...(phone ? { phone } : {}) });
          return;
        }
        if (parseIdNumber(id).ok) {
          parties.push({ kind: 'person', role: role ?? 'respondent', name, idNumber: id, ...(phone ? { phone } : {}) });
          return;
        }
        const credit = parseCreditCode(id);
        if (credit.ok) {
          parties.push({
            kind: 'enterprise',
            role: role ?? 'respondent',
            name,
            creditCode: credit.value,
            ...(phone ? { phone } : {}),
          });
          return;
        }
        err(
          '当事人/身份证号码 / 统一社会信用代码',
          id.length === 18 && /^\d{17}[\dXx]$/.test(id) ? 'id_number_invalid' : 'identifier_invalid',
          `第${i + 1}名当事人的“${id}”既不是有效的身份证号码（GB 11643）也不是有效的统一社会信用代码（GB 32100）`,
        );
      });
      // Phones and the rest of the identifiers go through the same sealing as live registration.
      const sealed = sealParties(this.p.pii, parties, 'parties');
      for (const e of sealed.errors) {
        const i = Number(e.path.split('.')[1] ?? 0);
        err(
          e.path.endsWith('phone') ? '当事人/联系电话' : '当事人/身份证号码 / 统一社会信用代码',
          e.code,
          `第${i + 1}名当事人：${e.message}`,
        );
      }

      const gridText = text('grid');
      const grid = gridText ? (grids.byCode.get(gridText) ?? gridsByName.get(gridText) ?? null) : null;
      if (gridText && !grid) err('所属网格', 'unknown_grid', `未知的网格“${gridText}”`);
      if (!mayPlaceInGrid(ctx.actor, grid?.id ?? null))
        err('所属网格', 'outside_jurisdiction', gridText ? '不在您负责的网格内' : '请填写您负责的网格');

      const summary = text('summary');
      if (summary.length < 2) err('简要情况', 'required', '请填写简要情况');
      if (summary.length > 200) err('简要情况', 'too_long', '简要情况不超过200字');

      const amountText = text('amount').replaceAll(',', '').replace(/元$/, '');
      const amount = amountText ? Number(amountText) : null;
      if (amount !== null && (!Number.isFinite(amount) || amount < 0))
        err('涉及金额（元）', 'amount', `“${text('amount')}”不是金额`);

      const riskText = text('risk').slice(0, 1);
      const risk = (
        { 红: 'red', 橙: 'orange', 黄: 'yellow', '': 'yellow', r: 'red', o: 'orange', y: 'yellow' } as const
      )[riskText as '红'];
      if (!risk) err('风险等级', 'unknown_risk', `风险等级应为红、橙或黄`);

      const levelText = text('level');
      let level: 1 | 2 | 3 = 1;
      let track: 'standard' | 'commercial' = 'standard';
      if (/^商企/.test(levelText)) {
        track = 'commercial';
        if (!parties.some((x) => x.kind === 'enterprise'))
          err('调解层级', 'no_enterprise_party', '商企调解须有企业当事人');
      } else {
        const l = ({ '': 1, 一级: 1, 二级: 2, 三级: 3, '1': 1, '2': 2, '3': 3 } as const)[levelText as '一级'];
        if (!l) err('调解层级', 'unknown_level', '调解层级应为一级、二级、三级或商企调解');
        else level = l;
      }

      const mediators: MediatorRow[] = [];
      for (const name of text('mediators')
        .split(/[、，,;；\s]+/)
        .filter(Boolean)) {
        const found = (byName.get(name) ?? []).filter((m) => m.active);
        if (found.length === 0) err('调解员', 'unknown_mediator', `调解员“${name}”不在调解员库中`);
        else if (found.length > 1) err('调解员', 'ambiguous_mediator', `调解员库中有多名“${name}”，请在系统内指派`);
        else if (found[0]) mediators.push(found[0]);
      }

      const result = RESULTS[text('result')];
      if (result === undefined)
        err('调解结果/结果', 'unknown_result', '结果应为调解中、调解成功、部分成功、调解不成或撤回');
      const resolvedOn = parseLedgerDate(cells.resolvedOn ?? null);
      if (result && result !== 'open') {
        if (!resolvedOn) err('调解结果/办结日期', 'date', '已办结的纠纷须填写有效的办结日期');
        else if (registeredOn && resolvedOn < registeredOn)
          err('调解结果/办结日期', 'before_registration', '办结日期早于登记日期');
        else if (resolvedOn > today) err('调解结果/办结日期', 'future', '办结日期晚于今天');
      }
      const remarks = text('remarks') || null;
      const nextStep =
        result === 'failed'
          ? ((Object.entries(NEXT_STEP_NAMES).find(([, v]) => remarks?.includes(v.slice(2)))?.[0] as
              | NextStep
              | undefined) ?? 'litigation')
          : null;

      const visitOn = parseLedgerDate(cells.visitOn ?? null);
      const visitText = text('visitResult');
      let visit: ParsedRow['visit'] = null;
      if (visitOn || visitText) {
        const vr = VISITS[visitText];
        if (result !== 'success' && result !== 'partial')
          err('回访情况/回访结果', 'not_resolved', '只有调解成功或部分成功的纠纷才有回访');
        else if (!visitOn) err('回访情况/回访日期', 'date', '请填写有效的回访日期');
        else if (!vr) err('回访情况/回访结果', 'unknown_visit', '回访结果应为稳定、反复或未联系上');
        else if (resolvedOn && visitOn < resolvedOn)
          err('回访情况/回访日期', 'before_resolution', '回访日期早于办结日期');
        else visit = { on: visitOn, result: vr };
      }

      if (errors.length === before && registeredOn && categoryCode && source && risk && result !== undefined)
        parsed.push({
          row,
          number,
          registeredOn,
          categoryCode,
          source,
          parties,
          place: text('place') || null,
          grid,
          summary,
          amount,
          risk,
          level,
          track,
          mediators,
          result,
          resolvedOn,
          visit,
          nextStep,
          remarks,
        });
    }
    return { parsed, errors };
  }

  private async write(ctx: Ctx, stationId: string, rows: ParsedRow[]): Promise<string[]> {
    const cfg = await this.config.get();
    const now = this.p.clock.now();
    const at = (day: string) => new Date(`${day}T09:00:00+08:00`);
    return this.p.db.tx(async (tx) => {
      const fresh = rows.filter((r) => !r.number).length;
      const seqs = await reserveNumbers(tx, fresh);
      let k = 0;
      const disputes: HistoryDispute[] = [];
      const parties: HistoryParty[] = [];
      const events: HistoryEventRow[] = [];
      const assignments: HistoryAssignment[] = [];
      const visits: HistoryFollowup[] = [];
      const pending: { id: string; due: Date }[] = [];
      const deadlines: { id: string; due: Date; remind: number }[] = [];
      for (const r of rows) {
        const id = randomUUID();
        const registeredAt = at(r.registeredOn);
        const number = r.number ?? `${numberPrefix(registeredAt)}${String(seqs[k++] ?? 0).padStart(6, '0')}`;
        const relapsed = r.visit?.result === 'relapse';
        const open = r.result === 'open' || relapsed;
        const outcome = open ? null : (r.result as Outcome);
        const status = open
          ? 'open'
          : outcome === 'failed'
            ? 'failed'
            : outcome === 'withdrawn'
              ? 'withdrawn'
              : r.visit
                ? 'closed'
                : 'resolved';
        const resolvedAt = !open && r.resolvedOn ? at(r.resolvedOn) : null;
        const due = open
          ? await this.config.dueAt(r.risk, relapsed && r.visit ? at(r.visit.on) : registeredAt, tx)
          : null;
        const sealed = sealParties(this.p.pii, r.parties, 'parties');
        disputes.push({
          id,
          stationId,
          number,
          categoryCode: r.categoryCode,
          source: r.source,
          incidentId: null,
          summary: r.summary,
          facts: r.remarks ?? '',
          place: r.place,
          lng: null,
          lat: null,
          gridId: r.grid?.id ?? null,
          responsiblePersonId: r.grid?.officerPersonId ?? null,
          risk: r.risk,
          amount: r.amount,
          hasEnterprise: r.parties.some((x) => x.kind === 'enterprise'),
          partyNames: partyNames(r.parties.map((x) => x.name)),
          initialLevel: r.level,
          level: r.level,
          maxLevel: r.level,
          track: r.track,
          status,
          outcome,
          nextStep: r.nextStep,
          registeredAt,
          dueAt: due,
          resolvedAt,
          closedAt:
            status === 'closed' || status === 'failed' || status === 'withdrawn'
              ? r.visit
                ? at(r.visit.on)
                : resolvedAt
              : null,
          reopenedCount: relapsed ? 1 : 0,
          updatedAt: now,
          imported: true,
          createdBy: ctx.actor.userId,
        });
        sealed.parties.forEach((x, i) => {
          parties.push({
            disputeId: id,
            seq: i + 1,
            kind: x.kind,
            role: x.role,
            name: x.name,
            gender: x.gender,
            idNumber: x.idNumber,
            phone: x.phone,
            creditCode: x.creditCode,
            legalRepresentative: x.legalRepresentative,
          });
        });
        events.push({
          disputeId: id,
          at: now,
          actorName: ctx.actor.displayName,
          kind: 'imported',
          fromStatus: null,
          toStatus: status,
          fromLevel: null,
          toLevel: r.level,
          fromTrack: null,
          toTrack: r.track,
          reason: `台账导入第${r.row}行`,
          version: 1,
        });
        r.mediators.forEach((m, i) => {
          assignments.push({
            disputeId: id,
            mediatorId: m.person_id,
            name: m.name,
            role: i === 0 ? 'lead' : 'member',
            level: r.level,
            track: r.track,
            assignedAt: registeredAt,
          });
        });
        if (r.visit)
          visits.push({
            id: randomUUID(),
            disputeId: id,
            seq: 1,
            dueAt: at(r.visit.on),
            status: 'done',
            doneAt: at(r.visit.on),
            method: 'visit',
            result: r.visit.result,
            visitorName: null,
          });
        else if (status === 'resolved' && resolvedAt) {
          // Visits still ahead are scheduled as if the outcome had been recorded live.
          cfg.settings.followupDays.forEach((d, i) => {
            const dueAt = new Date(resolvedAt.getTime() + d * 86_400_000);
            if (dueAt.getTime() <= now.getTime()) return;
            const fid = randomUUID();
            visits.push({
              id: fid,
              disputeId: id,
              seq: i + 1,
              dueAt,
              status: 'pending',
              doneAt: null,
              method: null,
              result: null,
              visitorName: null,
            });
            pending.push({ id: fid, due: dueAt });
          });
        }
        if (due) deadlines.push({ id, due, remind: cfg.risks.get(r.risk)?.remind_hours ?? 24 });
      }
      await insertDisputeHistory(tx, disputes);
      await insertPartyHistory(tx, parties);
      await insertEventHistory(tx, events);
      await insertAssignmentHistory(tx, assignments);
      await insertFollowupHistory(tx, visits);
      for (const p of pending) await this.timers.followup(tx, p.id, p.due);
      for (const d of deadlines)
        if (d.due.getTime() > now.getTime()) await this.timers.deadline(tx, d.id, d.due, d.remind);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'dispute.import',
          resourceType: 'dispute',
          details: { rows: rows.length, numbers: [disputes[0]?.number, disputes.at(-1)?.number] },
        },
        tx,
      );
      return disputes.map((d) => d.number);
    });
  }

  // ---------------------------------------------------------------- export

  async createExport(ctx: Ctx, filter: DisputeFilter) {
    const f = await this.disputes.ledgerFilter(ctx, filter);
    const total = await countDisputes(this.p.db, f);
    const now = this.p.clock.now();
    const id = await this.p.db.tx(async (tx) => {
      const id = await insertExport(tx, { stationId: f.stationId, userId: ctx.actor.userId, filter, total, now });
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'dispute.export',
          resourceType: 'dispute',
          details: { exportId: id, total, filter: { ...filter, q: filter.q ? '(search)' : undefined } },
        },
        tx,
      );
      return id;
    });
    return this.exportView(ctx, id);
  }

  async exportView(ctx: Ctx, id: string) {
    const e = await getExport(this.p.db, id);
    if (!e || e.user_id !== ctx.actor.userId) throw notFound('export');
    return {
      id: e.id,
      status: e.status,
      total: e.total,
      rowsWritten: e.rows_written,
      progress: e.total === 0 ? (e.status === 'done' ? 1 : 0) : Math.min(1, e.rows_written / e.total),
      downloadUrl: `/api/mediation/exports/${e.id}/download`,
      error: e.error,
      createdAt: e.created_at.toISOString(),
      finishedAt: e.finished_at?.toISOString() ?? null,
    };
  }

  /**
   * Starts streaming the workbook: returns the stream at once; rows are read
   * in keyset batches of 2,000 and progress is written to the export's row
   * after each batch, for `GET /exports/:id` to report.
   */
  async download(ctx: Ctx, id: string): Promise<{ stream: PassThrough; filename: string }> {
    const e = await getExport(this.p.db, id);
    if (!e || e.user_id !== ctx.actor.userId) throw notFound('export');
    if (e.status === 'running') throw conflict('this export is already being downloaded');
    const now = this.p.clock.now();
    if (!(await startExport(this.p.db, id, now))) throw conflict('this export is already being downloaded');
    const f = await this.disputes.ledgerFilter(ctx, e.filter as DisputeFilter);
    const { station, title } = await this.title(f.stationId);
    const stream = new PassThrough({ highWaterMark: 1024 * 1024 });
    const stamp = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    writeLedger(
      stream,
      { title, subtitle: `填报单位：${station}　　导出时间：${stamp}　　共 ${e.total} 起` },
      this.pages(f),
      (n) => progressExport(this.p.db, id, n),
    )
      .then((n) => finishExport(this.p.db, id, { status: 'done', rows: n, error: null, now: this.p.clock.now() }))
      .catch(async (err: unknown) => {
        this.p.log.error({ err, exportId: id }, 'ledger export failed');
        await finishExport(this.p.db, id, {
          status: 'failed',
          rows: 0,
          error: err instanceof Error ? err.message : String(err),
          now: this.p.clock.now(),
        }).catch(() => undefined);
        stream.destroy(err instanceof Error ? err : new Error(String(err)));
      });
    return { stream, filename: `ledger-${localDate(now)}.xlsx` };
  }

  /**
   * The export's pages as ledger cells. Each keyset page (and its parties,
   * mediators and visits) is fetched while the previous one is being
   * written, so the database and the workbook work in parallel; at most two
   * pages are in memory.
   */
  private async *pages(f: Awaited<ReturnType<DisputesService['ledgerFilter']>>): AsyncGenerator<LedgerCells[]> {
    const toCells = this.cells(f.stationId);
    const load = (after: { at: string; id: string } | null, offset: number) => {
      const p = exportBatch(this.p.db, f, after, EXPORT_BATCH).then(async (rows) => ({
        rows,
        cells: await toCells(rows, offset),
      }));
      // Awaited below; marked handled now so an early stop cannot leave an unhandled rejection.
      p.catch(() => undefined);
      return p;
    };
    let pending = load(null, 0);
    let offset = 0;
    for (;;) {
      const { rows, cells } = await pending;
      if (rows.length === 0) return;
      offset += rows.length;
      const last = rows[rows.length - 1];
      const more = last !== undefined && rows.length === EXPORT_BATCH;
      if (more) pending = load({ at: last.cursor_at, id: last.id }, offset);
      yield cells;
      if (!more) return;
    }
  }

  /** Maps a batch of disputes to ledger cells (parties, mediators and the last visit fetched per batch). */
  cells(stationId: string) {
    return async (batch: DisputeRow[], offset: number): Promise<LedgerCells[]> => {
      const ids = batch.map((d) => d.id);
      const [parties, assignments, visits, cfg, grids] = await Promise.all([
        listParties(this.p.db, ids),
        listAssignments(this.p.db, ids, true),
        lastVisits(this.p.db, ids),
        this.config.get(),
        this.grids.of(stationId),
      ]);
      const partiesOf = new Map<string, typeof parties>();
      for (const x of parties) partiesOf.set(x.dispute_id, [...(partiesOf.get(x.dispute_id) ?? []), x]);
      const mediatorsOf = new Map<string, string[]>();
      for (const a of assignments)
        mediatorsOf.set(a.dispute_id, [...(mediatorsOf.get(a.dispute_id) ?? []), a.mediator_name]);
      return batch.map((d, i) => {
        const ps = partiesOf.get(d.id) ?? [];
        const v = visits.get(d.id);
        const grid = d.grid_id ? grids.byId.get(d.grid_id) : undefined;
        return {
          seq: offset + i + 1,
          number: d.number,
          registered: localDate(d.registered_at),
          category: cfg.categories.get(d.category_code)?.name_zh ?? d.category_code,
          source: DISPUTE_SOURCE_NAMES[d.source],
          partyRole: ps.map((x) => ROLE_LABEL[x.role]).join('\n'),
          partyName: ps.map((x) => x.name).join('\n'),
          partyId: ps.map((x) => x.credit_code ?? x.id_number_masked ?? '').join('\n'),
          partyPhone: ps.map((x) => x.phone_masked ?? '').join('\n'),
          place: d.place,
          grid: grid ? `${grid.code} ${grid.name}` : null,
          summary: d.summary,
          amount: d.amount,
          risk: RISK_NAMES[d.risk],
          level: d.track === 'commercial' ? '商企调解' : LEVEL_SHORT_NAMES[d.level],
          mediators: (mediatorsOf.get(d.id) ?? []).join('、'),
          result: d.outcome ? OUTCOME_NAMES[d.outcome] : '调解中',
          resolvedOn: d.resolved_at ? localDate(d.resolved_at) : null,
          visitOn: v ? localDate(v.done_at) : null,
          visitResult: v ? VISIT_LABEL[v.result as 'stable'] : null,
          remarks:
            [d.next_step ? NEXT_STEP_NAMES[d.next_step] : null, d.outcome_note].filter(Boolean).join('；') || null,
        };
      });
    };
  }
}
