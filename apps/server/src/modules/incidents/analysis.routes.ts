import {
  HeatmapQuery,
  HeatmapView,
  RepeatsQuery,
  RepeatsView,
  SummaryQuery,
  SummaryView,
  TrendsQuery,
  TrendsView,
} from '@fengqiao/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../platform/platform';
import type { AnalysisService } from './analysis.service';

/** `/api/analysis/*`: read-only, permission `analysis.read`, scoped to the caller's jurisdiction. */
export function analysisRoutes(analysis: AnalysisService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/analysis/heatmap',
      { config: { policy: 'analysis.read' }, schema: { querystring: HeatmapQuery, response: { 200: HeatmapView } } },
      async (req) => analysis.heatmap(ctxOf(req), req.query),
    );
    app.get(
      '/api/analysis/trends',
      { config: { policy: 'analysis.read' }, schema: { querystring: TrendsQuery, response: { 200: TrendsView } } },
      async (req) => analysis.trends(ctxOf(req), req.query),
    );
    app.get(
      '/api/analysis/repeats',
      { config: { policy: 'analysis.read' }, schema: { querystring: RepeatsQuery, response: { 200: RepeatsView } } },
      async (req) => analysis.repeats(ctxOf(req), req.query),
    );
    app.get(
      '/api/analysis/summary',
      { config: { policy: 'analysis.read' }, schema: { querystring: SummaryQuery, response: { 200: SummaryView } } },
      async (req) => analysis.summary(ctxOf(req), req.query),
    );
  };
}
