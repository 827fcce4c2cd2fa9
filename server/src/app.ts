import { resolve } from 'node:path'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import multipart from '@fastify/multipart'
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { loadSiteConfig, type SiteConfig } from './config.ts'
import { FILES_DIR } from './dataDir.ts'
import { openDatabase, synchronousFromEnv, type Db } from './db/database.ts'
import { seedIfEmpty, type SeedResult } from './db/seed.ts'
import { shrinkMemory } from './db/stats.ts'
import { ItemLookup } from './domain/invoiceItems.ts'
import { HashGate } from './domain/hashGate.ts'
import { LoginThrottle } from './domain/loginThrottle.ts'
import { MemoryGuard } from './domain/memory.ts'
import { deleteExpiredSessions } from './domain/sessions.ts'
import { clientErrorHandler, frameworkErrorHandler, installErrorHandler } from './frappe/errorHandler.ts'
import { installAuth } from './http/auth.ts'
import type { AppContext } from './http/context.ts'
import { registerAuthMethods } from './routes/auth.ts'
import { registerFileRoutes } from './routes/files.ts'
import { ServerMetrics } from './metrics/serverMetrics.ts'
import { registerFrappeClientMethods } from './routes/methods/frappeClient.ts'
import { registerInvoiceMethods } from './routes/methods/invoices.ts'
import { registerMemoryMethods } from './routes/methods/memory.ts'
import { registerPing } from './routes/methods/ping.ts'
import { MethodRegistry } from './routes/methods/registry.ts'
import { registerSessionInfo } from './routes/methods/session.ts'
import { registerUploadFile } from './routes/methods/uploadFile.ts'
import { installRequestMetrics, registerMetricsRoute } from './routes/metrics.ts'
import { registerResourceRoutes } from './routes/resource.ts'
import { registerSpa } from './routes/spa.ts'

/** Big enough for a 500-item batch with descriptions; beyond it Fastify's 413 becomes Frappe's. */
const JSON_BODY_LIMIT = 2 * 1024 * 1024
/** The largest upload, as on a default Frappe site. */
const UPLOAD_LIMIT = 10 * 1024 * 1024

export const REPO_ROOT = resolve(import.meta.dirname, '../..')

export interface BuildAppOptions {
  /** Holds scanner.db, files/ and site_config.json; created if missing. */
  dataDir: string
  /** The built SPA; default SCANNER_DIST_DIR or `<repo>/dist`. */
  distDir?: string
  logger?: FastifyServerOptions['logger']
  /** Log one line per request (off by default: the log is for problems and memory). */
  requestLogging?: boolean
  /** Administrator's password on first start; default SCANNER_ADMIN_PASSWORD or `admin`. */
  adminPassword?: string
  /** Seed the demo clerk, Suppliers and Items on first start; default unless SCANNER_SEED_DEMO=0. */
  seedDemo?: boolean
  /** Trust X-Forwarded-* from a proxy on this machine (behind a TLS proxy, so cookies get `Secure`). */
  trustProxy?: boolean
}

/** What buildApp made, reachable from the instance for main.ts, the CLI and tests. */
export interface ScannerState {
  db: Db
  config: SiteConfig
  memory: MemoryGuard
  metrics: ServerMetrics
  seed: SeedResult
  dataDir: string
  distDir: string
}

declare module 'fastify' {
  interface FastifyInstance {
    scanner: ScannerState
  }
}

/**
 * Builds the whole server — database (migrated, seeded on first start), auth, the Frappe-style API, file
 * storage and the SPA — without listening. Closing the instance stops the timers and closes SQLite.
 * Throws ConfigError for a bad site_config.json.
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const dataDir = resolve(options.dataDir)
  const distDir = resolve(options.distDir ?? process.env.SCANNER_DIST_DIR ?? resolve(REPO_ROOT, 'dist'))
  const config = loadSiteConfig(dataDir)
  const db = openDatabase(dataDir, { synchronous: synchronousFromEnv() })

  const app = Fastify({
    logger: options.logger ?? false,
    logController: new LogController({ disableRequestLogging: !options.requestLogging }),
    bodyLimit: JSON_BODY_LIMIT,
    // Only the proxy on this machine is believed: the client address is then the last one it appended to
    // X-Forwarded-For, never one the client wrote in front (the per-address sign-in limit counts on it).
    trustProxy: options.trustProxy ? 'loopback' : false,
    // File names of up to 100 letters arrive percent-encoded (6 characters per umlaut): allow long params.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    frameworkErrors: frameworkErrorHandler,
    // Schemas check what the client sent, as sent: "2" is not the number 2 (Frappe's typed arguments refuse
    // it too), nothing is dropped or defaulted, and every problem is reported at once. Frappe's list and
    // frappe.client arguments take a JSON string or the value itself (`filters`, `fields`, `as_dict`), so the
    // schemas name union types; allowUnionTypes says that is meant (else ajv's strict mode logs a warning each).
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: true, allowUnionTypes: true } },
    clientErrorHandler,
  })
  const memory = new MemoryGuard({ config: config.memory_optimization, log: app.log })
  app.addHook('onClose', async () => {
    memory.stop()
    db.close()
  })
  try {
    await setUp(app, { dataDir, distDir, config, db, memory, options })
  } catch (error) {
    // Whatever was opened (SQLite, the timer) is closed again, so a failed build leaks nothing.
    await app.close()
    throw error
  }
  return app
}

/**
 * Fastify's own JSON parser (with its prototype-poisoning guard), except that an empty body is no body:
 * `frappe/app.py` `make_form_dict` parses JSON only when there is data, and axios in Node sends
 * `Content-Type: application/json` with nothing after it on a DELETE (frappe-js-sdk's deleteDoc).
 */
function installJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    if (text === '') {
      done(null, undefined)
      return
    }
    parseJson(request, text, done)
  })
}

async function setUp(
  app: FastifyInstance,
  {
    dataDir,
    distDir,
    config,
    db,
    memory,
    options,
  }: { dataDir: string; distDir: string; config: SiteConfig; db: Db; memory: MemoryGuard; options: BuildAppOptions },
): Promise<void> {
  const seed = await seedIfEmpty(db, {
    adminPassword: options.adminPassword ?? process.env.SCANNER_ADMIN_PASSWORD ?? 'admin',
    seedDemo: options.seedDemo ?? process.env.SCANNER_SEED_DEMO !== '0',
  })

  memory.onCleanup(() => deleteExpiredSessions(db))
  // SQLite's page cache is the largest cache this process holds.
  memory.onCleanup(() => shrinkMemory(db))
  const items = new ItemLookup(db)
  memory.onCleanup(() => items.clear())
  // Its own connection with synchronous=NORMAL: a flood of sign-ins writes a count per attempt, and an fsync
  // for each (FULL) on the event loop starved everything else. A power cut may forget the last counts, not locks
  // a later FULL commit has synced with the WAL.
  const throttleDb = openDatabase(dataDir, { synchronous: 'NORMAL' })
  app.addHook('onClose', async () => throttleDb.close())
  const loginThrottle = new LoginThrottle(throttleDb)
  // Cleanups never run inside a write transaction (MemoryGuard.beforeChunk skips them), so pruning through the
  // throttle's own connection never waits for the main connection's lock.
  memory.onCleanup(() => loginThrottle.prune())
  memory.start()

  const metrics = new ServerMetrics({ db, memory })
  app.decorate('scanner', { db, config, memory, metrics, seed, dataDir, distDir })
  const context: AppContext = { db, config, memory, filesDir: resolve(dataDir, FILES_DIR) }

  installErrorHandler(app)
  // Only JSON, forms and multipart are API bodies; anything else is a 415.
  app.removeContentTypeParser('text/plain')
  installJsonParser(app)
  await app.register(cookie)
  await app.register(formbody, { bodyLimit: JSON_BODY_LIMIT })
  await app.register(multipart, {
    limits: { fileSize: UPLOAD_LIMIT, files: 1, fields: 10, fieldSize: 4096, parts: 12, headerPairs: 100 },
  })
  installAuth(app, db)

  const methods = new MethodRegistry()
  installRequestMetrics(app, metrics, (name) => methods.has(name))
  registerPing(methods)
  registerAuthMethods(methods, context, { throttle: loginThrottle, gate: new HashGate() })
  registerSessionInfo(methods, db)
  registerMemoryMethods(methods, context)
  registerInvoiceMethods(methods, { db, items, memory, rounding: config.rounding_method })
  registerUploadFile(methods, context)
  registerFrappeClientMethods(methods, context)
  methods.install(app)
  registerResourceRoutes(app, context)
  registerFileRoutes(app, context)
  registerMetricsRoute(app, metrics)

  await registerSpa(app, distDir, db)
}
