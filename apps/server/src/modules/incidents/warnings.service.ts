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
   * The rules for several new incidents of one transaction: one query per
   * rule for all of them. Each incident counts the reports up to its own
   * creation (up to its own number among reports of the same instant), so the
   * result is the same as evaluating them one by one in order (an earlier
   * one's alert makes a later one's a no-op).
   */
  async evaluateMany(
    tx: Tx,
    items: { incident: IncidentRow; officerOfGrid: string | null }[],
    rules: WarningRuleRow[],
  ): Promise<void> {
    const alerts: { ord: number; rule: WarningRuleRow; subject: string; hits: Hit[] }[] = [];
    for (const rule of rules) {
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
      if (probes.length === 0) continue;
      const { column, cast } = COLUMN[rule.kind];
      const r = await tx.query<Hit & { ord: number }>(
        `SELECT t.ord, h.id, h.number, h.created_at, h.summary, h.address
           FROM jsonb_to_recordset($1::jsonb) AS t(ord integer, station_id uuid, subject text, since timestamptz,
             until timestamptz, number text, dedupe_key text)
           CROSS JOIN LATERAL (
             SELECT id, number, created_at, summary, address FROM incidents
              WHERE station_id = t.station_id AND ${column} = t.subject${cast} AND created_at >= t.since
                AND created_at <= t.until AND (created_at < t.until OR number <= t.number) AND duplicate_of IS NULL
                AND (cardinality($2::text[]) = 0 OR category_code = ANY($2::text[])
                     OR split_part(category_code, '.', 1) = ANY($2::text[]))
              ORDER BY created_at DESC LIMIT 50) h
          -- The window's alert for this rule and subject is already raised: raising again is a no-op,
          -- so skip reading the hits (in a busy grid that is up to 50 rows per report).
          WHERE NOT EXISTS (SELECT 1 FROM command_alerts a WHERE a.dedupe_key = t.dedupe_key)
          ORDER BY t.ord, h.created_at DESC`,
        [JSON.stringify(probes), rule.category_prefixes],
      );
      const hitsOf = new Map<number, Hit[]>();
      for (const { ord, ...h } of r.rows) {
        const list = hitsOf.get(ord) ?? [];
        list.push(h);
        hitsOf.set(ord, list);
      }
      for (const p of probes) {
        const hits = hitsOf.get(p.ord) ?? [];
        if (hits.length >= rule.threshold) alerts.push({ ord: p.ord, rule, subject: p.subject, hits });
      }
    }
    // In incident order, then rule order: the alert a one-by-one evaluation would have raised first wins.
    alerts.sort((a, b) => a.ord - b.ord || rules.indexOf(a.rule) - rules.indexOf(b.rule));
    for (const a of alerts) {
      const { incident, officerOfGrid } = items[a.ord] as (typeof items)[number];
      await this.raise(tx, incident, a.rule, a.subject, a.hits, officerOfGrid);
    }
  }

  private async raise(
    tx: Tx,
    incident: IncidentRow,
    rule: WarningRuleRow,
    subject: string,
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
      title: `${rule.name}：${KIND_ZH[rule.kind]}${where} ${rule.window_days} 天内 ${hits.length} 起`,
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
        count: hits.length,
        incidents: hits.slice(0, 10).map((h) => ({
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
