import type { ShapeInput } from '@fengqiao/contracts';
import type { MouseEvent } from 'react';

export type DraftShape = ShapeInput & { id?: string };
export type Tool = 'zone' | 'line' | 'mask' | null;

const COLORS = { zone: '#1677ff', line: '#fa8c16', mask: '#8c8c8c' } as const;

/**
 * The camera's snapshot with its shapes drawn over it in an SVG whose
 * coordinates are the normalised [0, 1] image coordinates the rules use.
 * Clicking adds a point to the shape being drawn.
 */
export function ZoneCanvas({
  src,
  shapes,
  draft,
  tool,
  onPoint,
}: {
  src: string | null;
  shapes: DraftShape[];
  draft: [number, number][];
  tool: Tool;
  onPoint: (p: [number, number]) => void;
}) {
  const click = (e: MouseEvent<SVGSVGElement>) => {
    if (!tool) return;
    const r = e.currentTarget.getBoundingClientRect();
    const x = Math.min(1, Math.max(0, (e.clientX - r.left) / r.width));
    const y = Math.min(1, Math.max(0, (e.clientY - r.top) / r.height));
    onPoint([Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000]);
  };
  const pts = (p: readonly (readonly [number, number])[]) => p.map(([x, y]) => `${x * 1000},${y * 562.5}`).join(' ');
  return (
    <div className="fq-cam-canvas">
      {src ? <img src={src} alt="" draggable={false} /> : <div className="fq-cam-placeholder" />}
      {/* Drawing is pointing at the picture; the shapes' list and forms below are the keyboard path. */}
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: placing a vertex needs a pointer position */}
      <svg
        role="img"
        aria-label="camera view"
        viewBox="0 0 1000 562.5"
        preserveAspectRatio="none"
        onClick={click}
        data-testid="zone-canvas"
        style={{ cursor: tool ? 'crosshair' : 'default' }}
      >
        <defs>
          <marker
            id="fq-arrow"
            viewBox="0 0 10 10"
            refX="5"
            refY="5"
            markerWidth="5"
            markerHeight="5"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" fill={COLORS.line} />
          </marker>
        </defs>
        {shapes.map((s, i) => {
          const c = COLORS[s.kind];
          const key = s.id ?? `new-${i}`;
          if (s.kind === 'line') {
            const [a, b] = s.points;
            if (!a || !b) return null;
            // The arrow shows the flagged direction: perpendicular to A→B, to its right for left→right.
            const mx = ((a[0] + b[0]) / 2) * 1000;
            const my = ((a[1] + b[1]) / 2) * 562.5;
            const dx = (b[0] - a[0]) * 1000;
            const dy = (b[1] - a[1]) * 562.5;
            const len = Math.hypot(dx, dy) || 1;
            const sign = s.direction === 'right_to_left' ? -1 : 1;
            const nx = (-dy / len) * 40 * sign;
            const ny = (dx / len) * 40 * sign;
            return (
              <g key={key}>
                <line
                  x1={a[0] * 1000}
                  y1={a[1] * 562.5}
                  x2={b[0] * 1000}
                  y2={b[1] * 562.5}
                  stroke={c}
                  strokeWidth={4}
                />
                {s.direction !== 'any' ? (
                  <line
                    x1={mx - nx}
                    y1={my - ny}
                    x2={mx + nx}
                    y2={my + ny}
                    stroke={c}
                    strokeWidth={3}
                    markerEnd="url(#fq-arrow)"
                  />
                ) : null}
                <text x={a[0] * 1000 + 6} y={a[1] * 562.5 - 8} fill={c} className="fq-cam-label">
                  {s.name}
                </text>
              </g>
            );
          }
          const first = s.points[0];
          return (
            <g key={key}>
              <polygon
                points={pts(s.points)}
                fill={c}
                fillOpacity={s.kind === 'mask' ? 0.45 : 0.22}
                stroke={c}
                strokeWidth={3}
                strokeDasharray={s.kind === 'mask' ? '8 6' : undefined}
              />
              {first ? (
                <text x={first[0] * 1000 + 6} y={first[1] * 562.5 + 22} fill="#fff" className="fq-cam-label">
                  {s.name}
                </text>
              ) : null}
            </g>
          );
        })}
        {draft.length > 0 && tool ? (
          <g>
            <polyline points={pts(draft)} fill="none" stroke={COLORS[tool]} strokeWidth={3} strokeDasharray="6 4" />
            {draft.map(([x, y]) => (
              <circle key={`${x},${y}`} cx={x * 1000} cy={y * 562.5} r={7} fill={COLORS[tool]} />
            ))}
          </g>
        ) : null}
      </svg>
    </div>
  );
}
