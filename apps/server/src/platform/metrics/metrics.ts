import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { AppError } from '../errors';
import type { Platform } from '../platform';
import { ClusterBus } from '../realtime/cluster.bus';

export interface MetricsOptions {
  /** When set, scrapes must send `Authorization: Bearer <token>` (FENGQIAO_METRICS_TOKEN). */
  token?: string | null;
}

/**
 * `GET /metrics` in the Prometheus text format: request rate and latency per
 * route, job queue depth and timer lag (read from the jobs table, so every
 * node reports the cluster-wide queue), live WebSocket connections, which
 * transport live events leave by, and the process's own figures. One
 * registry per app instance, so tests can build many apps in one process.
 */
export function registerMetrics(app: FastifyInstance, p: Platform, options: MetricsOptions = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ engine: p.db.engine });
  collectDefaultMetrics({ register: registry, prefix: 'fengqiao_' });

  const requests = new Counter({
    name: 'fengqiao_http_requests_total',
    help: 'HTTP requests answered, by route template, method and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'fengqiao_http_request_duration_seconds',
    help: 'Time from request to response, by route template and method',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  // The jobs table is shared by every node: one query at scrape time gives depth and lag together.
  const readJobs = async () => {
    const r = await p.db.query<{ kind: string; due: number; scheduled: number; lag: number | null }>(
      `SELECT kind,
              count(*) FILTER (WHERE run_at <= now())::int AS due,
              count(*) FILTER (WHERE run_at > now())::int AS scheduled,
              extract(epoch FROM now() - min(run_at) FILTER (WHERE run_at <= now()))::float8 AS lag
         FROM jobs WHERE status = 'pending' GROUP BY kind`,
    );
    return r.rows;
  };
  let jobsSnapshot: Promise<Awaited<ReturnType<typeof readJobs>>> | null = null;
  const jobsOnce = () => {
    // Both gauges read the same snapshot within one scrape.
    jobsSnapshot ??= readJobs().finally(() => {
      setTimeout(() => {
        jobsSnapshot = null;
      }, 50).unref();
    });
    return jobsSnapshot;
  };
  new Gauge({
    name: 'fengqiao_jobs_pending',
    help: 'Pending jobs and timers by kind: due (runnable now, the queue depth) or scheduled (future timers)',
    labelNames: ['kind', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await jobsOnce()) {
        this.set({ kind: row.kind, state: 'due' }, row.due);
        this.set({ kind: row.kind, state: 'scheduled' }, row.scheduled);
      }
    },
  });
  new Gauge({
    name: 'fengqiao_timer_lag_seconds',
    help: 'How late the oldest due job or timer of each kind is (0 when none is waiting); alert when it grows',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await jobsOnce()) this.set({ kind: row.kind }, row.lag ?? 0);
    },
  });
  new Gauge({
    name: 'fengqiao_live_connections',
    help: 'Open WebSocket connections (/api/live) on this node',
    registers: [registry],
    collect() {
      this.set(app.websocketServer?.clients.size ?? 0);
    },
  });
  if (p.bus instanceof ClusterBus) {
    const bus = p.bus;
    new Gauge({
      name: 'fengqiao_live_route',
      help: 'The transport live events leave this node by (1 for the one in use: nats, postgres-notify or local)',
      labelNames: ['transport'] as const,
      registers: [registry],
      collect() {
        this.reset();
        this.set({ transport: bus.route() }, 1);
      },
    });
  }

  app.addHook('onResponse', async (req, reply) => {
    // Route templates, never raw URLs, so ids do not explode the label set.
    const route = req.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    const labels = { method: req.method, route };
    requests.inc({ ...labels, status: String(reply.statusCode) });
    latency.observe(labels, reply.elapsedTime / 1000);
  });

  const expected = options.token ? Buffer.from(`Bearer ${options.token}`) : null;
  app.get('/metrics', { config: { policy: 'public' }, schema: { hide: true } }, async (req, reply) => {
    if (expected) {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new AppError('unauthorized', 'metrics need the bearer token');
      }
    }
    const body = await registry.metrics();
    return reply.type(registry.contentType).send(body);
  });
  return registry;
}
