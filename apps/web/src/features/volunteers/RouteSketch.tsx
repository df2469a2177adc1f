import type { MouseEvent } from 'react';

type Pt = [number, number];

export interface SketchCheckpoint {
  id: string;
  name: string;
  point: Pt;
  radiusM: number;
  passed?: boolean;
}

/**
 * A route drawn as SVG from its coordinates: the patrol line, checkpoint
 * circles (green once passed), the track, the phone's position. No tiles,
 * so it works offline on a patrol and on a station without a map server.
 * With `onPick`, a click reports the clicked WGS-84 point (route planning).
 */
export function RouteSketch({
  path,
  checkpoints,
  track = [],
  position = null,
  extra = [],
  height = 220,
  onPick,
  testId,
  title = 'route',
}: {
  path: Pt[];
  checkpoints: SketchCheckpoint[];
  track?: Pt[];
  position?: Pt | null;
  /** Other points to keep in view (a hazard, a planned vertex). */
  extra?: Pt[];
  height?: number;
  onPick?: (p: Pt) => void;
  testId?: string;
  /** The accessible name of the drawing. */
  title?: string;
}) {
  const width = 360;
  const all = [...path, ...checkpoints.map((c) => c.point), ...track, ...extra, ...(position ? [position] : [])];
  const fallback: Pt = [116.68, 39.058];
  const lngs = all.length > 0 ? all.map((p) => p[0]) : [fallback[0] - 0.005, fallback[0] + 0.005];
  const lats = all.length > 0 ? all.map((p) => p[1]) : [fallback[1] - 0.003, fallback[1] + 0.003];
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const k = Math.cos((midLat * Math.PI) / 180);
  // Metres per degree, to size checkpoint circles; a floor keeps a single point from dividing by zero.
  const spanX = Math.max((Math.max(...lngs) - Math.min(...lngs)) * k, 0.002);
  const spanY = Math.max(Math.max(...lats) - Math.min(...lats), 0.002);
  const pad = 24;
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  const cx = (Math.min(...lngs) + Math.max(...lngs)) / 2;
  const cy = (Math.min(...lats) + Math.max(...lats)) / 2;
  const x = (lng: number) => width / 2 + (lng - cx) * k * scale;
  const y = (lat: number) => height / 2 - (lat - cy) * scale;
  const metre = scale / 111_320;
  const line = (pts: Pt[]) => pts.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');

  const pick = (e: MouseEvent<SVGSVGElement>) => {
    if (!onPick) return;
    const r = e.currentTarget.getBoundingClientRect();
    const px = ((e.clientX - r.left) / r.width) * width;
    const py = ((e.clientY - r.top) / r.height) * height;
    onPick([cx + (px - width / 2) / (k * scale), cy - (py - height / 2) / scale]);
  };

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: picking a point is a pointer gesture; the forms around it take typed values too
    <svg
      viewBox={`0 0 ${width} ${height}`}
      className="vp-sketch"
      role="img"
      data-testid={testId}
      onClick={pick}
      style={onPick ? { cursor: 'crosshair' } : undefined}
    >
      <title>{title}</title>
      {path.length > 1 ? (
        <polyline
          points={line(path)}
          fill="none"
          stroke="#8fb3e8"
          strokeWidth={10}
          strokeLinecap="round"
          opacity={0.5}
        />
      ) : null}
      {path.length > 1 ? <polyline points={line(path)} fill="none" stroke="#1f4e9c" strokeWidth={3} /> : null}
      {track.length > 1 ? (
        <polyline points={line(track)} fill="none" stroke="#fa8c16" strokeWidth={2} strokeDasharray="4 3" />
      ) : null}
      {checkpoints.map((c, i) => (
        <g key={c.id}>
          <circle
            cx={x(c.point[0])}
            cy={y(c.point[1])}
            r={Math.max(6, c.radiusM * metre)}
            fill={c.passed ? 'rgba(56,158,13,0.25)' : 'rgba(31,78,156,0.15)'}
            stroke={c.passed ? '#389e0d' : '#1f4e9c'}
          />
          <text
            x={x(c.point[0])}
            y={y(c.point[1]) + 4}
            textAnchor="middle"
            fontSize={11}
            fontWeight={700}
            fill="#1d2433"
          >
            {i + 1}
          </text>
        </g>
      ))}
      {extra.map((p) => (
        <circle key={`${p[0]},${p[1]}`} cx={x(p[0])} cy={y(p[1])} r={5} fill="#cf1322" />
      ))}
      {position ? (
        <circle cx={x(position[0])} cy={y(position[1])} r={7} fill="#1677ff" stroke="#fff" strokeWidth={2} />
      ) : null}
    </svg>
  );
}
