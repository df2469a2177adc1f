import type { Tx } from '../../platform/db/db';
import { insertAlert } from './alerts.repository';
import type { WarningRuleRow } from './config.repository';
import type { IncidentRow } from './incidents.repository';
import type { LiveEvents } from './live-events';

const KIND_ZH = { repeat_address: '同一地址', repeat_caller: '同一来电号码', grid_surge: '同一网格' } as const;

function matchesCategory(rule: WarningRuleRow, code: string): boolean {
  return (
    rule.category_prefixes.length === 0 || rule.category_prefixes.some((p) => code === p || code.startsWith(`${p}.`))
  );
}

interface Hit {
  id: string;
  number: string;
  created_at: Date;
  summary: string;
  address: string | null;
}

/** The incident column each rule kind counts by, and the cast its subject needs. */
const COLUMN = {
  repeat_address: { column: 'address_key', cast: '' },
  repeat_caller: { column: 'caller_phone_bidx', cast: '' },
  grid_surge: { column: 'grid_id', cast: '::uuid' },
} as const;

function subjectOf(rule: WarningRuleRow, incident: IncidentRow): string | null {
  return rule.kind === 'repeat_address'
    ? incident.address_key
    : rule.kind === 'repeat_caller'
      ? incident.caller_phone_bidx
      : incident.grid_id;
}

/** One alert per rule, subject and window: the window bucket is counted from the epoch. */
function dedupeKeyOf(rule: WarningRuleRow, subject: string, at: Date): string {
  return `ew:${rule.id}:${subject}:${Math.floor(at.getTime() / (rule.window_days * 86_400_000))}`;
}

/**
 * Early-warning rules, evaluated on every new incident in its transaction:
 * repeat address, repeat caller, and a surge in one grid. Each alert names
 * the rule, the threshold and the incidents that triggered it, and goes to
 * the grid's community officer or the command room. One alert per rule and
 * subject per window.
 */
export class WarningsService {
  constructor(private readonly live: LiveEvents) {}

  async evaluate(tx: Tx, incident: IncidentRow, rules: WarningRuleRow[], officerOfGrid: string | null): Promise<void> {
    await this.evaluateMany(tx, [{ incident, officerOfGrid }], rules);
  }

  /**
   * The rules for several new incidents of one transaction, in one
   * statement: one branch per rule, each counting for every incident the
   * reports up to its own creation (up to its own number among reports of the
   * same instant), so the result is the same as evaluating them one by one in
   * order (an earlier one's alert makes a later one's a no-op). Only the
   * incidents that reach a rule's threshold come back, with the count (at
   * most 50) and the ten latest reports an alert explains itself with.
   */
  async evaluateMany(
    tx: Tx,
    items: { incident: IncidentRow; officerOfGrid: string | null }[],
    rules: WarningRuleRow[],
  ): Promise<void> {
    const branches: string[] = [];
    const params: unknown[] = [];
    let probed = 0;
    for (const [ruleAt, rule] of rules.entries()) {
      if (!rule.active) continue;
      const probes = items.flatMap(({ incident }, ord) => {
        if (!matchesCategory(rule, incident.category_code)) return [];
        if (rule.station_id && rule.station_id !== incident.station_id) return [];
        const subject = subjectOf(rule, incident);
        if (!subject) return [];
        const since = new Date(incident.created_at.getTime() - rule.window_days * 86_400_000);
        return [
          {
            ord,
            station_id: incident.station_id,
            subject,
            since,
            until: incident.created_at,
            number: incident.number,
            dedupe_key: dedupeKeyOf(rule, subject, incident.created_at),
          },
        ];
      });
      // A branch for every active rule, probes or not: the statement's text then changes only with the rules, and
      // the database keeps one prepared statement for it, not one per subset of rules a batch happens to touch.
      probed += probes.length;
      params.push(JSON.stringify(probes), rule.category_prefixes, rule.threshold);
      const [probesAt, prefixesAt, thresholdAt] = [params.length - 2, params.length - 1, params.length];
      const { column, cast } = COLUMN[rule.kind];
      branches.push(`SELECT ${ruleAt}::int AS rule, t.ord, h.n, h.ids, h.numbers, h.created, h.summaries, h.addresses
           FROM jsonb_to_recordset($${probesAt}::jsonb) AS t(ord integer, station_id uuid, subject text,
             since timestamptz, until timestamptz, number text, dedupe_key text)
           CROSS JOIN LATERAL (
             SELECT count(*)::int AS n, (array_agg(s.id ORDER BY s.created_at DESC))[1:10] AS ids,
                    (array_agg(s.number ORDER BY s.created_at DESC))[1:10] AS numbers,
                    (array_agg(s.created_at ORDER BY s.created_at DESC))[1:10] AS created,
                    (array_agg(s.summary ORDER BY s.created_at DESC))[1:10] AS summaries,
                    (array_agg(s.address ORDER BY s.created_at DESC))[1:10] AS addresses
               FROM (SELECT id, number, created_at, summary, address FROM incidents
                      WHERE station_id = t.station_id AND ${column} = t.subject${cast} AND created_at >= t.since
                        AND created_at <= t.until AND (created_at < t.until OR number <= t.number)
                        AND duplicate_of IS NULL
                        AND (cardinality($${prefixesAt}::text[]) = 0 OR category_code = ANY($${prefixesAt}::text[])
                             OR split_part(category_code, '.', 1) = ANY($${prefixesAt}::text[]))
                      ORDER BY created_at DESC LIMIT 50) s) h
          -- The window's alert for this rule and subject is already raised: raising again is a no-op,
          -- so skip counting (in a busy grid that is up to 50 rows per report).
          WHERE NOT EXISTS (SELECT 1 FROM command_alerts a WHERE a.dedupe_key = t.dedupe_key)
            AND h.n >= $${thresholdAt}::int`);
    }
    if (probed === 0) return;
    const r = await tx.query<{
      rule: number;
      ord: number;
      n: number;
      ids: string[];
      numbers: string[];
      created: Date[];
      summaries: string[];
      addresses: (string | null)[];
    }>(branches.join('\n UNION ALL\n'), params);
    // In incident order, then rule order: the alert a one-by-one evaluation would have raised first wins.
    const found = r.rows.sort((a, b) => a.ord - b.ord || a.rule - b.rule);
    for (const f of found) {
      const { incident, officerOfGrid } = items[f.ord] as (typeof items)[number];
      const rule = rules[f.rule] as WarningRuleRow;
      const hits: Hit[] = f.ids.map((id, i) => ({
        id,
        number: f.numbers[i] as string,
        created_at: f.created[i] as Date,
        summary: f.summaries[i] as string,
        address: f.addresses[i] ?? null,
      }));
      await this.raise(tx, incident, rule, subjectOf(rule, incident) ?? '', f.n, hits, officerOfGrid);
    }
  }

  private async raise(
    tx: Tx,
    incident: IncidentRow,
    rule: WarningRuleRow,
    subject: string,
    count: number,
    hits: Hit[],
    officerOfGrid: string | null,
  ): Promise<void> {
    const prefixes = rule.category_prefixes;
    const where =
      rule.kind === 'repeat_address'
        ? (incident.address ?? '')
        : rule.kind === 'repeat_caller'
          ? (incident.caller_phone_masked ?? '')
          : (incident.grid_code ?? '');
    const alertId = await insertAlert(tx, {
      stationId: incident.station_id,
      kind: 'early_warning',
      severity: 'warning',
      title: `${rule.name}：${KIND_ZH[rule.kind]}${where} ${rule.window_days} 天内 ${count} 起`,
      explanation: {
        rule: {
          id: rule.id,
          name: rule.name,
          kind: rule.kind,
          threshold: rule.threshold,
          windowDays: rule.window_days,
          categories: prefixes,
        },
        subject: where,
        count,
        incidents: hits.map((h) => ({
          id: h.id,
          number: h.number,
          createdAt: h.created_at.toISOString(),
          summary: h.summary,
          address: h.address,
        })),
      },
      incidentId: incident.id,
      orderId: null,
      gridId: incident.grid_id,
      targetPersonId: rule.target === 'community_officer' ? officerOfGrid : null,
      ruleId: rule.id,
      dedupeKey: dedupeKeyOf(rule, subject, incident.created_at),
      at: incident.created_at,
    });
    if (alertId) this.live.alert(tx, alertId);
  }
}
