import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterEach } from 'vitest'
import { buildApp, type BuildAppOptions } from '../../../server/src/app.ts'

export const REPO_ROOT = resolve(import.meta.dirname, '../../..')
export const FIXTURES_DIR = resolve(REPO_ROOT, '../shared/fixtures/receipts')

export interface TestServer {
  url: string
  dataDir: string
  app: FastifyInstance
  /** Closes the server (SQLite included) and starts a new one on the same data dir. */
  restart: () => Promise<void>
  /** Closes the server and removes the data dir unless it was given. */
  stop: () => Promise<void>
}

export interface StartTestServerOptions extends Partial<BuildAppOptions> {
  /** Written as `site_config.json` in the data dir before start. */
  siteConfig?: Record<string, unknown>
  /** Adds routes (e.g. one that crashes) to the built app before it listens. */
  beforeListen?: (app: FastifyInstance) => void
}

/** Starts the real server on 127.0.0.1 with an ephemeral port and a fresh temporary data dir. */
export async function startTestServer(options: StartTestServerOptions = {}): Promise<TestServer> {
  const { siteConfig, beforeListen, ...buildOptions } = options
  const ownDataDir = !options.dataDir
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'scanner-server-test-'))
  if (siteConfig) writeFileSync(join(dataDir, 'site_config.json'), JSON.stringify(siteConfig))
  const listen = async () => {
    const app = await buildApp({ adminPassword: 'admin', seedDemo: true, ...buildOptions, dataDir })
    beforeListen?.(app)
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    return { app, url: address }
  }
  let current = await listen()
  const server: TestServer = {
    url: current.url,
    dataDir,
    app: current.app,
    async restart() {
      await current.app.close()
      current = await listen()
      server.url = current.url
      server.app = current.app
    },
    async stop() {
      await current.app.close()
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
  return server
}

/** Writes a site_config.json into a data dir (for a restart with new settings). */
export function writeSiteConfig(dataDir: string, config: Record<string, unknown>): void {
  writeFileSync(join(dataDir, 'site_config.json'), JSON.stringify(config))
}

/**
 * Registers an `afterEach` that stops every server started through the returned function, so a failing
 * test still closes its servers (and removes their temporary data dirs).
 */
export function useTestServers(): (options?: StartTestServerOptions) => Promise<TestServer> {
  const servers: TestServer[] = []
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop()
  })
  return async (options) => {
    const server = await startTestServer(options)
    servers.push(server)
    return server
  }
}
