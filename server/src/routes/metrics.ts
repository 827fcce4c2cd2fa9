import type { FastifyInstance } from 'fastify'
import { ROLE_SYSTEM_MANAGER } from '../domain/users.ts'
import { requireRole } from '../http/auth.ts'
import { endpointLabel, verbLabel } from '../metrics/endpoint.ts'
import type { ServerMetrics } from '../metrics/serverMetrics.ts'

/**
 * `GET /metrics` in Prometheus text format, for a System Manager (session or `token key:secret`);
 * a guest gets 401 and anyone else 403, Frappe-style. A scraper without credentials uses the
 * metrics port instead (METRICS_PORT, see metrics/metricsServer.ts).
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: ServerMetrics): void {
  app.get('/metrics', async (request, reply) => {
    requireRole(request, [ROLE_SYSTEM_MANAGER])
    const text = await metrics.scrape()
    return reply.type(metrics.contentType).header('Cache-Control', 'no-store').send(text)
  })
}

/** Counts every answered request and its latency, labelled by {@link endpointLabel}. */
export function installRequestMetrics(app: FastifyInstance, metrics: ServerMetrics, isMethod: (name: string) => boolean): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(
      { endpoint: endpointLabel(request, isMethod), verb: verbLabel(request), status: reply.statusCode },
      reply.elapsedTime / 1000,
    )
  })
}
