import type { HeatmapView, TrendsView } from '@fengqiao/contracts';

/**
 * Pure shaping of the analysis views for the charts. The numbers are the
 * server's; nothing here computes an indicator of its own except sums for
 * the chart's colour scale.
 */

export type Granularity = 'day' | 'week' | 'month';

/** Days in a `from`..`to` period (both included). */
export function periodDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** A readable bucket size for a period: days up to a month, weeks up to ~4 months, months beyond. */
export function defaultGranularity(days: number): Granularity {
  if (days <= 31) return 'day';
  if (days <= 120) return 'week';
  return 'month';
}

export interface HeatCells {
  /** Grid labels top to bottom (busiest first, as the server orders them). */
  rows: string[];
  /** [hour, rowIndex, count] triples for ECharts' heatmap. */
  cells: [number, number, number][];
  max: number;
}

/** The heat map's rows and cells; `outside` labels reports outside every grid. */
export function heatCells(view: HeatmapView, outside: string): HeatCells {
  // ECharts draws the first category at the bottom; reverse so the busiest grid is on top.
  const grids = [...view.grids].reverse();
  const rows = grids.map((g) => g.gridCode ?? outside);
  const cells: [number, number, number][] = [];
  let max = 0;
  grids.forEach((g, row) => {
    g.hours.forEach((n, hour) => {
      cells.push([hour, row, n]);
      if (n > max) max = n;
    });
  });
  return { rows, cells, max };
}

/** The busiest hour of the day over the grids shown, or null for an empty period. */
export function peakHour(view: HeatmapView): number | null {
  let best = -1;
  let at: number | null = null;
  view.hours.forEach((n, h) => {
    if (n > best && n > 0) {
      best = n;
      at = h;
    }
  });
  return at;
}

/** Change in percent formatted with its sign, or null without a comparison. */
export function formatChange(pct: number | null): string | null {
  if (pct === null) return null;
  return `${pct > 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

/** The trend series to draw: every category that had reports in either period, busiest first. */
export function activeSeries(view: TrendsView): TrendsView['series'] {
  return view.series.filter((s) => s.total > 0 || s.previousTotal > 0).sort((a, b) => b.total - a.total);
}
