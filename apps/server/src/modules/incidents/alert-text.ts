/**
 * An alert's explanation as one Chinese sentence, for the live push and for
 * anyone reading the alert without a client that words the structured
 * explanation itself (the web UI words it in the user's language).
 */

const MISSED: Record<string, string> = { ack: '签收', arrive: '到达现场', resolve: '处置完毕' };
const SUBJECT: Record<string, string> = {
  repeat_address: '同一地址',
  repeat_caller: '同一来电号码',
  grid_surge: '同一网格',
};

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** China-local HH:mm:ss of an ISO instant (UTC+8, no daylight saving). */
function localTime(iso: string | null): string {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) return '—';
  return new Date(ms + 8 * 3_600_000).toISOString().slice(11, 19);
}

export function alertExplanationText(kind: string, e: Record<string, unknown>): string {
  if (kind === 'deadline_breach' || kind === 'escalation') {
    const missed = MISSED[str(e.kind) ?? ''] ?? '完成';
    const level = num(e.escalationLevel) ?? 1;
    const base = `${str(e.assignee) || '接令方'}未在 ${localTime(str(e.dueAt))} 前${missed}`;
    return level >= 2 ? `${base}；第 ${level} 次超时，已升级至所领导` : base;
  }
  if (kind === 'early_warning') {
    const rule = e.rule && typeof e.rule === 'object' ? (e.rule as Record<string, unknown>) : {};
    const numbers = Array.isArray(e.incidents)
      ? e.incidents.flatMap((i) => (i && typeof i === 'object' ? [str((i as Record<string, unknown>).number)] : []))
      : [];
    const listed = numbers.filter((n): n is string => n !== null).slice(0, 5);
    return (
      `规则“${str(rule.name) ?? ''}”：${SUBJECT[str(rule.kind) ?? ''] ?? ''}${str(e.subject) ?? ''} ` +
      `${num(rule.windowDays) ?? '?'} 天内 ${num(e.count) ?? listed.length} 起（阈值 ${num(rule.threshold) ?? '?'} 起）` +
      (listed.length > 0 ? `：${listed.join('、')}` : '')
    );
  }
  if (kind === 'outside_jurisdiction') {
    const point = Array.isArray(e.point) ? e.point.map((x) => num(x)) : null;
    const where = str(e.address) ?? (point?.[0] != null && point[1] != null ? `${point[0]}, ${point[1]}` : '未知位置');
    return `报警位置（${where}）不在本所任何网格内，请核实后移交`;
  }
  return '';
}
