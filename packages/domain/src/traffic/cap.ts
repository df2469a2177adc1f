import type { FogGrade } from './fog-grades';

/** What a CAP 1.2 fog alert is built from. */
export interface CapFogAlert {
  identifier: string;
  sender: string;
  senderName: string;
  sent: Date;
  msgType: 'Alert' | 'Update' | 'Cancel';
  /** Earlier alerts this one updates or cancels: `sender,identifier,sent`. */
  references: string[];
  grade: FogGrade;
  effective: Date;
  expires: Date;
  headline: string;
  description: string;
  instruction: string;
  areaDesc: string;
  /** Closed ring of [lng, lat]. */
  polygon: [number, number][];
  minVisibilityM: number;
  roadName: string;
}

const SEVERITY: Record<FogGrade, string> = { yellow: 'Moderate', orange: 'Severe', red: 'Extreme' };
const URGENCY: Record<FogGrade, string> = { yellow: 'Expected', orange: 'Immediate', red: 'Immediate' };
const GRADE_ZH: Record<FogGrade, string> = { yellow: '黄色', orange: '橙色', red: '红色' };

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** CAP dateTime: no fractional seconds, explicit offset (here China time, +08:00). */
export function capTime(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3_600_000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

/** CAP polygon text: "lat,lon" pairs separated by spaces, first and last the same. */
export function capPolygon(ring: readonly [number, number][]): string {
  const pts = ring.map(([lng, lat]) => `${lat.toFixed(6)},${lng.toFixed(6)}`);
  if (pts.length > 0 && pts[0] !== pts[pts.length - 1]) pts.push(pts[0] as string);
  return pts.join(' ');
}

/** One CAP 1.2 alert (OASIS, urn:oasis:names:tc:emergency:cap:1.2) for a fog warning on a road stretch. */
export function capFogAlertXml(a: CapFogAlert): string {
  const refs = a.references.length > 0 ? `\n  <references>${esc(a.references.join(' '))}</references>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${esc(a.identifier)}</identifier>
  <sender>${esc(a.sender)}</sender>
  <sent>${capTime(a.sent)}</sent>
  <status>Actual</status>
  <msgType>${a.msgType}</msgType>
  <scope>Public</scope>${refs}
  <info>
    <language>zh-CN</language>
    <category>Met</category>
    <category>Transport</category>
    <event>大雾${GRADE_ZH[a.grade]}预警</event>
    <responseType>${a.grade === 'red' ? 'Avoid' : 'Prepare'}</responseType>
    <urgency>${URGENCY[a.grade]}</urgency>
    <severity>${SEVERITY[a.grade]}</severity>
    <certainty>Likely</certainty>
    <eventCode>
      <valueName>fogGrade</valueName>
      <value>${a.grade}</value>
    </eventCode>
    <effective>${capTime(a.effective)}</effective>
    <expires>${capTime(a.expires)}</expires>
    <senderName>${esc(a.senderName)}</senderName>
    <headline>${esc(a.headline)}</headline>
    <description>${esc(a.description)}</description>
    <instruction>${esc(a.instruction)}</instruction>
    <parameter>
      <valueName>minVisibilityM</valueName>
      <value>${Math.round(a.minVisibilityM)}</value>
    </parameter>
    <parameter>
      <valueName>road</valueName>
      <value>${esc(a.roadName)}</value>
    </parameter>
    <area>
      <areaDesc>${esc(a.areaDesc)}</areaDesc>
      <polygon>${capPolygon(a.polygon)}</polygon>
    </area>
  </info>
</alert>
`;
}
