import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ServerMetrics } from './serverMetrics.ts'

export interface MetricsServerOptions {
  port: number
  /** Default 127.0.0.1: the port has no authentication, so it must not be reachable from outside. */
  host?: string
  /** Told about a scrape that failed (the server's logger). */
  onError?: (error: unknown) => void
}

/** A running metrics port; `close()` stops it. */
export interface MetricsServer {
  url: string
  close: () => Promise<void>
}

/**
 * Serves `GET /metrics` without authentication on a port of its own (METRICS_PORT), for a Prometheus
 * on the same machine. Anything else there is a 404; only GET and HEAD are answered.
 */
export async function startMetricsServer(metrics: ServerMetrics, options: MetricsServerOptions): Promise<MetricsServer> {
  const host = options.host ?? '127.0.0.1'
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0]
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: only /metrics is served here\n')
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Only GET\n')
      return
    }
    metrics.scrape().then(
      (text) => {
        response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' })
        response.end(request.method === 'HEAD' ? undefined : text)
      },
      (error: unknown) => {
        options.onError?.(error)
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Reading the metrics failed: see the server log\n')
      },
    )
  })
  // A scraper keeps its connection; without this, close() would wait for it forever.
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shownHost}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
