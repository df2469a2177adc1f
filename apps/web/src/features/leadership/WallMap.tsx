import { useEffect, useMemo, useRef, useState } from 'react';
import { boundsOf, makeProjection, svgPath } from '../map/map-data';
import type { WallView } from './queries';

type Geometry = Parameters<typeof svgPath>[0];

/** Shades from few to many incidents (the wall's dark background). */
function shade(n: number, max: number): string {
  const k = max === 0 ? 0 : n / max;
  const stops = ['#123a6b', '#1f5fa0', '#d9a21b', '#e0662b', '#d1242f'];
  return stops[Math.min(stops.length - 1, Math.floor(k * (stops.length - 0.01)))] ?? stops[0] ?? '#123a6b';
}

/**
 * The town's grids shaded by this month's incidents, drawn as SVG (the
 * wall runs on command-room PCs without WebGL as well), each labelled with
 * its code and count.
 */
export function WallMap({ grids, label }: { grids: WallView['grids']; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 600, height: 420 });
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ width: el.clientWidth || 600, height: el.clientHeight || 420 }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const geoms = useMemo(() => grids.map((g) => g.geometry as Geometry).filter(Boolean), [grids]);
  const bounds = useMemo(() => boundsOf(geoms), [geoms]);
  const project = useMemo(
    () => (bounds ? makeProjection(bounds, size.width, size.height, 12) : null),
    [bounds, size.width, size.height],
  );
  const max = Math.max(0, ...grids.map((g) => g.incidents));
  return (
    <div ref={box} style={{ width: '100%', height: 420 }} data-testid="wall-map">
      {project ? (
        <svg width={size.width} height={size.height} role="img" aria-label={label}>
          <title>{label}</title>
          {grids.map((g) => (
            <path
              key={g.gridId}
              d={svgPath(g.geometry as Geometry, project)}
              fill={shade(g.incidents, max)}
              fillOpacity={0.85}
              stroke="#07162b"
              strokeWidth={1}
            >
              <title>{`${g.code} ${g.name}: ${g.incidents}`}</title>
            </path>
          ))}
          {grids.map((g) => {
            const [x, y] = project(g.centroid);
            return (
              <text
                key={`t${g.gridId}`}
                x={x}
                y={y}
                fill="#ffffff"
                fontSize={11}
                textAnchor="middle"
                pointerEvents="none"
              >
                {g.code}·{g.incidents}
              </text>
            );
          })}
        </svg>
      ) : null}
    </div>
  );
}
