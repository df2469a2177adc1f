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
    for (const rule of rules) {
      if (!rule.active || !matchesCategory(rule, incident.category_code)) continue;
      if (rule.station_id && rule.station_id !== incident.station_id) continue;
      const subject =
        rule.kind === 'repeat_address'
          ? incident.address_key
          : rule.kind === 'repeat_caller'
            ? incident.caller_phone_bidx
            : incident.grid_id;
      if (!subject) continue;
      const column =
        rule.kind === 'repeat_address'
          ? 'address_key'
          : rule.kind === 'repeat_caller'
            ? 'caller_phone_bidx'
            : 'grid_id';
      const since = new Date(incident.created_at.getTime() - rule.window_days * 86_400_000);
      const prefixes = rule.category_prefixes;
      const hits = await tx.query<{
        id: string;
        number: string;
        created_at: Date;
        summary: string;
        address: string | null;
      }>(
        `SELECT id, number, created_at, summary, address FROM incidents
          WHERE station_id = $1 AND ${column} = $2 AND created_at >= $3 AND created_at <= $4 AND duplicate_of IS NULL
            AND (cardinality($5::text[]) = 0 OR category_code = ANY($5::text[])
                 OR split_part(category_code, '.', 1) = ANY($5::text[]))
          ORDER BY created_at DESC LIMIT 50`,
        [incident.station_id, subject, since, incident.created_at, prefixes],
      );
      if (hits.rows.length < rule.threshold) continue;
      // One alert per rule, subject and window: the window bucket is counted from the epoch.
      const bucket = Math.floor(incident.created_at.getTime() / (rule.window_days * 86_400_000));
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
        title: `${rule.name}：${KIND_ZH[rule.kind]}${where} ${rule.window_days} 天内 ${hits.rows.length} 起`,
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
          count: hits.rows.length,
          incidents: hits.rows.slice(0, 10).map((h) => ({
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
        dedupeKey: `ew:${rule.id}:${subject}:${bucket}`,
        at: incident.created_at,
      });
      if (alertId) this.live.alert(tx, alertId);
    }
  }
}
