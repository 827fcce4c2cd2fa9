import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.ts'
import { defaultDataDir } from './dataDir.ts'
import { ConfigError } from './config.ts'
import { DEMO_CLERK } from './db/seed.ts'
import { userExists } from './db/userQueries.ts'
import { startMetricsServer, type MetricsServer } from './metrics/metricsServer.ts'

/**
 * `npm start`: builds the server from the environment, listens, and says where and how to sign in.
 * PORT (default 8000, 0 = any free port), HOST (default 127.0.0.1), SCANNER_DATA_DIR (default ./data),
 * SCANNER_ADMIN_PASSWORD (first start only, default admin), SCANNER_SEED_DEMO=0 (no demo data),
 * LOG_LEVEL (default info; logs go to stderr so stdout stays readable), SCANNER_TRUST_PROXY=1 (behind TLS),
 * METRICS_PORT (unset = none: serve /metrics without sign-in on 127.0.0.1 at this port, 0 = any free port).
 */
async function main(): Promise<void> {
  const port = parsePort(process.env.PORT, 'PORT')
  const metricsPort = process.env.METRICS_PORT ? parsePort(process.env.METRICS_PORT, 'METRICS_PORT') : null
  const host = process.env.HOST || '127.0.0.1'
  const dataDir = defaultDataDir()
  const adminPassword = process.env.SCANNER_ADMIN_PASSWORD || 'admin'
  const level = process.env.LOG_LEVEL || 'info'

  let app: FastifyInstance
  try {
    app = await buildApp({
      dataDir,
      adminPassword,
      logger: { level, stream: process.stderr },
      requestLogging: level === 'debug' || level === 'trace',
      trustProxy: process.env.SCANNER_TRUST_PROXY === '1',
    })
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Invoice Scanner cannot start: ${error.message}`)
      process.exit(1)
    }
    throw error
  }

  let metricsServer: MetricsServer | null = null
  if (metricsPort !== null) {
    try {
      metricsServer = await startMetricsServer(app.scanner.metrics, {
        port: metricsPort,
        onError: (error) => app.log.error({ err: error }, 'reading the metrics failed'),
      })
    } catch (error) {
      console.error(`Invoice Scanner cannot start: the metrics port ${metricsPort} on 127.0.0.1: ${(error as Error).message}`)
      await app.close()
      process.exit(1)
    }
  }
  installShutdown(app, metricsServer)
  await app.listen({ port, host })
  const address = app.server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port

  const { seed, db } = app.scanner
  if (seed.createdAdmin) {
    const source = process.env.SCANNER_ADMIN_PASSWORD ? 'from SCANNER_ADMIN_PASSWORD' : 'the default: change it'
    console.log(`Sign in as Administrator with password "${adminPassword}" (${source}). This is shown once, on first start.`)
  } else {
    console.log('Sign in as Administrator with the password set on first start.')
  }
  if (userExists(db, DEMO_CLERK.name)) {
    console.log(`Demo clerk: ${DEMO_CLERK.name} / ${DEMO_CLERK.password}`)
  }
  console.log(`Data: ${dataDir}`)
  if (metricsServer) console.log(`Metrics (no sign-in, this machine only): ${metricsServer.url}`)
  // Last, so whoever waits for this line (the e2e harness) has seen everything above it.
  const shownHost = host.includes(':') ? `[${host}]` : host
  console.log(`Invoice Scanner listening on http://${shownHost}:${actualPort}`)
}

function parsePort(raw: string | undefined, name: string): number {
  if (raw === undefined || raw === '') return 8000
  const port = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invoice Scanner cannot start: ${name} must be a whole number from 0 to 65535, got ${JSON.stringify(raw)}`)
    process.exit(1)
  }
  return port
}

/** SIGTERM/SIGINT close the metrics port, the server (in-flight requests finish) and SQLite, then exit. */
function installShutdown(app: FastifyInstance, metricsServer: MetricsServer | null): void {
  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    // A stuck connection must not keep the process alive forever.
    setTimeout(() => process.exit(1), 10_000).unref()
    Promise.resolve(metricsServer?.close())
      .then(() => app.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error)
          process.exit(1)
        },
      )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

await main()
