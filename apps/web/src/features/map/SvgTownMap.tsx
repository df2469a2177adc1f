import type { TownMap } from '@fengqiao/contracts';
import { Alert } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { KIND_COLOURS, makeProjection, ROAD_STYLE, roadCollection, svgPath, townBounds } from './map-data';

/**
 * The map without WebGL: the same grids, roads and boundary drawn as SVG,
 * still clickable, without zoom or base tiles.
 */
export function SvgTownMap({
  town,
  selectedId,
  onSelect,
  title,
  body,
}: {
  town: TownMap;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  title: string;
  body: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 800, height: 600 });
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ width: el.clientWidth || 800, height: el.clientHeight || 600 }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const bounds = townBounds(town);
  const project = useMemo(
    () => (bounds ? makeProjection(bounds, size.width, size.height, 24) : null),
    [bounds, size.width, size.height],
  );
  return (
    <div className="fq-map-wrap" data-testid="town-map" data-state="fallback">
      <div ref={box} className="fq-map fq-map-svg">
        {project ? (
          <svg width={size.width} height={size.height} role="img" aria-label={title}>
            <title>{title}</title>
            {town.boundary ? <path d={svgPath(town.boundary, project)} fill="#ffffff" stroke="none" /> : null}
            {town.grids.map((g) => (
              // biome-ignore lint/a11y/useSemanticElements: an SVG shape cannot be a <button>; role and keys make it one
              <path
                key={g.id}
                d={svgPath(g.geometry, project)}
                fill={KIND_COLOURS[g.kind]}
                fillOpacity={g.id === selectedId ? 0.7 : 0.38}
                stroke={g.id === selectedId ? '#c8102e' : '#ffffff'}
                strokeWidth={g.id === selectedId ? 3 : 1.2}
                style={{ cursor: 'pointer' }}
                role="button"
                tabIndex={0}
                aria-label={`${g.code} ${g.name}`}
                onClick={() => onSelect(g.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') onSelect(g.id);
                }}
              >
                <title>{`${g.code} ${g.name}`}</title>
              </path>
            ))}
            {roadCollection(town.roads).features.map((f) => (
              <polyline
                key={f.properties.id}
                points={f.geometry.coordinates.map((p) => project(p).join(',')).join(' ')}
                fill="none"
                stroke={ROAD_STYLE[f.properties.kind].colour}
                strokeWidth={ROAD_STYLE[f.properties.kind].width * 0.6}
                strokeLinecap="round"
                pointerEvents="none"
              />
            ))}
            {town.boundary ? (
              <path
                d={svgPath(town.boundary, project)}
                fill="none"
                stroke="#1f4e9c"
                strokeWidth={2.4}
                strokeDasharray="8 4"
              />
            ) : null}
            {town.grids.map((g) => {
              const [x, y] = project(g.centroid);
              return (
                <text key={g.id} x={x} y={y} className="fq-svg-label" textAnchor="middle" dominantBaseline="middle">
                  {g.code}
                </text>
              );
            })}
          </svg>
        ) : null}
      </div>
      <Alert className="fq-map-fallback-note" type="warning" showIcon title={title} description={body} />
    </div>
  );
}
